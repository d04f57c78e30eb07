package com.partnerflow.signin;

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
import org.springframework.web.bind.annotation.RestController;

/** Sign-in, sign-out and "who am I" of the partner API. */
@RestController
public class SessionController {

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

    public record SessionCreated(String token, Instant expiresAt, UUID userId, UUID accountId, List<Role> roles) {

        @Override
        public String toString() {
            return "SessionCreated[token=HIDDEN, expiresAt=" + expiresAt + ", userId=" + userId + "]";
        }
    }

    @PostMapping("/api/sessions")
    public ResponseEntity<SessionCreated> signIn(@Valid @RequestBody SignInRequest body, HttpServletRequest http) {
        SignInService.SignIn outcome = signIn.signIn(body.email(), body.password(), http.getRemoteAddr());
        if (outcome instanceof SignInService.SignIn.SignedIn signedIn) {
            IssuedSession session = signedIn.session();
            PartnerPrincipal user = session.principal();
            return ResponseEntity.created(URI.create("/api/sessions/current"))
                    .body(new SessionCreated(session.token(), session.expiresAt(), user.userId(), user.accountId(),
                            user.roles()));
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
