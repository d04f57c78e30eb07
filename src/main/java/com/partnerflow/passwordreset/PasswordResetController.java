package com.partnerflow.passwordreset;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.api.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** "Forgot password" on the partner API; public, and silent about whether an address is registered. */
@RestController
public class PasswordResetController {

    private static final String ACCEPTED_TEXT =
            "If the address belongs to an active partner user, a security code is on its way to it.";

    private final PasswordResetService resets;

    public PasswordResetController(PasswordResetService resets) {
        this.resets = resets;
    }

    public record ResetRequest(@NotBlank @Size(max = 320) String email) {
    }

    public record ResetAccepted(UUID resetId, String detail) {
    }

    public record ResetCompletion(@NotBlank @Size(max = 20) String code, @NotNull @Size(max = 200) String newPassword) {

        @Override
        public String toString() { // keeps code and password out of any log or error message
            return "ResetCompletion[code=HIDDEN, newPassword=HIDDEN]";
        }
    }

    @ProblemAnswers("429 too-many-codes")
    @PostMapping("/api/password-resets")
    public ResponseEntity<ResetAccepted> request(@Valid @RequestBody ResetRequest body, HttpServletRequest http) {
        UUID id = resets.request(body.email(), http.getRemoteAddr());
        return ResponseEntity.accepted().body(new ResetAccepted(id, ACCEPTED_TEXT));
    }

    @ProblemAnswers({"404 reset-not-found", "410 code-expired"})
    @PostMapping("/api/password-resets/{id}/code")
    public ResponseEntity<ResetAccepted> newCode(@PathVariable UUID id, HttpServletRequest http) {
        resets.requestNewCode(id, http.getRemoteAddr());
        return ResponseEntity.accepted().body(new ResetAccepted(id, ACCEPTED_TEXT));
    }

    @ProblemAnswers({
            "404 reset-not-found",
            "409 reset-completed",
            "410 code-expired",
            "422 password-policy wrong-code",
            "423 code-locked"})
    @PostMapping("/api/password-resets/{id}/completion")
    public ResponseEntity<Void> complete(@PathVariable UUID id, @Valid @RequestBody ResetCompletion body,
                                         HttpServletRequest http) {
        PasswordResetService.Completion outcome = resets.complete(id, body.code().trim(), body.newPassword(),
                http.getRemoteAddr());
        if (outcome instanceof PasswordResetService.Completion.WrongCode wrong) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "wrong-code", "The code is not correct.",
                    Map.of("attemptsLeft", wrong.attemptsLeft()));
        }
        return ResponseEntity.noContent().build();
    }
}
