package com.partnerflow.signin;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in with email address and password. Every outcome commits (a failure must count), so
 * refusals are returned, not thrown. The steps are: lock check, password check, then session;
 * an MFA challenge, when it comes, sits between the password check and {@link #completeSignIn}.
 */
@Service
public class SignInService {

    private static final Logger log = LoggerFactory.getLogger(SignInService.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final PartnerSessions sessions;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final EngineClock clock;
    /** Checked when the address is unknown, so the answer takes as long as for a known one. */
    private final String dummyHash;

    public SignInService(JdbcClient jdbc, PasswordEncoder passwordEncoder, PartnerSessions sessions,
                         SignInThrottle throttle, AuditLog audit, EngineClock clock) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.dummyHash = passwordEncoder.encode(UUID.randomUUID().toString());
    }

    public sealed interface SignIn {
        record SignedIn(IssuedSession session) implements SignIn { }
        /** Wrong address or password, or a user who may not sign in: deliberately indistinguishable. */
        record Refused() implements SignIn { }
        record Locked(Instant until, Duration retryAfter) implements SignIn { }
    }

    private record Credentials(UUID userId, UUID accountId, String passwordHash, String status) {
    }

    @Transactional
    public SignIn signIn(String email, String password, String sourceAddress) {
        String address = email.trim().toLowerCase(Locale.ROOT);
        // The row lock makes parallel attempts for one user take turns, so none slips past the count.
        Optional<Credentials> user = jdbc.sql(
                        "SELECT id, account_id, password_hash, status FROM partner_user WHERE email = ? FOR UPDATE")
                .param(address)
                .query((rs, n) -> new Credentials(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                        rs.getString("password_hash"), rs.getString("status")))
                .optional();
        UUID accountId = user.map(Credentials::accountId).orElse(null);
        Instant now = clock.now();

        Optional<Instant> locked = throttle.lockedUntil(address, now);
        if (locked.isPresent()) {
            audit.record("SignInFailed", address, accountId, address, sourceAddress, Map.of("reason", "locked"));
            return new SignIn.Locked(locked.get(), Duration.between(now, locked.get()));
        }

        boolean passwordMatches = passwordEncoder.matches(password,
                user.map(Credentials::passwordHash).orElse(dummyHash));
        String refusal = user.isEmpty() ? "unknown-address"
                : !passwordMatches ? "wrong-password"
                : !"ACTIVE".equals(user.get().status()) ? "user-" + user.get().status().toLowerCase(Locale.ROOT)
                : null;
        if (refusal != null) {
            audit.record("SignInFailed", address, accountId, address, sourceAddress, Map.of("reason", refusal));
            throttle.recordFailure(address, now, sourceAddress).ifPresent(until -> {
                audit.record("SignInLocked", address, accountId, address, sourceAddress,
                        Map.of("lockedUntil", until.toString()));
                log.warn("Sign-in locked until {} for an address after repeated failures (account {})", until, accountId);
            });
            return new SignIn.Refused();
        }
        return new SignIn.SignedIn(completeSignIn(address, user.get().userId(), accountId, sourceAddress));
    }

    private IssuedSession completeSignIn(String address, UUID userId, UUID accountId, String sourceAddress) {
        throttle.reset(address);
        IssuedSession session = sessions.issueFor(userId, sourceAddress);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("sessionId", session.sessionId().toString());
        parameters.put("expiresAt", session.expiresAt().toString());
        audit.record("SignInSucceeded", address, accountId, userId.toString(), sourceAddress, parameters);
        log.info("User {} signed in (session {})", userId, session.sessionId());
        return session;
    }

    /** Ends the session the caller signed in with. */
    @Transactional
    public void signOut(PartnerPrincipal caller, UUID sessionId, String sourceAddress) {
        if (sessions.revoke(sessionId)) {
            audit.record("SignedOut", caller.email(), caller.accountId(), caller.userId().toString(), sourceAddress,
                    Map.of("sessionId", sessionId.toString()));
        }
    }
}
