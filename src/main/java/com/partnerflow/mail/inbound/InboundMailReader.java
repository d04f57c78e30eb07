package com.partnerflow.mail.inbound;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads a mailbox in the background on its own thread: a round of
 * {@link InboundMailbox#readNewMessages} at least every {@code poll-interval}, and in between,
 * when the server offers it and {@code idle} is on, IMAP IDLE so that new mail is read as soon
 * as it arrives. The regular rounds also retry messages whose handling failed and pick up
 * anything IDLE did not report. A message that failed is retried with the next regular round
 * (at most {@code poll-interval} later) while new mail is still read at once; after a connection
 * error it pauses; after a full round it reads again at once.
 */
public class InboundMailReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboundMailReader.class);

    private final InboundMailbox mailbox;
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
    private Thread thread;

    public InboundMailReader(InboundMailbox mailbox, InboundMailHandler handler) {
        this.mailbox = mailbox;
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mailbox.close(); // also ends an IDLE that started after the interrupt above
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
                InboundMailbox.Round round = mailbox.readRound(handler, false);
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
