package com.partnerflow.certifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The merge cases (table certification_merge, one row per support case worked by certification-account-merge). */
@Repository
public class MergeRequests {

    public record MergeRequest(UUID caseId, UUID accountId, String keepEmail, String mergeEmail, String openPairKey,
                               MergeStage stage, Instant stageSince, String waitingOn, String externalMergeId,
                               Integer expectedExams, Instant createdAt, Instant mergeRequestedAt,
                               Instant mergeCompletedAt, Instant endedAt) {
    }

    private final JdbcClient jdbc;

    public MergeRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** "a@x b@y": the two addresses sorted, so either order names the same pair. */
    public static String pairKey(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    public Optional<MergeRequest> openForPair(String pairKey) {
        return jdbc.sql("SELECT * FROM certification_merge WHERE open_pair_key = ?").param(pairKey)
                .query(this::row).optional();
    }

    public void insert(UUID caseId, UUID accountId, String keepEmail, String mergeEmail, Instant now) {
        jdbc.sql("""
                INSERT INTO certification_merge (case_id, account_id, keep_email, merge_email, open_pair_key, stage,
                                                 stage_since, waiting_on, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(caseId, accountId, keepEmail, mergeEmail, pairKey(keepEmail, mergeEmail),
                        MergeStage.OPENED.name(), ts(now), MergeStage.OPENED.waitingOn(), ts(now))
                .update();
    }

    public Optional<MergeRequest> find(UUID caseId) {
        return jdbc.sql("SELECT * FROM certification_merge WHERE case_id = ?").param(caseId).query(this::row).optional();
    }

    /**
     * The row, locked until the transaction ends: merge start and withdrawal serialise on it. The
     * case row is locked first, in the order every case step writes them (case, then merge row),
     * so the two cannot deadlock.
     */
    public Optional<MergeRequest> lock(UUID caseId) {
        jdbc.sql("SELECT id FROM support_case WHERE id = ? FOR UPDATE").param(caseId).query(UUID.class).optional();
        return jdbc.sql("SELECT * FROM certification_merge WHERE case_id = ? FOR UPDATE").param(caseId)
                .query(this::row).optional();
    }

    public void setStage(UUID caseId, MergeStage stage, Instant now) {
        jdbc.sql("UPDATE certification_merge SET stage = ?, stage_since = ?, waiting_on = ? WHERE case_id = ?")
                .params(stage.name(), ts(now), stage.waitingOn(), caseId).update();
    }

    public void mergeRequested(UUID caseId, String externalMergeId, int expectedExams, Instant now) {
        jdbc.sql("UPDATE certification_merge SET external_merge_id = ?, expected_exams = ?, merge_requested_at = ? WHERE case_id = ?")
                .params(externalMergeId, expectedExams, ts(now), caseId).update();
    }

    public void mergeCompleted(UUID caseId, Instant completedAt) {
        jdbc.sql("UPDATE certification_merge SET merge_completed_at = ? WHERE case_id = ?")
                .params(ts(completedAt), caseId).update();
    }

    /** The case is over: its pair may be asked for again. */
    public void ended(UUID caseId, Instant now) {
        jdbc.sql("UPDATE certification_merge SET open_pair_key = NULL, ended_at = ? WHERE case_id = ? AND ended_at IS NULL")
                .params(ts(now), caseId).update();
    }

    private MergeRequest row(ResultSet rs, int n) throws SQLException {
        int expectedValue = rs.getInt("expected_exams");
        Integer expected = rs.wasNull() ? null : expectedValue;
        return new MergeRequest(rs.getObject("case_id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("keep_email"), rs.getString("merge_email"), rs.getString("open_pair_key"),
                MergeStage.valueOf(rs.getString("stage")), instant(rs, "stage_since"), rs.getString("waiting_on"),
                rs.getString("external_merge_id"), expected, instant(rs, "created_at"),
                instant(rs, "merge_requested_at"), instant(rs, "merge_completed_at"), instant(rs, "ended_at"));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
