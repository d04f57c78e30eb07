package com.partnerflow.signin;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.mail.EmailAddresses;
import com.partnerflow.securitycode.CodePurpose;
import com.partnerflow.securitycode.CodeRequest;
import com.partnerflow.securitycode.CodeRequests;
import com.partnerflow.securitycode.SecurityCodeDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in with email address and password. Every outcome commits (a failure must count), so
 * refusals are returned, not thrown. The steps are: lock check, password check, then either the
 * session or, when the user's account has MFA switched on and the device is not trusted by the
 * user, an MFA challenge: a code request whose code is mailed by the security-code-delivery
 * process and entered with {@link #completeMfa}.
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
    private final AccountMfa mfa;
    private final TrustedDevices devices;
    private final SecurityCodeDelivery codes;
    private final CodeRequests codeRequests;
    /** Checked when the address is unknown, so the answer takes as long as for a known one. */
    private final String dummyHash;

    public SignInService(JdbcClient jdbc, PasswordEncoder passwordEncoder, PartnerSessions sessions,
                         SignInThrottle throttle, AuditLog audit, EngineClock clock, AccountMfa mfa,
                         TrustedDevices devices, SecurityCodeDelivery codes, CodeRequests codeRequests) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.mfa = mfa;
        this.devices = devices;
        this.codes = codes;
        this.codeRequests = codeRequests;
        this.dummyHash = passwordEncoder.encode(UUID.randomUUID().toString());
    }

    public sealed interface SignIn {
        /** {@code device} is set when the caller asked to remember the device at an MFA sign-in. */
        record SignedIn(IssuedSession session, TrustedDevices.TrustedDevice device) implements SignIn {
            public SignedIn(IssuedSession session) {
                this(session, null);
            }
        }
        /** Password right, a code is on its way: complete with {@link #completeMfa}. */
        record MfaRequired(UUID challengeId, String sentTo) implements SignIn { }
        /** A wrong MFA code; the challenge may be tried again. */
        record WrongCode(int attemptsLeft) implements SignIn { }
        /** Wrong address or password, or a user who may not sign in: deliberately indistinguishable. */
        record Refused() implements SignIn { }
        record Locked(Instant until, Duration retryAfter) implements SignIn { }
    }

    private record Credentials(UUID userId, UUID accountId, String passwordHash, String status) {
    }

    @Transactional
    public SignIn signIn(String email, String password, String sourceAddress) {
        return signIn(email, password, null, sourceAddress);
    }

    /** @param deviceToken a token of a device trusted at an earlier MFA sign-in, or null */
    @Transactional
    public SignIn signIn(String email, String password, String deviceToken, String sourceAddress) {
        String address = email.trim().toLowerCase(Locale.ROOT);
        // The row lock makes parallel attempts for one user take turns, so none slips past the count.
        Optional<Credentials> user = jdbc.sql(
                        "SELECT id, account_id, password_hash, status FROM partner_user WHERE email = ? FOR UPDATE")
                .param(address)
                .query((rs, n) -> new Credentials(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                        rs.getString("password_hash"), rs.getString("status")))
                .optional();
        UUID accountId = user.map(Credentials::accountId).orElse(null);
        UUID knownUserId = user.map(Credentials::userId).orElse(null);
        Instant now = clock.now();

        Optional<Instant> locked = throttle.lockedUntil(address, now);
        if (locked.isPresent()) {
            audit.event("SignInFailed").account(accountId).by(address, null).target(address, knownUserId)
                    .from(sourceAddress).with("reason", "locked").record();
            return new SignIn.Locked(locked.get(), Duration.between(now, locked.get()));
        }

        boolean passwordMatches = passwordEncoder.matches(password,
                user.map(Credentials::passwordHash).orElse(dummyHash));
        String refusal = user.isEmpty() ? "unknown-address"
                : !passwordMatches ? "wrong-password"
                : !"ACTIVE".equals(user.get().status()) ? "user-" + user.get().status().toLowerCase(Locale.ROOT)
                : null;
        if (refusal != null) {
            audit.event("SignInFailed").account(accountId).by(address, null).target(address, knownUserId)
                    .from(sourceAddress).with("reason", refusal).record();
            throttle.recordFailure(address, now, sourceAddress).ifPresent(until -> {
                audit.event("SignInLocked").account(accountId).by(address, null).target(address, knownUserId)
                        .from(sourceAddress).with("lockedUntil", until.toString()).record();
                log.warn("Sign-in locked until {} for an address after repeated failures (account {})", until, accountId);
            });
            return new SignIn.Refused();
        }
        UUID userId = user.get().userId();
        if (!mfa.isEnabled(accountId)) {
            return new SignIn.SignedIn(completeSignIn(address, userId, accountId, sourceAddress, "off"));
        }
        Optional<UUID> trustedDevice = devices.trustedFor(userId, deviceToken);
        if (trustedDevice.isPresent()) {
            return new SignIn.SignedIn(completeSignIn(address, userId, accountId, sourceAddress,
                    "trusted-device " + trustedDevice.get()));
        }
        CodeRequest challenge = codes.open(CodePurpose.MFA_SIGN_IN, address, userId, sourceAddress);
        audit.event("MfaCodeRequested").by(address, userId).account(accountId).target(address, userId)
                .from(sourceAddress).with("challengeId", challenge.id().toString()).record();
        log.info("Sign-in of user {} needs an MFA code (challenge {})", userId, challenge.id());
        return new SignIn.MfaRequired(challenge.id(), EmailAddresses.masked(address));
    }

    /**
     * The second step of an MFA sign-in. Wrong codes count against the code; the one that uses
     * up its attempts locks sign-in for the address as repeated wrong passwords do. Every
     * outcome that must count is returned, not thrown, so it commits.
     *
     * @throws ApiProblem for an unknown, finished, expired or locked challenge (nothing to count)
     */
    @Transactional
    public SignIn completeMfa(UUID challengeId, String code, boolean rememberDevice, String sourceAddress) {
        CodeRequest challenge = openChallenge(challengeId);
        Instant now = clock.now();
        UUID accountId = accountOf(challenge.userId());
        Optional<Instant> locked = throttle.lockedUntil(challenge.email(), now);
        if (locked.isPresent()) {
            return new SignIn.Locked(locked.get(), Duration.between(now, locked.get()));
        }
        if (!isActive(challenge.userId())) {
            codes.withdraw(challenge, CodeRequest.Status.EXPIRED);
            return new SignIn.Refused();
        }
        SecurityCodeDelivery.Check check = codes.check(challenge, code);
        if (check instanceof SecurityCodeDelivery.Check.Wrong wrong) {
            audit.event("SignInFailed").by(challenge.email(), null).account(accountId)
                    .target(challenge.email(), challenge.userId()).from(sourceAddress)
                    .with("reason", "wrong-mfa-code").with("attemptsLeft", wrong.attemptsLeft()).record();
            if (!wrong.lockedNow()) {
                return new SignIn.WrongCode(wrong.attemptsLeft());
            }
            Instant until = throttle.lock(challenge.email(), now, sourceAddress);
            codes.withdraw(challenge, CodeRequest.Status.LOCKED);
            audit.event("SignInLocked").by(challenge.email(), null).account(accountId)
                    .target(challenge.email(), challenge.userId()).from(sourceAddress)
                    .with("lockedUntil", until.toString()).with("reason", "wrong-mfa-codes").record();
            log.warn("Sign-in locked until {} for user {} after repeated wrong MFA codes", until, challenge.userId());
            return new SignIn.Locked(until, Duration.between(now, until));
        }
        // Locked cannot happen here: a locked code locks the challenge
        SecurityCodeDelivery.Check.Matches matches = check.matchOrThrow(SignInService::codeExpired);
        codes.used(challenge, matches.codeId());
        TrustedDevices.TrustedDevice device = rememberDevice ? devices.trust(challenge.userId(), sourceAddress)
                : null;
        if (device != null) {
            audit.event("DeviceTrusted").by(challenge.email(), challenge.userId()).account(accountId)
                    .target(challenge.email(), challenge.userId()).from(sourceAddress)
                    .with("deviceId", device.deviceId().toString())
                    .with("trustedUntil", device.trustedUntil().toString()).record();
        }
        return new SignIn.SignedIn(completeSignIn(challenge.email(), challenge.userId(), accountId,
                sourceAddress, "code"), device);
    }

    /**
     * Replaces the challenge's code by a new one, mailed again.
     *
     * @throws ApiProblem 429 beyond the hourly limit, 409 while the previous code is still being
     *                    sent, and as {@link #completeMfa} for a challenge that is over
     */
    @Transactional
    public SignIn newMfaCode(UUID challengeId, String sourceAddress) {
        CodeRequest challenge = openChallenge(challengeId);
        Instant now = clock.now();
        Optional<Instant> locked = throttle.lockedUntil(challenge.email(), now);
        if (locked.isPresent()) {
            return new SignIn.Locked(locked.get(), Duration.between(now, locked.get()));
        }
        if (!isActive(challenge.userId())) {
            return new SignIn.Refused();
        }
        if (codes.requestNewCode(challenge) == SecurityCodeDelivery.NewCode.PREVIOUS_STILL_BEING_SENT) {
            throw new ApiProblem(HttpStatus.CONFLICT, "code-being-sent",
                    "A code is being sent right now; wait for it before asking for another.");
        }
        audit.event("SecurityCodeRequested").by(challenge.email(), challenge.userId())
                .account(accountOf(challenge.userId())).target(challenge.email(), challenge.userId())
                .from(sourceAddress).with("purpose", CodePurpose.MFA_SIGN_IN.name())
                .with("challengeId", challengeId.toString()).record();
        return new SignIn.MfaRequired(challengeId, EmailAddresses.masked(challenge.email()));
    }

    /** Row-locks an MFA challenge that may still be completed. */
    private CodeRequest openChallenge(UUID challengeId) {
        CodeRequest challenge = codeRequests.lock(challengeId)
                .filter(r -> r.purpose() == CodePurpose.MFA_SIGN_IN)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "challenge-not-found",
                        "No sign-in challenge " + challengeId + "."));
        switch (challenge.status()) {
            case COMPLETED -> throw new ApiProblem(HttpStatus.CONFLICT, "challenge-completed",
                    "This sign-in was already completed with its code; sign in again for a new session.");
            case LOCKED -> throw new ApiProblem(HttpStatus.GONE, "challenge-locked",
                    "This sign-in was locked after too many wrong codes; sign in again once the lock has ended.");
            case EXPIRED -> throw codeExpired();
            case OPEN -> { }
        }
        if (codes.isExpired(challenge, clock.now())) {
            throw codeExpired();
        }
        return challenge;
    }

    private static ApiProblem codeExpired() {
        return new ApiProblem(HttpStatus.GONE, "code-expired",
                "The code has expired; sign in again to get a new one.");
    }

    private boolean isActive(UUID userId) {
        return jdbc.sql("SELECT status FROM partner_user WHERE id = ?").param(userId).query(String.class)
                .optional().filter("ACTIVE"::equals).isPresent();
    }

    private UUID accountOf(UUID userId) {
        return jdbc.sql("SELECT account_id FROM partner_user WHERE id = ?").param(userId).query(UUID.class).single();
    }

    /** What {@link #passwordChanged} ended. */
    public record CredentialsReset(int sessionsEnded, int devicesForgotten) {
    }

    /**
     * After a password reset: every session and trusted device of the user ends, and the
     * address's failed sign-ins (and any lock) are forgiven. Joins the caller's transaction.
     */
    @Transactional
    public CredentialsReset passwordChanged(UUID userId, String email) {
        int sessionsEnded = sessions.revokeAllOf(userId);
        int devicesForgotten = devices.revokeAll(userId);
        throttle.reset(email);
        return new CredentialsReset(sessionsEnded, devicesForgotten);
    }

    /** How long an emailed code is valid. */
    public Duration codeValidity() {
        return codes.codeValidity();
    }


    private IssuedSession completeSignIn(String address, UUID userId, UUID accountId, String sourceAddress,
                                         String mfaUsed) {
        throttle.reset(address);
        IssuedSession session = sessions.issueFor(userId, sourceAddress);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("sessionId", session.sessionId().toString());
        parameters.put("expiresAt", session.expiresAt().toString());
        parameters.put("mfa", mfaUsed);
        audit.event("SignInSucceeded").by(address, userId).account(accountId).target(userId.toString(), userId)
                .from(sourceAddress).with(parameters).record();
        log.info("User {} signed in (session {})", userId, session.sessionId());
        return session;
    }

    /** Ends the session the caller signed in with. */
    @Transactional
    public void signOut(PartnerPrincipal caller, UUID sessionId, String sourceAddress) {
        if (sessions.revoke(sessionId)) {
            audit.event("SignedOut").by(caller.email(), caller.userId()).account(caller.accountId())
                    .target(caller.userId().toString(), caller.userId()).from(sourceAddress)
                    .with("sessionId", sessionId.toString()).record();
        }
    }
}
