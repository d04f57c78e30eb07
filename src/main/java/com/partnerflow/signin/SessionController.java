package com.partnerflow.signin;

import com.partnerflow.api.ProblemAnswers;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in (with its MFA step), sign-out and "who am I" of the partner API. A device remembered
 * at an MFA sign-in sends its token back in the header {@value #DEVICE_TOKEN_HEADER}.
 */
@RestController
public class SessionController {

    public static final String DEVICE_TOKEN_HEADER = "X-Device-Token";

    private final SignInService signIn;

    public SessionController(SignInService signIn) {
        this.signIn = signIn;
    }

    public record SignInRequest(@NotBlank @Size(max = 320) String email,
                                @NotNull @Size(max = 200) String password) {

        @Override
        public String toString() { // keeps the password out of any log or error message
            return "SignInRequest[email=" + email + ", password=HIDDEN]";
        }
    }

    /** {@code deviceToken} and {@code deviceTrustedUntil} only when the device was just remembered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionCreated(String token, Instant expiresAt, UUID userId, UUID accountId, List<Role> roles,
                                 String deviceToken, Instant deviceTrustedUntil) {

        @Override
        public String toString() {
            return "SessionCreated[token=HIDDEN, expiresAt=" + expiresAt + ", userId=" + userId
                    + (deviceToken == null ? "" : ", deviceToken=HIDDEN") + "]";
        }
    }

    /** The answer when the account asks for MFA: no session yet, a code is on its way to {@code sentTo}. */
    public record MfaChallenge(String status, UUID challengeId, String sentTo, long codeValidityMinutes) {
    }

    public record MfaCodeEntry(@NotNull UUID challengeId, @NotBlank @Size(max = 20) String code,
                               Boolean rememberDevice) {

        @Override
        public String toString() { // keeps the code out of any log or error message
            return "MfaCodeEntry[challengeId=" + challengeId + ", code=HIDDEN, rememberDevice=" + rememberDevice + "]";
        }
    }

    public record MfaNewCode(@NotNull UUID challengeId) {
    }

    @ProblemAnswers({"401 sign-in-failed", "423 sign-in-locked", "429 too-many-codes"})
    @PostMapping("/api/sessions")
    public ResponseEntity<?> signIn(@Valid @RequestBody SignInRequest body,
                                    @RequestHeader(name = DEVICE_TOKEN_HEADER, required = false) String deviceToken,
                                    HttpServletRequest http) {
        return answer(signIn.signIn(body.email(), body.password(), deviceToken, http.getRemoteAddr()));
    }

    /** The second step of an MFA sign-in: the emailed code completes it with a session. */
    @ProblemAnswers({
            "404 challenge-not-found",
            "409 challenge-completed",
            "410 challenge-locked code-expired",
            "422 wrong-code",
            "423 sign-in-locked"})
    @PostMapping("/api/sessions/mfa")
    public ResponseEntity<?> completeMfa(@Valid @RequestBody MfaCodeEntry body, HttpServletRequest http) {
        return answer(signIn.completeMfa(body.challengeId(), body.code().trim(),
                Boolean.TRUE.equals(body.rememberDevice()), http.getRemoteAddr()));
    }

    /** A new code for an MFA sign-in (the previous one stops working). */
    @ProblemAnswers({"404 challenge-not-found", "410 code-expired", "429 too-many-codes"})
    @PostMapping("/api/sessions/mfa/code")
    public ResponseEntity<?> newMfaCode(@Valid @RequestBody MfaNewCode body, HttpServletRequest http) {
        return answer(signIn.newMfaCode(body.challengeId(), http.getRemoteAddr()));
    }

    private ResponseEntity<?> answer(SignInService.SignIn outcome) {
        if (outcome instanceof SignInService.SignIn.SignedIn signedIn) {
            IssuedSession session = signedIn.session();
            PartnerPrincipal user = session.principal();
            TrustedDevices.TrustedDevice device = signedIn.device();
            return ResponseEntity.created(URI.create("/api/sessions/current"))
                    .body(new SessionCreated(session.token(), session.expiresAt(), user.userId(), user.accountId(),
                            user.roles(), device == null ? null : device.token(),
                            device == null ? null : device.trustedUntil()));
        }
        if (outcome instanceof SignInService.SignIn.MfaRequired mfa) {
            return ResponseEntity.accepted().body(new MfaChallenge("MFA_REQUIRED", mfa.challengeId(), mfa.sentTo(),
                    signIn.codeValidity().toMinutes()));
        }
        if (outcome instanceof SignInService.SignIn.WrongCode wrong) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "wrong-code",
                    "The code is not correct.", Map.of("attemptsLeft", wrong.attemptsLeft()));
        }
        if (outcome instanceof SignInService.SignIn.Locked locked) {
            long seconds = Math.max(1, locked.retryAfter().toSeconds());
            ApiProblem problem = new ApiProblem(HttpStatus.LOCKED, "sign-in-locked",
                    "Sign-in for this address is locked after too many failed attempts; try again later.",
                    Map.of("retryAfterSeconds", seconds));
            problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            throw problem;
        }
        // One answer for an unknown address, a wrong password and a user who may not sign in.
        ApiProblem problem = new ApiProblem(HttpStatus.UNAUTHORIZED, "sign-in-failed",
                "The email address or the password is not correct.");
        problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        throw problem;
    }

    @DeleteMapping("/api/sessions/current")
    public ResponseEntity<Void> signOut(PartnerAuthentication authentication, HttpServletRequest http) {
        signIn.signOut(authentication.getPrincipal(), authentication.sessionId(), http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/me")
    public PartnerPrincipal me(@AuthenticationPrincipal PartnerPrincipal caller) {
        return caller;
    }

    /** What the caller's roles allow, for a portal to show or hide actions. */
    @GetMapping("/api/me/permissions")
    public Set<Permission> myPermissions(@AuthenticationPrincipal PartnerPrincipal caller) {
        return Permission.of(caller.roles());
    }
}
