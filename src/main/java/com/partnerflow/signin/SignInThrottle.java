package com.partnerflow.signin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per address in the database (table {@code sign_in_failure}) and locks
 * the address once {@link SignInSettings#maxFailedAttempts()} fall within the failure window.
 * Runs in the caller's transaction.
 */
@Component
class SignInThrottle {

    private final JdbcClient jdbc;
    private final SignInSettings settings;

    SignInThrottle(JdbcClient jdbc, SignInSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** When the lock of the address ends, if it is locked now. */
    Optional<Instant> lockedUntil(String email, Instant now) {
        return jdbc.sql("SELECT MAX(locked_until) FROM sign_in_failure WHERE email = ?").param(email)
                .query((rs, n) -> rs.getTimestamp(1)).optional()
                .map(Timestamp::toInstant)
                .filter(until -> until.isAfter(now));
    }

    /** Records a failure; returns the end of the lock if this failure starts one. */
    Optional<Instant> recordFailure(String email, Instant now, String sourceAddress) {
        Timestamp windowStart = Timestamp.from(now.minus(settings.failureWindow()));
        jdbc.sql("""
                DELETE FROM sign_in_failure WHERE email = ? AND failed_at <= ?
                AND (locked_until IS NULL OR locked_until <= ?)""")
                .params(email, windowStart, Timestamp.from(now)).update();
        long earlier = jdbc.sql("""
                SELECT COUNT(*) FROM sign_in_failure WHERE email = ? AND locked_until IS NULL AND failed_at > ?""")
                .params(email, windowStart).query(Long.class).single();
        Instant lockedUntil = null;
        if (earlier + 1 >= settings.maxFailedAttempts()) {
            lockedUntil = now.plus(settings.lockDuration());
            // the lock consumes the failures that led to it: after it ends, counting starts afresh
            jdbc.sql("DELETE FROM sign_in_failure WHERE email = ?").param(email).update();
        }
        jdbc.sql("""
                INSERT INTO sign_in_failure (id, email, failed_at, locked_until, source_address)
                VALUES (?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), email, Timestamp.from(now),
                        lockedUntil == null ? null : Timestamp.from(lockedUntil), sourceAddress)
                .update();
        return Optional.ofNullable(lockedUntil);
    }

    /** Locks the address now (the 5th wrong MFA code); returns the end of the lock. */
    Instant lock(String email, Instant now, String sourceAddress) {
        Instant lockedUntil = now.plus(settings.lockDuration());
        jdbc.sql("DELETE FROM sign_in_failure WHERE email = ?").param(email).update();
        jdbc.sql("""
                INSERT INTO sign_in_failure (id, email, failed_at, locked_until, source_address)
                VALUES (?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), email, Timestamp.from(now), Timestamp.from(lockedUntil), sourceAddress)
                .update();
        return lockedUntil;
    }

    /** A successful sign-in forgives the address's earlier failures. */
    void reset(String email) {
        jdbc.sql("DELETE FROM sign_in_failure WHERE email = ?").param(email).update();
    }
}
