package com.partnerflow.signin;

import com.partnerflow.config.EngineClock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Devices a user asked to remember at an MFA sign-in: {@link UserTokens} in table
 * {@code trusted_device}, the device token handed out once and only its SHA-256 stored. A token
 * is bound to the user who received it: on anybody else's sign-in it is ignored, as are unknown,
 * expired and revoked ones. Runs in the caller's transaction.
 */
@Component
public class TrustedDevices {

    private final UserTokens tokens;
    private final SignInSettings settings;

    TrustedDevices(JdbcClient jdbc, EngineClock clock, SignInSettings settings) {
        this.tokens = new UserTokens(jdbc, clock, "trusted_device");
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
        Optional<UUID> device = tokens.live(token).filter(d -> d.userId().equals(userId)).map(UserTokens.Live::id);
        device.ifPresent(tokens::used);
        return device;
    }

    TrustedDevice trust(UUID userId, String sourceAddress) {
        UserTokens.Issued issued = tokens.issue(userId, settings.trustedDeviceValidity(), sourceAddress);
        return new TrustedDevice(issued.id(), issued.token(), issued.expiresAt());
    }

    /** Forgets every live device of the user (after a password reset); returns how many there were. */
    int revokeAll(UUID userId) {
        return tokens.revokeAllOf(userId);
    }
}
