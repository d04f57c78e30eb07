package com.partnerflow.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerflow.config.EngineClock;
import com.partnerflow.config.ScheduledLocks;
import com.partnerflow.mail.inbound.InboundMail;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replies that arrived before their process could take them (the question's transaction had not
 * committed, or the process had not reached its wait state). Kept in the database, retried on
 * a schedule, and handed to an agent as unmatched when the grace period ends: never dropped.
 */
@Component
public class HeldReplies {

    private static final Logger log = LoggerFactory.getLogger(HeldReplies.class);
    /** The longest a round may hold the task before another node may start one. */
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final EngineClock clock;
    private final CaseSettings settings;
    private final ReplyExpectations expectations;
    private final UnmatchedReplies unmatched;
    private final CaseReplyRouter router;
    private final TransactionTemplate tx;
    private final ScheduledLocks locks;

    public HeldReplies(JdbcClient jdbc, ObjectMapper json, EngineClock clock, CaseSettings settings,
                       ReplyExpectations expectations, UnmatchedReplies unmatched, @Lazy CaseReplyRouter router,
                       TransactionTemplate tx, ScheduledLocks locks) {
        this.locks = locks;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.expectations = expectations;
        this.unmatched = unmatched;
        this.router = router;
        this.tx = tx;
    }

    /** Joins the caller's transaction: the hold commits with the inbound record. */
    public void hold(InboundMail mail, String tokenHash) {
        String payload;
        try {
            payload = json.writeValueAsString(mail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot hold " + mail.messageId(), e);
        }
        jdbc.sql("""
                INSERT INTO held_reply (mail_message_id, token_hash, payload, held_at, attempts, status)
                VALUES (?, ?, ?, ?, 0, 'HELD')""")
                .params(mail.messageId(), tokenHash, payload, Timestamp.from(clock.now())).update();
        log.info("Reply {} held until its question can take it", mail.messageId());
    }

    /**
     * On every node's scheduler; one node per due time does the round (config.ScheduledLocks).
     * A node that dies mid-round frees it within a minute; the rows' own locks keep two rounds
     * that overlap anyway from delivering a reply twice.
     */
    @Scheduled(fixedDelayString = "${partnerflow.cases.held-reply-retry:PT5S}",
            initialDelayString = "${partnerflow.cases.held-reply-retry:PT5S}")
    public void retryDue() {
        Duration interval = settings.heldReplyRetry();
        locks.runOnce("held-replies", interval.multipliedBy(4).dividedBy(5), LEASE, this::retryAll);
    }

    /** One round over every held reply, on this node, now. */
    public void retryAll() {
        List<String> ids = jdbc.sql("SELECT mail_message_id FROM held_reply WHERE status = 'HELD' ORDER BY held_at")
                .query(String.class).list();
        for (String id : ids) {
            try {
                tx.executeWithoutResult(status -> retry(id));
            } catch (RuntimeException e) {
                log.warn("Retrying held reply {} failed; trying again later", id, e);
            }
        }
    }

    /** One held reply, in its own transaction, under a row lock (several nodes may retry at once). */
    void retry(String mailMessageId) {
        record Held(String tokenHash, String payload, Instant heldAt) { }
        Optional<Held> row = jdbc.sql("""
                SELECT token_hash, payload, held_at FROM held_reply WHERE mail_message_id = ? AND status = 'HELD'
                FOR UPDATE""").param(mailMessageId)
                .query((rs, n) -> new Held(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
        if (row.isEmpty()) {
            return;
        }
        InboundMail mail;
        try {
            mail = json.readValue(row.get().payload(), InboundMail.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Held reply " + mailMessageId + " is unreadable", e);
        }
        boolean graceOver = clock.now().isAfter(row.get().heldAt().plus(settings.heldReplyGrace()));
        Optional<ReplyExpectations.Expectation> expectation = expectations.byHash(row.get().tokenHash());
        String outcome = expectation.map(e -> router.deliver(mail, e, false)).orElse(null);
        if (outcome != null) {
            setStatus(mailMessageId, "DELIVERED");
            log.info("Held reply {} delivered: {}", mailMessageId, outcome);
        } else if (graceOver) {
            unmatched.open(mail, expectation.isEmpty() ? "the reply token matches no question"
                    : "the question did not become ready to take the reply", null);
            setStatus(mailMessageId, "UNMATCHED");
        } else {
            jdbc.sql("UPDATE held_reply SET attempts = attempts + 1 WHERE mail_message_id = ?").param(mailMessageId)
                    .update();
        }
    }

    private void setStatus(String mailMessageId, String status) {
        jdbc.sql("UPDATE held_reply SET status = ? WHERE mail_message_id = ?").params(status, mailMessageId).update();
    }
}
