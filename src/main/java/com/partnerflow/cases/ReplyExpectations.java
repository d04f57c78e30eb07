package com.partnerflow.cases;

import com.partnerflow.config.EngineClock;
import com.partnerflow.security.SecretTokens;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The questions that wait for a partner's email reply. Each has a reply token: 128 random bits,
 * lower-case base32 (26 characters, safe in the local part of an address, survives servers
 * that lower-case addresses), carried only in the Reply-To address {@code support+<token>@…}.
 * The table keeps only its SHA-256 (see SecretTokens).
 */
@Repository
public class ReplyExpectations {

    public record Expectation(String tokenHash, UUID caseId, String processInstanceId, String expectedSender,
                              String questionMessageId, String status) {
        public boolean isWaiting() {
            return "WAITING".equals(status);
        }
    }

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public ReplyExpectations(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @return the plain token, to be put into the question's Reply-To and nowhere else */
    public String open(UUID caseId, String processInstanceId, String expectedSender, String questionMessageId) {
        String token = SecretTokens.base32Lower(16);
        jdbc.sql("""
                INSERT INTO reply_expectation (token_hash, case_id, process_instance_id, expected_sender,
                                               question_message_id, status, created_at)
                VALUES (?, ?, ?, ?, ?, 'WAITING', ?)""")
                .params(hash(token), caseId, processInstanceId, expectedSender.toLowerCase(Locale.ROOT),
                        questionMessageId, Timestamp.from(clock.now()))
                .update();
        return token;
    }

    public Optional<Expectation> byToken(String token) {
        return byHash(hash(token.toLowerCase(Locale.ROOT)));
    }

    public Optional<Expectation> byHash(String tokenHash) {
        return jdbc.sql("SELECT * FROM reply_expectation WHERE token_hash = ?").param(tokenHash)
                .query(Expectation.class).optional();
    }

    public Optional<Expectation> byQuestionMessageId(String messageId) {
        return jdbc.sql("SELECT * FROM reply_expectation WHERE question_message_id = ?").param(messageId)
                .query(Expectation.class).optional();
    }

    public Optional<Expectation> waitingForCase(UUID caseId) {
        return jdbc.sql("SELECT * FROM reply_expectation WHERE case_id = ? AND status = 'WAITING' ORDER BY created_at DESC")
                .param(caseId).query(Expectation.class).stream().findFirst();
    }

    /** Marks the question answered; false when it was not waiting any more (answered twice, closed). */
    public boolean markAnswered(String tokenHash) {
        return jdbc.sql("UPDATE reply_expectation SET status = 'ANSWERED', closed_at = ? WHERE token_hash = ? AND status = 'WAITING'")
                .params(Timestamp.from(clock.now()), tokenHash).update() == 1;
    }

    public void closeForProcess(String processInstanceId) {
        jdbc.sql("UPDATE reply_expectation SET status = 'CLOSED', closed_at = ? WHERE process_instance_id = ? AND status = 'WAITING'")
                .params(Timestamp.from(clock.now()), processInstanceId).update();
    }

    public void closeForCase(UUID caseId) {
        jdbc.sql("UPDATE reply_expectation SET status = 'CLOSED', closed_at = ? WHERE case_id = ? AND status = 'WAITING'")
                .params(Timestamp.from(clock.now()), caseId).update();
    }

    public static String hash(String token) {
        return SecretTokens.storedForm(token);
    }
}
