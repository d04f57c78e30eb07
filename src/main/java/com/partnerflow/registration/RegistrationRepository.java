package com.partnerflow.registration;

import com.partnerflow.config.EngineClock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Registrations and their security codes (salted hashes only). */
@Repository
public class RegistrationRepository {

    static final String PURPOSE = "REGISTRATION";

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public RegistrationRepository(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void insert(Registration r) {
        jdbc.sql("""
                INSERT INTO registration (id, email, domain, first_name, last_name, company_name, language,
                                          password_hash, status, source_address, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.id(), r.email(), r.domain(), r.firstName(), r.lastName(), r.companyName(), r.language(),
                        r.passwordHash(), r.status().name(), r.sourceAddress(), ts(r.createdAt()))
                .update();
    }

    public Optional<Registration> find(UUID id) {
        return jdbc.sql("SELECT * FROM registration WHERE id = ?").param(id).query(this::registration).optional();
    }

    /** Reads and row-locks the registration: concurrent answers for one registration queue up here. */
    public Optional<Registration> lock(UUID id) {
        return jdbc.sql("SELECT * FROM registration WHERE id = ? FOR UPDATE").param(id)
                .query(this::registration).optional();
    }

    public void setStatus(UUID id, RegistrationStatus status) {
        jdbc.sql("UPDATE registration SET status = ? WHERE id = ?").params(status.name(), id).update();
    }

    public void complete(UUID id, UUID userId) {
        jdbc.sql("""
                UPDATE registration SET status = 'REGISTERED', user_id = ?, completed_at = ?, password_hash = NULL
                WHERE id = ?""").params(userId, ts(clock.now()), id).update();
    }

    /** Ends an abandoned registration and wipes what it held of secrets. */
    public void expire(UUID id) {
        jdbc.sql("UPDATE registration SET status = 'EXPIRED', completed_at = ?, password_hash = NULL WHERE id = ?")
                .params(ts(clock.now()), id).update();
        jdbc.sql("""
                UPDATE security_code SET status = 'EXPIRED', code_hash = NULL
                WHERE subject_id = ? AND status IN ('PENDING', 'SENT', 'LOCKED')""").param(id).update();
    }

    // --- security codes ---

    /** Kills every live code of the registration and records a request for a new one. */
    public UUID requestCode(UUID registrationId, String email) {
        jdbc.sql("""
                UPDATE security_code SET status = 'SUPERSEDED', code_hash = NULL
                WHERE subject_id = ? AND status IN ('PENDING', 'SENT', 'LOCKED')""").param(registrationId).update();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO security_code (id, purpose, subject_id, email, status, requested_at)
                VALUES (?, ?, ?, ?, 'PENDING', ?)""")
                .params(id, PURPOSE, registrationId, email, ts(clock.now())).update();
        return id;
    }

    public int codesRequestedSince(String email, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM security_code WHERE email = ? AND requested_at > ?")
                .params(email, ts(since)).query(Integer.class).single();
    }

    public Optional<Instant> oldestCodeRequestSince(String email, Instant since) {
        return jdbc.sql("SELECT MIN(requested_at) FROM security_code WHERE email = ? AND requested_at > ?")
                .params(email, ts(since)).query((rs, n) -> instant(rs, 1)).optional();
    }

    /** The code the registration is waiting for: the newest one not superseded, used or expired. */
    public Optional<SecurityCode> liveCode(UUID registrationId) {
        return jdbc.sql("""
                SELECT * FROM security_code WHERE subject_id = ? AND status IN ('PENDING', 'SENT', 'LOCKED')
                ORDER BY requested_at DESC""").param(registrationId).query(this::code).stream().findFirst();
    }

    public void markSent(UUID codeId, String codeHash, Instant sentAt, Instant expiresAt) {
        jdbc.sql("UPDATE security_code SET status = 'SENT', code_hash = ?, sent_at = ?, expires_at = ? WHERE id = ?")
                .params(codeHash, ts(sentAt), ts(expiresAt), codeId).update();
    }

    public void recordFailedAttempt(UUID codeId, boolean lock) {
        jdbc.sql("UPDATE security_code SET failed_attempts = failed_attempts + 1, status = ? WHERE id = ?")
                .params(lock ? "LOCKED" : "SENT", codeId).update();
    }

    public void markUsed(UUID codeId) {
        jdbc.sql("UPDATE security_code SET status = 'USED', code_hash = NULL WHERE id = ?").param(codeId).update();
    }

    private Registration registration(ResultSet rs, int n) throws SQLException {
        return new Registration(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("domain"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getString("company_name"),
                rs.getString("language"), rs.getString("password_hash"),
                RegistrationStatus.valueOf(rs.getString("status")), rs.getString("source_address"),
                instant(rs, "created_at"), instant(rs, "completed_at"), rs.getObject("user_id", UUID.class));
    }

    private SecurityCode code(ResultSet rs, int n) throws SQLException {
        return new SecurityCode(rs.getObject("id", UUID.class), rs.getObject("subject_id", UUID.class),
                rs.getString("email"), rs.getString("status"), rs.getString("code_hash"),
                rs.getInt("failed_attempts"), instant(rs, "requested_at"), instant(rs, "sent_at"),
                instant(rs, "expires_at"));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
