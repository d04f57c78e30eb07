package com.partnerflow.mail.inbound;

import jakarta.mail.Authenticator;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    /** Consecutive failures per Message-ID, for the operator alert; forgotten on restart. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private Boolean idleSupported;

    InboundMailbox(InboundMailSettings settings, InboundMailLedger ledger, TransactionTemplate transaction,
                   BeanFactory beanFactory) {
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
        return readRound(handler).handled();
    }

    record Round(int handled, int duplicates, int failed) {
        boolean full() {
            return handled + duplicates + failed >= MAX_PER_ROUND;
        }
    }

    Round readRound(InboundMailHandler handler) throws MessagingException {
        int handled = 0;
        int duplicates = 0;
        int failed = 0;
        try {
            Object[] messages = receiver.receive();
            for (Object received : messages) {
                // with the folder left open the receiver wraps each live message in a Spring message
                Object message = received instanceof org.springframework.messaging.Message<?> wrapped
                        ? wrapped.getPayload() : received;
                switch (process((MimeMessage) message, handler)) {
                    case HANDLED -> handled++;
                    case DUPLICATE -> duplicates++;
                    case FAILED -> failed++;
                }
            }
        } finally {
            receiver.closeFolderAfterRound();
        }
        return new Round(handled, duplicates, failed);
    }

    private enum Result { HANDLED, DUPLICATE, FAILED }

    private Result process(MimeMessage message, InboundMailHandler handler) throws MessagingException {
        String messageId = InboundMailParser.messageId(message);
        try {
            InboundMail mail = InboundMailParser.parse(message);
            String outcome = transaction.execute(status -> {
                if (ledger.isRecorded(messageId)) {
                    return null;
                }
                ledger.record(mail);
                String result = handler.handle(mail);
                result = result == null || result.isBlank() ? "handled" : result;
                ledger.recordOutcome(messageId, result);
                return result;
            });
            failures.remove(messageId);
            markSeen(message, messageId);
            if (outcome == null) {
                log.info("Inbound mail {} was handled before: marked seen, not handed over again", messageId);
                return Result.DUPLICATE;
            }
            log.info("Inbound mail {} from {} ({}) handled: {}", messageId, mail.from(), mail.kind(), outcome);
            return Result.HANDLED;
        } catch (DuplicateKeyException e) {
            log.info("Inbound mail {} is being handled by another node; it stays unseen until then", messageId);
            return Result.FAILED;
        } catch (Exception e) {
            int count = failures.merge(messageId, 1, Integer::sum);
            if (count >= settings.errorAfterFailures()) {
                log.error("Inbound mail {} failed {} times in a row and stays unseen in {}; it is retried each round"
                        + " until it succeeds or is removed from the mailbox", messageId, count, settings.describe(), e);
            } else {
                log.warn("Inbound mail {} could not be handled (attempt {}); rolled back, stays unseen, retried next round",
                        messageId, count, e);
            }
            return Result.FAILED;
        }
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
     * was called; {@code idling} runs as the IDLE starts.
     */
    void waitForNewMessages(Duration atMost, Runnable idling) throws MessagingException {
        receiver.idleUntilNewMessages(atMost, idling);
    }

    void interruptWait() {
        receiver.interruptIdle();
    }

    @Override
    public void close() {
        receiver.destroy();
    }
}
