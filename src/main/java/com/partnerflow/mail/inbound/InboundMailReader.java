package com.partnerflow.mail.inbound;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads a mailbox in the background: a round of new mail at least every {@code poll-interval},
 * and in between, when the server offers it and {@code idle} is on, IMAP IDLE so that new mail
 * is read as soon as it arrives; the regular rounds pick up anything IDLE did not report. After
 * a connection error it pauses; after a full round it reads again at once.
 *
 * <p>Messages whose handling failed are retried every {@code poll-interval} on a second thread
 * over its own connection (the second mailbox), never by the thread that reads new mail: a
 * failing attempt can take long (the whole handling, then its rollback), and new mail must not
 * wait behind it. Both may work at once, as two nodes may: the ledger keeps a message from being
 * handled twice.
 */
public class InboundMailReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboundMailReader.class);

    private final InboundMailbox mailbox;
    private final InboundMailbox retries;
    private final InboundMailHandler handler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopRequested = lock.newCondition();
    private volatile boolean running;
    private volatile boolean usesIdle;
    private volatile boolean idling;
    private final AtomicLong rounds = new AtomicLong();
    /** When a round last read the mailbox, and why the last attempt failed (null after a good round): the health check. */
    private volatile java.time.Instant lastRoundAt;
    private volatile String lastError;
    private final AtomicLong retryRounds = new AtomicLong();
    private Thread thread;
    private Thread retryThread;

    /** @param retries a second mailbox on the same folder, for the retries of failed messages */
    public InboundMailReader(InboundMailbox mailbox, InboundMailbox retries, InboundMailHandler handler) {
        this.mailbox = mailbox;
        this.retries = retries;
        this.handler = handler;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "inbound-mail-reader");
        thread.setDaemon(true);
        thread.start();
        retryThread = new Thread(this::retry, "inbound-mail-retries");
        retryThread.setDaemon(true);
        retryThread.start();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        lock.lock();
        try {
            stopRequested.signalAll();
        } finally {
            lock.unlock();
        }
        mailbox.interruptWait();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
            retryThread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mailbox.close(); // also ends an IDLE that started after the interrupt above
        retries.close();
        log.info("Inbound mail reader for {} stopped", mailbox.settings().describe());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Rounds read so far (a reader waiting in IDLE reads one per arrival or renewal, never in a busy loop). */
    public long rounds() {
        return rounds.get();
    }

    /** When a round last read the mailbox; null before the first. */
    public java.time.Instant lastRoundAt() {
        return lastRoundAt;
    }

    /** The kind of error (exception class, no message: it may name the login) of the last attempt, null when it read the mailbox. */
    public String lastError() {
        return lastError;
    }

    public InboundMailSettings settings() {
        return mailbox.settings();
    }

    /** Rounds of retries of failed messages so far (one per poll interval). */
    public long retryRounds() {
        return retryRounds.get();
    }

    /** Whether it is waiting in IMAP IDLE right now. */
    public boolean isIdling() {
        return idling;
    }

    private static Duration idleRenewal(Duration pollInterval) {
        Duration longest = Duration.ofSeconds(InboundMailbox.IDLE_RENEWAL_SECONDS);
        Duration shortest = Duration.ofSeconds(1);
        return pollInterval.compareTo(longest) > 0 ? longest : pollInterval.compareTo(shortest) < 0 ? shortest : pollInterval;
    }

    /** Whether it waits with IMAP IDLE (known after its first round). */
    public boolean usesIdle() {
        return usesIdle;
    }

    private void run() {
        InboundMailSettings settings = mailbox.settings();
        boolean idleWanted = settings.idle();
        log.info("Inbound mail reader started for {} ({}; poll interval {})", settings.describe(),
                idleWanted ? "IDLE if offered" : "polling", settings.pollInterval());
        boolean loggedMode = false;
        while (running) {
            boolean pause;
            try {
                InboundMailbox.Round round = mailbox.readRound(handler, InboundMailbox.Take.NEW);
                rounds.incrementAndGet();
                lastRoundAt = java.time.Instant.now();
                lastError = null;
                if (round.handled() + round.duplicates() + round.failed() > 0) {
                    log.info("Inbound mail round in {}: {} handled, {} already handled, {} failed",
                            settings.describe(), round.handled(), round.duplicates(), round.failed());
                }
                boolean idle = idleWanted && mailbox.supportsIdle();
                usesIdle = idle;
                if (!loggedMode) {
                    log.info("Inbound mail reader for {} waits {}", settings.describe(),
                            idle ? "with IMAP IDLE" : "by polling every " + settings.pollInterval());
                    loggedMode = true;
                }
                pause = !idle && !round.full();
                if (!pause && !round.full() && running) {
                    try {
                        mailbox.waitForNewMessages(idleRenewal(settings.pollInterval()), () -> idling = true,
                                round.failed());
                    } finally {
                        idling = false;
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                lastError = e.getClass().getSimpleName();
                mailbox.countUnreachable();
                log.warn("Inbound mail reader for {} could not read the mailbox ({}); trying again in {}",
                        settings.describe(), e.toString(), settings.pollInterval());
                pause = true;
            }
            if (pause) {
                pause(settings.pollInterval());
            }
        }
    }

    /** Every poll interval, the messages that failed before, on the second connection. */
    private void retry() {
        InboundMailSettings settings = mailbox.settings();
        while (running) {
            pause(settings.pollInterval());
            if (!running) {
                break;
            }
            try {
                InboundMailbox.Round round = retries.readRound(handler, InboundMailbox.Take.FAILED_BEFORE);
                retryRounds.incrementAndGet();
                if (round.handled() + round.duplicates() + round.failed() > 0) {
                    log.info("Inbound mail retries in {}: {} handled or set aside, {} already handled, {} failed again",
                            settings.describe(), round.handled(), round.duplicates(), round.failed());
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("Inbound mail retries for {} could not read the mailbox ({}); trying again in {}",
                            settings.describe(), e.toString(), settings.pollInterval());
                }
            }
        }
    }

    private void pause(Duration duration) {
        lock.lock();
        try {
            long nanos = duration.toNanos();
            while (running && nanos > 0) {
                nanos = stopRequested.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
