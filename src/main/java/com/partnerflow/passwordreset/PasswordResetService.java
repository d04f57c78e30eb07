package com.partnerflow.passwordreset;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.registration.PasswordPolicy;
import com.partnerflow.securitycode.CodePurpose;
import com.partnerflow.securitycode.CodeRequest;
import com.partnerflow.securitycode.CodeRequests;
import com.partnerflow.securitycode.SecurityCodeDelivery;
import com.partnerflow.signin.SignInService;
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
 * "Forgot password": a code mailed to the address completes the choice of a new password.
 * No answer tells whether the address is registered: for an address that is not an active user
 * the same request, reset id, rate limit, attempts and expiry exist, but no code is ever mailed
 * and none can match. Only the audit log (staff) records which it was.
 */
@Service
public class PasswordResetService {

    private static final Logger log = LoggerFactory.getLogger(PasswordResetService.class);

    private final CodeRequests requests;
    private final SecurityCodeDelivery codes;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final SignInService signIn;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final EngineClock clock;

    public PasswordResetService(CodeRequests requests, SecurityCodeDelivery codes, PasswordPolicy passwordPolicy,
                                PasswordEncoder passwordEncoder, SignInService signIn, AuditLog audit,
                                JdbcClient jdbc, EngineClock clock) {
        this.requests = requests;
        this.codes = codes;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.signIn = signIn;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record ActiveUser(UUID id, UUID accountId) {
    }

    /** Starts a reset; the answer is the same whether or not the address is an active user's. */
    @Transactional
    public UUID request(String email, String sourceAddress) {
        String address = email.trim().toLowerCase(Locale.ROOT);
        Optional<ActiveUser> user = activeUser(address);
        CodeRequest request = codes.open(CodePurpose.PASSWORD_RESET, address, user.map(ActiveUser::id).orElse(null),
                sourceAddress);
        audit.event("PasswordResetRequested").by(address, null).account(user.map(ActiveUser::accountId).orElse(null))
                .target(address, user.map(ActiveUser::id).orElse(null)).from(sourceAddress)
                .with("resetId", request.id().toString()).with("activeUser", user.isPresent()).record();
        log.info("Password reset {} requested", request.id());
        return request.id();
    }

    /** A new code for the reset (the previous one stops working); answers alike for any address. */
    @Transactional
    public void requestNewCode(UUID resetId, String sourceAddress) {
        CodeRequest reset = openReset(resetId);
        if (codes.requestNewCode(reset) == SecurityCodeDelivery.NewCode.PREVIOUS_STILL_BEING_SENT) {
            // the code on its way will do; saying "still being sent" would tell that the address is real
            return;
        }
        audit.event("SecurityCodeRequested").by(reset.email(), null).account(accountOf(reset))
                .target(reset.email(), reset.userId()).from(sourceAddress)
                .with("purpose", CodePurpose.PASSWORD_RESET.name()).with("resetId", resetId.toString()).record();
    }

    /** Outcome of a completion; every outcome commits (a wrong code must count). */
    public sealed interface Completion {
        record PasswordChanged() implements Completion { }
        record WrongCode(int attemptsLeft) implements Completion { }
    }

    /**
     * Sets the new password if the code is right. The password rule is checked first, so a weak
     * password costs no attempt.
     *
     * @throws ApiProblem 422 password-policy, 404 unknown reset, 409 already completed, 410 code
     *                    expired, 423 code locked (request a new code), 409 code not sent yet
     */
    @Transactional
    public Completion complete(UUID resetId, String code, String newPassword, String sourceAddress) {
        passwordPolicy.check(newPassword);
        CodeRequest reset = openReset(resetId);
        SecurityCodeDelivery.Check check = codes.check(reset, code);
        if (check instanceof SecurityCodeDelivery.Check.Wrong wrong) {
            if (wrong.lockedNow()) {
                audit.event("PasswordResetLocked").by(reset.email(), null).account(accountOf(reset))
                        .target(reset.email(), reset.userId()).from(sourceAddress)
                        .with("resetId", resetId.toString()).record();
                log.warn("Password reset {} locked after repeated wrong codes", resetId);
            }
            return new Completion.WrongCode(wrong.attemptsLeft());
        }
        SecurityCodeDelivery.Check.Matches matches = check.matchOrThrow(PasswordResetService::codeExpired);
        UUID userId = reset.userId(); // a code matched, so the reset is a real user's
        if (activeUser(reset.email()).filter(u -> u.id().equals(userId)).isEmpty()) {
            codes.withdraw(reset, CodeRequest.Status.EXPIRED); // deactivated meanwhile
            return new Completion.WrongCode(0);
        }
        jdbc.sql("UPDATE partner_user SET password_hash = ? WHERE id = ?")
                .params(passwordEncoder.encode(newPassword), userId).update();
        SignInService.CredentialsReset ended = signIn.passwordChanged(userId, reset.email());
        codes.used(reset, matches.codeId()); // the process then mails "your password was changed"
        audit.event("PasswordReset").by(reset.email(), userId).account(accountOf(reset))
                .target(reset.email(), userId).from(sourceAddress)
                .with("resetId", resetId.toString())
                .with("sessionsEnded", ended.sessionsEnded())
                .with("trustedDevicesForgotten", ended.devicesForgotten())
                .record();
        log.info("Password reset {} completed for user {}", resetId, userId);
        return new Completion.PasswordChanged();
    }

    private CodeRequest openReset(UUID resetId) {
        CodeRequest reset = requests.lock(resetId)
                .filter(r -> r.purpose() == CodePurpose.PASSWORD_RESET)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "reset-not-found",
                        "No password reset " + resetId + "."));
        if (reset.status() == CodeRequest.Status.COMPLETED) {
            throw new ApiProblem(HttpStatus.CONFLICT, "reset-completed",
                    "This password reset is complete; its code cannot be used again.");
        }
        if (reset.status() != CodeRequest.Status.OPEN || codes.isExpired(reset, clock.now())) {
            throw codeExpired();
        }
        return reset;
    }

    private static ApiProblem codeExpired() {
        return new ApiProblem(HttpStatus.GONE, "code-expired",
                "The code has expired; start a new password reset.");
    }

    private Optional<ActiveUser> activeUser(String email) {
        return jdbc.sql("SELECT id, account_id FROM partner_user WHERE email = ? AND status = 'ACTIVE'")
                .param(email)
                .query((rs, n) -> new ActiveUser(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .optional();
    }

    private UUID accountOf(CodeRequest reset) {
        return reset.userId() == null ? null
                : jdbc.sql("SELECT account_id FROM partner_user WHERE id = ?").param(reset.userId())
                        .query(UUID.class).single();
    }
}
