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

/** Registrations (their security codes are the shared block's: {@code securitycode.CodeRequests}). */
@Repository
public class RegistrationRepository {

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

    public void setStatus(UUID id, RegistrationStatus status) {
        jdbc.sql("UPDATE registration SET status = ? WHERE id = ?").params(status.name(), id).update();
    }

    public void complete(UUID id, UUID userId) {
        jdbc.sql("""
                UPDATE registration SET status = 'REGISTERED', user_id = ?, completed_at = ?, password_hash = NULL
                WHERE id = ?""").params(userId, ts(clock.now()), id).update();
    }

    /** Ends an abandoned registration and wipes what it held of secrets (its codes expired with its code request). */
    public void expire(UUID id) {
        jdbc.sql("UPDATE registration SET status = 'EXPIRED', completed_at = ?, password_hash = NULL WHERE id = ?")
                .params(ts(clock.now()), id).update();
    }

    private Registration registration(ResultSet rs, int n) throws SQLException {
        return new Registration(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("domain"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getString("company_name"),
                rs.getString("language"), rs.getString("password_hash"),
                RegistrationStatus.valueOf(rs.getString("status")), rs.getString("source_address"),
                instant(rs, "created_at"), instant(rs, "completed_at"), rs.getObject("user_id", UUID.class));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
