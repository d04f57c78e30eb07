package com.partnerflow.mail.inbound;

import jakarta.mail.Authenticator;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.partnerflow.operations.OperatorMetrics;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One IMAP mailbox, read round by round. Each unseen message is parsed and then, in one
 * transaction, its Message-ID is recorded in {@code inbound_mail} and the handler called; only
 * after that commits is the message flagged \Seen on the server. So a crash or a failing handler
 * leaves the message unseen and it is read again, and a message read again after a commit whose
 * flagging was lost is recognised by its Message-ID and not handed over twice.
 *
 * <p>Not thread-safe: one reader (or one test) per mailbox. Close it when done.
 */
public class InboundMailbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboundMailbox.class);
    /** The longest IDLE (the reader renews it at least this often); RFC 2177 asks for less than 29 minutes. */
    static final long IDLE_RENEWAL_SECONDS = 120;
    /** Messages taken per round; a full round is followed by another at once. */
    static final int MAX_PER_ROUND = 100;

    private final InboundMailSettings settings;
    private final InboundMailLedger ledger;
    private final TransactionTemplate transaction;
    private final SupportMailReceiver receiver;
    private final OperatorMetrics metrics;
    private Boolean idleSupported;

    InboundMailbox(InboundMailSettings settings, InboundMailLedger ledger, TransactionTemplate transaction,
                   BeanFactory beanFactory, OperatorMetrics metrics) {
        this.metrics = metrics;
        if (settings.host() == null || settings.host().isBlank() || settings.username() == null
                || settings.username().isBlank()) {
            throw new IllegalArgumentException("partnerflow.inbound-mail.host and .username are required: " + settings);
        }
        this.settings = settings;
        this.ledger = ledger;
        this.transaction = transaction;
        URLName url = new URLName(settings.protocol(), settings.host(), settings.port() != null ? settings.port() : -1,
                settings.folder(), settings.username(), null);
        // the password goes to the session's authenticator, never into the URL (which gets logged)
        this.receiver = new SupportMailReceiver(url.toString());
        receiver.setJavaMailAuthenticator(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(settings.username(), settings.password() == null ? "" : settings.password());
            }
        });
        receiver.setJavaMailProperties(mailProperties(settings.protocol()));
        receiver.setMaxFetchSize(MAX_PER_ROUND);
        receiver.setBeanFactory(beanFactory); // Spring Integration's shared task scheduler and message factory
        receiver.afterPropertiesSet();
    }

    private static Properties mailProperties(String protocol) {
        Properties properties = new Properties();
        properties.setProperty("mail." + protocol + ".connectiontimeout", "10000");
        properties.setProperty("mail." + protocol + ".writetimeout", "10000");
        // longer than an IDLE period: the socket is silent while the server has nothing to say
        properties.setProperty("mail." + protocol + ".timeout", String.valueOf((IDLE_RENEWAL_SECONDS + 60) * 1000));
        properties.setProperty("mail." + protocol + ".peek", "true"); // reading a body must not set \Seen
        return properties;
    }

    public InboundMailSettings settings() {
        return settings;
    }

    /**
     * Reads the unseen messages once and hands each new one to {@code handler}.
     *
     * @return how many messages the handler handled (duplicates and failures not counted)
     */
    public int readNewMessages(InboundMailHandler handler) throws MessagingException {
        return readRound(handler, Take.ALL).handled();
    }

    /** @param failed messages that failed and stay unseen (retried later); set-aside ones count as handled */
    record Round(int handled, int duplicates, int failed) {
        boolean full() {
            return handled + duplicates + failed >= MAX_PER_ROUND;
        }
    }

    /** Which of the unseen messages a round hands over. */
    enum Take {
        /** new mail first, then the messages that failed before */
        ALL,
        /** only mail that has not failed yet; the others are counted as failed and left unseen */
        NEW,
        /** only the messages that failed before (the reader's retries, on their own connection) */
        FAILED_BEFORE
    }

    /** One round over the unseen messages: new mail first, then, if taken, those that failed before. */
    Round readRound(InboundMailHandler handler, Take take) throws MessagingException {
        int handled = 0;
        int duplicates = 0;
        int failed = 0;
        try {
            Object[] messages = receiver.receive();
            java.util.List<MimeMessage> fresh = new java.util.ArrayList<>();
            java.util.List<MimeMessage> failedBefore = new java.util.ArrayList<>();
            for (Object received : messages) {
                // with the folder left open the receiver wraps each live message in a Spring message
                MimeMessage message = (MimeMessage) (received instanceof org.springframework.messaging.Message<?> wrapped
                        ? wrapped.getPayload() : received);
                (ledger.failures(InboundMailParser.messageId(message)) > 0 ? failedBefore : fresh).add(message);
            }
            java.util.List<MimeMessage> taken = switch (take) {
                case ALL -> {
                    fresh.addAll(failedBefore);
                    yield fresh;
                }
                case NEW -> {
                    failed += failedBefore.size(); // still unseen; the retries take them
                    yield fresh;
                }
                case FAILED_BEFORE -> failedBefore;
            };
            for (MimeMessage message : taken) {
                switch (process(message, handler)) {
                    case HANDLED, SET_ASIDE -> handled++;
                    case DUPLICATE -> duplicates++;
                    case FAILED -> failed++;
                }
            }
        } finally {
            receiver.closeFolderAfterRound();
        }
        return new Round(handled, duplicates, failed);
    }

    private enum Result { HANDLED, DUPLICATE, FAILED, SET_ASIDE }

    private Result process(MimeMessage message, InboundMailHandler handler) throws MessagingException {
        String messageId = InboundMailParser.messageId(message);
        try {
            InboundMail parsed = InboundMailParser.parse(message, settings.trustedAuthservIds());
            InboundMail[] mail = {parsed};
            String outcome = transaction.execute(status -> {
                if (ledger.isRecorded(messageId)) {
                    return null;
                }
                ledger.record(parsed);
                mail[0] = parsed.withOriginalId(ledger.storeOriginal(messageId, raw(message)));
                String result = handler.handle(mail[0]);
                result = result == null || result.isBlank() ? "handled" : result;
                ledger.recordOutcome(messageId, result);
                ledger.forgetFailures(messageId);
                return result;
            });
            markSeen(message, messageId);
            if (outcome == null) {
                log.info("Inbound mail {} was handled before: marked seen, not handed over again", messageId);
                return Result.DUPLICATE;
            }
            log.info("Inbound mail {} from {} ({}) handled: {}", messageId, mail[0].from(), mail[0].kind(), outcome);
            metrics.inboundMailHandled(mail[0].kind().name(),
                    Duration.between(mail[0].receivedAt(), java.time.Instant.now()));
            return Result.HANDLED;
        } catch (DuplicateKeyException e) {
            log.info("Inbound mail {} is being handled by another node; it stays unseen until then", messageId);
            return Result.FAILED;
        } catch (Exception e) {
            return failed(message, messageId, handler, e);
        }
    }

    /**
     * Counts the failure in the database; at {@code max-attempts} sets the message aside so that
     * it reaches an agent and stops being retried. Until then it stays unseen and is retried
     * by the next retry round.
     */
    private Result failed(MimeMessage message, String messageId, InboundMailHandler handler, Exception error) {
        metrics.inboundMailFailed();
        String reason = describe(error);
        int count;
        try {
            count = countFailure(messageId, reason);
        } catch (RuntimeException e) {
            log.warn("Inbound mail {} could not be handled and its failure could not be counted ({}); retried later",
                    messageId, e.toString(), error);
            return Result.FAILED;
        }
        if (count < settings.maxAttempts()) {
            log.warn("Inbound mail {} could not be handled (attempt {} of {}); rolled back, stays unseen, retried in a poll interval",
                    messageId, count, settings.maxAttempts(), error);
            return Result.FAILED;
        }
        log.error("Inbound mail {} failed {} times: set aside for an agent, with its original", messageId, count, error);
        try {
            String outcome = transaction.execute(status -> {
                if (ledger.isRecorded(messageId)) {
                    return null;
                }
                InboundMailHandler.FailedMail failed = failedMail(message, messageId, count, reason);
                ledger.record(messageId, failed.from(), failed.subject(), "FAILED", failed.receivedAt());
                String result = "set aside after " + count + " failures: " + handler.handleFailed(failed);
                ledger.recordOutcome(messageId, result);
                ledger.forgetFailures(messageId);
                return result;
            });
            markSeen(message, messageId);
            log.info("Inbound mail {}: {}", messageId, outcome == null ? "handled before, marked seen" : outcome);
            if (outcome != null) {
                metrics.inboundMailSetAside();
            }
            return Result.SET_ASIDE;
        } catch (RuntimeException e) {
            log.error("Inbound mail {} could not be set aside either; stays unseen, retried in a poll interval", messageId, e);
            return Result.FAILED;
        }
    }

    private int countFailure(String messageId, String reason) {
        try {
            return transaction.execute(status -> ledger.recordFailure(messageId, reason));
        } catch (DuplicateKeyException concurrentFirstFailure) {
            return transaction.execute(status -> ledger.recordFailure(messageId, reason));
        }
    }

    /** What can be told of a message that could not be handled; every part read defensively. */
    private InboundMailHandler.FailedMail failedMail(MimeMessage message, String messageId, int attempts, String reason) {
        String fromHeader = safely(() -> MimeHeaders.first(message, "From"), "");
        String from = Addresses.bare(fromHeader).stream().findFirst().orElse(fromHeader);
        String subject = safely(() -> MimeHeaders.decode(MimeHeaders.first(message, "Subject")), "");
        String text = safely(() -> ParsedBody.of(message).text(), "");
        java.time.Instant receivedAt = safely(() -> InboundMailParser.receivedAt(message), java.time.Instant.now());
        UUID originalId = ledger.storeOriginal(messageId, raw(message));
        return new InboundMailHandler.FailedMail(messageId, cut(from, MailLimits.MAX_ADDRESS_LENGTH),
                cut(subject, 1000), text, receivedAt, attempts, reason, originalId);
    }

    private interface Read<T> {
        T get() throws Exception;
    }

    private static <T> T safely(Read<T> read, T fallback) {
        try {
            T value = read.get();
            return value == null ? fallback : value;
        } catch (Exception | LinkageError e) {
            return fallback;
        }
    }

    /** The message as received, byte for byte (headers and body as the server holds them). */
    private static byte[] raw(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("Cannot read the original of the message", e);
        }
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return cut(text.replaceAll("\\s+", " "), 500);
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max) + "…";
    }

    private void markSeen(MimeMessage message, String messageId) {
        try {
            message.setFlag(Flags.Flag.SEEN, true);
        } catch (MessagingException | RuntimeException e) {
            // the row is committed: next round finds the message again and only marks it seen
            log.warn("Inbound mail {} handled but could not be marked seen; it will be recognised next round",
                    messageId, e);
        }
    }

    /** Whether the server offers IMAP IDLE (asked once, on first use). */
    boolean supportsIdle() throws MessagingException {
        if (idleSupported == null) {
            idleSupported = receiver.serverSupportsIdle();
        }
        return idleSupported;
    }

    /**
     * Blocks in IMAP IDLE until mail arrives, {@code atMost} passed or {@link #interruptWait()}
     * was called; {@code idling} runs as the IDLE starts. {@code failedUnseen} messages that
     * failed in the last round are unseen but not new: they wait for the next regular round.
     */
    void waitForNewMessages(Duration atMost, Runnable idling, int failedUnseen) throws MessagingException {
        receiver.idleUntilNewMessages(atMost, idling, failedUnseen);
    }

    /** A round could not reach or read the mailbox (counted for the operator). */
    void countUnreachable() {
        metrics.inboundMailboxUnreachable();
    }

    void interruptWait() {
        receiver.interruptIdle();
    }

    @Override
    public void close() {
        receiver.destroy();
    }
}
