package com.partnerflow.registration;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Partner self-registration with an emailed security code. */
@RestController
@RequestMapping("/api/registrations")
public class RegistrationController {

    private final RegistrationService service;

    public RegistrationController(RegistrationService service) {
        this.service = service;
    }

    public record RegistrationRequest(
            @NotBlank @Size(max = 320) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+") String email,
            @NotBlank @Size(max = 100) String firstName,
            @NotBlank @Size(max = 100) String lastName,
            @NotNull @Size(max = 200) String password,
            @Size(max = 200) String companyName,
            @Pattern(regexp = "en|ja") String language) {

        @Override
        public String toString() { // keeps the password out of any log or error message
            return "RegistrationRequest[email=" + email + ", password=HIDDEN]";
        }
    }

    public record RegistrationAccepted(UUID registrationId, RegistrationStatus status, String message) {
    }

    public record VerificationRequest(@NotBlank @Pattern(regexp = "\\d{6}", message = "must be the 6-digit code") String code) {

        @Override
        public String toString() {
            return "VerificationRequest[code=HIDDEN]";
        }
    }

    public record Registered(UUID userId, UUID accountId, List<Role> roles, String message) {
    }

    @ProblemAnswers({"400 company-name-required", "422 password-policy personal-email-domain"})
    @PostMapping
    public ResponseEntity<RegistrationAccepted> register(@Valid @RequestBody RegistrationRequest body,
                                                         HttpServletRequest http) {
        Registration r = service.register(new RegistrationService.NewRegistration(body.email(), body.firstName(),
                body.lastName(), body.password(), body.companyName(), body.language(), http.getRemoteAddr()));
        return ResponseEntity.accepted()
                .location(URI.create("/api/registrations/" + r.id()))
                .body(new RegistrationAccepted(r.id(), r.status(),
                        "A 6-digit security code is on its way to " + r.email() + "."));
    }

    @ProblemAnswers("404 registration-not-found")
    @GetMapping("/{id}")
    public RegistrationService.RegistrationView get(@PathVariable UUID id) {
        return service.view(id);
    }

    @ProblemAnswers({"404 registration-not-found", "409 already-registered", "422 wrong-code", "423 code-locked"})
    @PostMapping("/{id}/verification")
    public ResponseEntity<?> verify(@PathVariable UUID id, @Valid @RequestBody VerificationRequest body,
                                    HttpServletRequest http) {
        RegistrationService.Verification outcome = service.verify(id, body.code(), http.getRemoteAddr());
        if (outcome instanceof RegistrationService.Verification.Verified v) {
            return ResponseEntity.ok(registered(v.user()));
        }
        int attemptsLeft = ((RegistrationService.Verification.WrongCode) outcome).attemptsLeft();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, attemptsLeft > 0
                ? "Wrong security code; " + attemptsLeft + " attempt(s) left."
                : "Wrong security code; no attempts left: request a new code.");
        problem.setType(URI.create("urn:partnerflow:problem:wrong-code"));
        problem.setProperty("code", "wrong-code");
        problem.setProperty("attemptsLeft", attemptsLeft);
        return ResponseEntity.unprocessableEntity().body(problem);
    }

    @ProblemAnswers({"404 registration-not-found", "429 too-many-codes"})
    @PostMapping("/{id}/code")
    public ResponseEntity<RegistrationAccepted> resend(@PathVariable UUID id, HttpServletRequest http) {
        Registration r = service.requestNewCode(id, http.getRemoteAddr());
        return ResponseEntity.accepted().body(new RegistrationAccepted(r.id(), r.status(),
                "A new security code is on its way; the previous one no longer works."));
    }

    private static Registered registered(PartnerUser user) {
        boolean lead = user.roles().contains(Role.ALLIANCE_LEAD);
        return new Registered(user.id(), user.accountId(), user.roles(), lead
                ? "Registered. You created the partner account and are its alliance lead."
                : "Registered. You joined your company's partner account as a standard user.");
    }
}
