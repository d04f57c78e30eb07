package com.partnerflow.mail.inbound;

import com.partnerflow.config.EngineClock;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code inbound_mail} table: which Message-IDs were handled, and how. Runs in the caller's transaction. */
@Component
public class InboundMailLedger {

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public InboundMailLedger(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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
        jdbc.sql("""
                INSERT INTO inbound_mail (message_id, sender, subject, kind, received_at, handled_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(mail.messageId(), cut(mail.from(), 320), cut(mail.subject(), 1000), mail.kind().name(),
                        Timestamp.from(mail.receivedAt()), Timestamp.from(clock.now()))
                .update();
    }

    void recordOutcome(String messageId, String outcome) {
        jdbc.sql("UPDATE inbound_mail SET outcome = ? WHERE message_id = ?")
                .params(cut(outcome, 1000), messageId).update();
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
