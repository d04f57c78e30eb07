package com.partnerflow.signin;

import com.partnerflow.config.EngineClock;
import com.partnerflow.security.SecretTokens;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Devices a user asked to remember at an MFA sign-in (table {@code trusted_device}). The device
 * token is 32 random bytes (base64url) handed out once; only its SHA-256 is stored. A token is
 * bound to the user who received it: on anybody else's sign-in it is ignored, as are unknown,
 * expired and revoked ones. Runs in the caller's transaction.
 */
@Component
public class TrustedDevices {

    private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final JdbcClient jdbc;
    private final EngineClock clock;
    private final SignInSettings settings;

    TrustedDevices(JdbcClient jdbc, EngineClock clock, SignInSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** A freshly trusted device: the only moment its token exists in clear. */
    public record TrustedDevice(UUID deviceId, String token, Instant trustedUntil) {
        @Override
        public String toString() {
            return "TrustedDevice[deviceId=" + deviceId + ", token=HIDDEN, trustedUntil=" + trustedUntil + "]";
        }
    }

    /** The id of the live trusted device this token stands for, if it was issued to this user. */
    Optional<UUID> trustedFor(UUID userId, String token) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        Timestamp now = Timestamp.from(clock.now());
        Optional<UUID> device = jdbc.sql("""
                SELECT id FROM trusted_device
                WHERE token_hash = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?""")
                .params(SecretTokens.storedForm(token), userId, now).query(UUID.class).optional();
        device.ifPresent(id -> jdbc.sql("UPDATE trusted_device SET last_used_at = ? WHERE id = ?")
                .params(now, id).update());
        return device;
    }

    TrustedDevice trust(UUID userId, String sourceAddress) {
        String token = SecretTokens.base64Url(32);
        UUID id = UUID.randomUUID();
        Instant now = clock.now();
        Instant until = now.plus(settings.trustedDeviceValidity());
        jdbc.sql("""
                INSERT INTO trusted_device (id, token_hash, user_id, created_at, expires_at, source_address)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(id, SecretTokens.storedForm(token), userId, Timestamp.from(now), Timestamp.from(until),
                        sourceAddress)
                .update();
        return new TrustedDevice(id, token, until);
    }

    /** Forgets every device of the user (after a password reset); returns how many were live. */
    int revokeAll(UUID userId) {
        return jdbc.sql("UPDATE trusted_device SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(clock.now()), userId).update();
    }
}
