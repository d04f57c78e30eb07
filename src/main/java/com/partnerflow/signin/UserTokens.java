package com.partnerflow.signin;

import com.partnerflow.config.EngineClock;
import com.partnerflow.security.SecretTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table of bearer tokens bound to a user: {@code partner_session} and {@code trusted_device},
 * which have the same columns (id, token_hash, user_id, created_at, expires_at, last_used_at,
 * revoked_at, source_address). A token is 32 random bytes (base64url, 43 characters) handed out
 * once; only its SHA-256 is stored, so the table alone cannot be used. A plain hash suffices (no
 * salt, no bcrypt): the token has 256 bits of entropy, and the lookup must be by hash. Runs in
 * the caller's transaction.
 */
final class UserTokens {

    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A token just issued: the only moment it exists in clear. */
    record Issued(UUID id, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[id=" + id + ", token=HIDDEN, expiresAt=" + expiresAt + "]";
        }
    }

    /** A live token's row: its id and whose it is. */
    record Live(UUID id, UUID userId) {
    }

    private final JdbcClient jdbc;
    private final EngineClock clock;
    private final String table;

    /** @param table {@code partner_session} or {@code trusted_device} (a constant, never input) */
    UserTokens(JdbcClient jdbc, EngineClock clock, String table) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.table = table;
    }

    static String hash(String token) {
        return SecretTokens.storedForm(token);
    }

    Issued issue(UUID userId, Duration validity, String sourceAddress) {
        String token = SecretTokens.base64Url(TOKEN_BYTES);
        UUID id = UUID.randomUUID();
        Instant now = clock.now();
        Instant expiresAt = now.plus(validity);
        jdbc.sql("INSERT INTO " + table + " (id, token_hash, user_id, created_at, expires_at, source_address)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, hash(token), userId, Timestamp.from(now), Timestamp.from(expiresAt), sourceAddress)
                .update();
        return new Issued(id, token, expiresAt);
    }

    /** The row of a known token that is neither expired nor revoked; malformed tokens are not looked up. */
    Optional<Live> live(String token) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT id, user_id FROM " + table
                        + " WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?")
                .params(hash(token), Timestamp.from(clock.now()))
                .query((rs, n) -> new Live(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .optional();
    }

    /** Records that the token was just used. */
    void used(UUID id) {
        jdbc.sql("UPDATE " + table + " SET last_used_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.now()), id).update();
    }

    /** Revokes one token; true if it was not revoked until now. */
    boolean revoke(UUID id) {
        return jdbc.sql("UPDATE " + table + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(clock.now()), id).update() == 1;
    }

    /** Revokes every live token of a user at once; returns how many were live. */
    int revokeAllOf(UUID userId) {
        Timestamp now = Timestamp.from(clock.now());
        return jdbc.sql("UPDATE " + table + " SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"
                        + " AND expires_at > ?")
                .params(now, userId, now).update();
    }
}
