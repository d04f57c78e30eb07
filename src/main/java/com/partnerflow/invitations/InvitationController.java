package com.partnerflow.invitations;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invitations on the partner API. Inviting, listing and withdrawing need a session (alliance lead
 * or alliance team); registering through an invitation's link is public: the token in the path is
 * the credential ({@code PartnerApiSecurityConfiguration.WITHOUT_TOKEN}).
 */
@RestController
@RequestMapping("/api/invitations")
public class InvitationController {

    private final InvitationService service;
    private final InvitationRegistrations registrations;

    public InvitationController(InvitationService service, InvitationRegistrations registrations) {
        this.service = service;
        this.registrations = registrations;
    }

    public record InviteRequest(List<InvitationService.Invitee> invitees) {
    }

    public record InvitationView(UUID invitationId, String email, List<Role> roles, String language,
                                 InvitationStatus status, String invitedBy, Instant createdAt, Instant sentAt,
                                 Instant expiresAt, Instant remindedAt, Instant closedAt, String closedBy,
                                 UUID userId) {

        static InvitationView of(Invitation i) {
            return new InvitationView(i.id(), i.email(), i.roles(), i.language(), i.status(), i.invitedByEmail(),
                    i.createdAt(), i.sentAt(), i.expiresAt(), i.remindedAt(), i.closedAt(), i.closedBy(), i.userId());
        }
    }

    public record RegistrationAnswer(UUID userId, UUID accountId, String email, List<Role> roles,
                                     List<InvitationRegistrations.SkippedRole> skippedRoles, String message) {
    }

    /** Per-invitee results; 200 whatever the mix (the counts say how many succeeded and failed). */
    @ProblemAnswers({"400 no-invitees too-many-invitees", "403 access-denied"})
    @PostMapping
    public InvitationService.InviteResult invite(@AuthenticationPrincipal PartnerPrincipal caller,
                                                 @RequestBody InviteRequest body, HttpServletRequest http) {
        return service.invite(caller, body.invitees(), http.getRemoteAddr());
    }

    @ProblemAnswers("403 access-denied")
    @GetMapping
    public List<InvitationView> list(@AuthenticationPrincipal PartnerPrincipal caller) {
        return service.list(caller).stream().map(InvitationView::of).toList();
    }

    @ProblemAnswers({"403 access-denied", "404 invitation-not-found", "409 invitation-not-open"})
    @DeleteMapping("/{id}")
    public InvitationView withdraw(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id,
                                   HttpServletRequest http) {
        return InvitationView.of(service.withdraw(caller, id, http.getRemoteAddr()));
    }

    @ProblemAnswers({
            "404 invitation-not-found",
            "409 already-registered",
            "410 invitation-expired invitation-used invitation-withdrawn",
            "422 password-policy"})
    @PostMapping("/{token}/registration")
    public ResponseEntity<RegistrationAnswer> register(@PathVariable String token,
                                                       @RequestBody InvitationRegistrations.RegistrationForm body,
                                                       HttpServletRequest http) {
        InvitationRegistrations.Registered r = registrations.register(token, body, http.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/me")).body(new RegistrationAnswer(r.userId(), r.accountId(),
                r.email(), r.roles(), r.skippedRoles(), message(r)));
    }

    static String message(InvitationRegistrations.Registered r) {
        String roles = r.roles().isEmpty() ? "no role (a standard user)"
                : "the roles " + String.join(", ", r.roles().stream().map(Role::name).toList());
        String skipped = r.skippedRoles().isEmpty() ? ""
                : " Not given: " + String.join("; ", r.skippedRoles().stream()
                        .map(s -> s.role() + " (" + s.reason() + ")").toList()) + ".";
        return (r.reactivated() ? "Welcome back. Your user is active again" : "Registered")
                + " with " + roles + "; they take effect at once." + skipped + " Sign in with " + r.email() + ".";
    }
}
