package com.partnerflow.securitycode;

import com.partnerflow.config.EngineClock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Code requests and their security codes (salted hashes only). Runs in the caller's transaction. */
@Repository
public class CodeRequests {

    private static final String LIVE = "('PENDING', 'SENT', 'LOCKED', 'NOT_SENT')";

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public CodeRequests(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void insert(CodeRequest r) {
        jdbc.sql("""
                INSERT INTO code_request (id, purpose, email, user_id, deliverable, status, created_at, source_address)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.id(), r.purpose().name(), r.email(), r.userId(), r.deliverable(), r.status().name(),
                        ts(r.createdAt()), r.sourceAddress())
                .update();
    }

    public Optional<CodeRequest> find(UUID id) {
        return jdbc.sql("SELECT * FROM code_request WHERE id = ?").param(id).query(this::request).optional();
    }

    /** Reads and row-locks the request: concurrent code entries for one request take turns here. */
    public Optional<CodeRequest> lock(UUID id) {
        return jdbc.sql("SELECT * FROM code_request WHERE id = ? FOR UPDATE").param(id).query(this::request).optional();
    }

    void setStatus(UUID id, CodeRequest.Status status) {
        boolean ends = status != CodeRequest.Status.OPEN;
        jdbc.sql("UPDATE code_request SET status = ?, completed_at = ? WHERE id = ?")
                .params(status.name(), ends ? ts(clock.now()) : null, id).update();
    }

    /** Kills every live code of the request and records a new one, PENDING until its process sends it. */
    UUID requestCode(CodeRequest request) {
        jdbc.sql("UPDATE security_code SET status = 'SUPERSEDED', code_hash = NULL WHERE subject_id = ? AND status IN "
                + LIVE).param(request.id()).update();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO security_code (id, purpose, subject_id, email, status, requested_at)
                VALUES (?, ?, ?, ?, 'PENDING', ?)""")
                .params(id, request.purpose().name(), request.id(), request.email(), ts(clock.now()))
                .update();
        return id;
    }

    int codesRequestedSince(String email, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM security_code WHERE email = ? AND requested_at > ?")
                .params(email, ts(since)).query(Integer.class).single();
    }

    Optional<Instant> oldestCodeRequestSince(String email, Instant since) {
        return jdbc.sql("SELECT MIN(requested_at) FROM security_code WHERE email = ? AND requested_at > ?")
                .params(email, ts(since)).query((rs, n) -> instant(rs.getTimestamp(1))).optional();
    }

    /** The code the request is waiting for: the newest one not superseded, used or expired. */
    public Optional<SecurityCode> liveCode(UUID requestId) {
        return jdbc.sql("SELECT * FROM security_code WHERE subject_id = ? AND status IN " + LIVE
                        + " ORDER BY requested_at DESC")
                .param(requestId).query(this::code).stream().findFirst();
    }

    /**
     * The code, read under its row lock: while its sending job is between recording it as sent and
     * committing (the mail is on its way), this waits for that commit, or for its rollback.
     */
    Optional<SecurityCode> codeOnceSent(UUID codeId) {
        return jdbc.sql("SELECT * FROM security_code WHERE id = ? FOR UPDATE").param(codeId).query(this::code)
                .optional();
    }

    /** Records the code as sent; false if it stopped being pending meanwhile (withdrawn, replaced). */
    boolean markSent(UUID codeId, String codeHash, Instant sentAt, Instant expiresAt) {
        return jdbc.sql("""
                UPDATE security_code SET status = 'SENT', code_hash = ?, sent_at = ?, expires_at = ?
                WHERE id = ? AND status = 'PENDING'""")
                .params(codeHash, ts(sentAt), ts(expiresAt), codeId).update() == 1;
    }

    /**
     * Records the code of an undeliverable request as NOT_SENT: it has no hash, never matches,
     * and expires like a sent one. False if it stopped being pending meanwhile.
     */
    boolean markNotSent(UUID codeId, Instant at, Instant expiresAt) {
        return jdbc.sql("""
                UPDATE security_code SET status = 'NOT_SENT', sent_at = ?, expires_at = ?
                WHERE id = ? AND status = 'PENDING'""")
                .params(ts(at), ts(expiresAt), codeId).update() == 1;
    }

    void recordFailedAttempt(UUID codeId, boolean lock) {
        if (lock) {
            jdbc.sql("UPDATE security_code SET failed_attempts = failed_attempts + 1, status = 'LOCKED' WHERE id = ?")
                    .param(codeId).update();
        } else {
            jdbc.sql("UPDATE security_code SET failed_attempts = failed_attempts + 1 WHERE id = ?")
                    .param(codeId).update();
        }
    }

    void markUsed(UUID codeId) {
        jdbc.sql("UPDATE security_code SET status = 'USED', code_hash = NULL WHERE id = ?").param(codeId).update();
    }

    /** Ends every live code of the request and wipes its hash. */
    void expireCodes(UUID requestId) {
        jdbc.sql("UPDATE security_code SET status = 'EXPIRED', code_hash = NULL WHERE subject_id = ? AND status IN "
                + LIVE).param(requestId).update();
    }

    private CodeRequest request(ResultSet rs, int n) throws SQLException {
        return new CodeRequest(rs.getObject("id", UUID.class), CodePurpose.valueOf(rs.getString("purpose")),
                rs.getString("email"), rs.getObject("user_id", UUID.class), rs.getBoolean("deliverable"),
                CodeRequest.Status.valueOf(rs.getString("status")), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("completed_at")), rs.getString("source_address"));
    }

    private SecurityCode code(ResultSet rs, int n) throws SQLException {
        return new SecurityCode(rs.getObject("id", UUID.class), rs.getObject("subject_id", UUID.class),
                rs.getString("email"), rs.getString("status"), rs.getString("code_hash"),
                rs.getInt("failed_attempts"), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("sent_at")), instant(rs.getTimestamp("expires_at")));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
