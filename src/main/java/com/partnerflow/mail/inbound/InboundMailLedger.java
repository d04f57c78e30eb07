package com.partnerflow.mail.inbound;

import com.partnerflow.config.EngineClock;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tables of inbound mail: {@code inbound_mail} (which Message-IDs were handled, and how),
 * {@code inbound_mail_failure} (how often a message failed, on any node) and
 * {@code inbound_mail_original} (the mail as it came). Runs in the caller's transaction.
 */
@Component
public class InboundMailLedger {

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public InboundMailLedger(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A stored original: the mail's bytes as received (cut at the limit when {@code truncated}). */
    public record Original(UUID id, String messageId, byte[] raw, boolean truncated) {
    }

    boolean isRecorded(String messageId) {
        return jdbc.sql("SELECT COUNT(*) FROM inbound_mail WHERE message_id = ?").param(messageId)
                .query(Integer.class).single() > 0;
    }

    /**
     * Claims the Message-ID. A second node claiming the same one waits on the primary key until
     * the first commits, then fails with DuplicateKeyException; its transaction rolls back.
     */
    void record(InboundMail mail) {
        record(mail.messageId(), mail.from(), mail.subject(), mail.kind().name(), mail.receivedAt());
    }

    void record(String messageId, String sender, String subject, String kind, java.time.Instant receivedAt) {
        jdbc.sql("""
                INSERT INTO inbound_mail (message_id, sender, subject, kind, received_at, handled_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(messageId, cut(sender, 320), cut(subject, 1000), kind,
                        Timestamp.from(receivedAt), Timestamp.from(clock.now()))
                .update();
    }

    void recordOutcome(String messageId, String outcome) {
        jdbc.sql("UPDATE inbound_mail SET outcome = ? WHERE message_id = ?")
                .params(cut(outcome, 1000), messageId).update();
    }

    /** Keeps the original (its first {@link MailLimits#MAX_ORIGINAL_BYTES} bytes); returns its id. */
    UUID storeOriginal(String messageId, byte[] raw) {
        UUID id = UUID.randomUUID();
        boolean truncated = raw.length > MailLimits.MAX_ORIGINAL_BYTES;
        byte[] kept = truncated ? java.util.Arrays.copyOf(raw, MailLimits.MAX_ORIGINAL_BYTES) : raw;
        jdbc.sql("INSERT INTO inbound_mail_original (id, message_id, raw, truncated, stored_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, messageId, kept, truncated, Timestamp.from(clock.now())).update();
        return id;
    }

    public Optional<Original> original(UUID id) {
        return jdbc.sql("SELECT id, message_id, raw, truncated FROM inbound_mail_original WHERE id = ?").param(id)
                .query((rs, n) -> new Original(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3),
                        rs.getBoolean(4)))
                .optional();
    }

    /**
     * Counts one more failure of the message (in the caller's transaction, which should be its
     * own: the failed attempt's was rolled back) and returns how many there have been.
     */
    int recordFailure(String messageId, String error) {
        Timestamp now = Timestamp.from(clock.now());
        int updated = jdbc.sql("""
                UPDATE inbound_mail_failure SET failures = failures + 1, last_error = ?, last_failed_at = ?
                WHERE message_id = ?""").params(cut(error, 1000), now, messageId).update();
        if (updated == 0) {
            // DuplicateKeyException when another node counted its first failure at the same moment: retry
            jdbc.sql("""
                    INSERT INTO inbound_mail_failure (message_id, failures, last_error, first_failed_at, last_failed_at)
                    VALUES (?, 1, ?, ?, ?)""").params(messageId, cut(error, 1000), now, now).update();
        }
        return failures(messageId);
    }

    int failures(String messageId) {
        return jdbc.sql("SELECT failures FROM inbound_mail_failure WHERE message_id = ?").param(messageId)
                .query(Integer.class).optional().orElse(0);
    }

    void forgetFailures(String messageId) {
        jdbc.sql("DELETE FROM inbound_mail_failure WHERE message_id = ?").param(messageId).update();
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
