package com.partnerflow.leadership;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The account's alliance lead: who it is, the lead handing the role over, and change requests. */
@RestController
@RequestMapping("/api/account")
public class AllianceLeadController {

    private final AllianceLeadService service;

    public AllianceLeadController(AllianceLeadService service) {
        this.service = service;
    }

    public record ReassignmentRequest(@NotNull UUID newLeadUserId, String confirmation) {
    }

    public record ChangeRequestBody(@NotBlank @Size(max = 4000) String reason, UUID proposedLeadUserId) {
    }

    public record Person(UUID userId, String email, String firstName, String lastName, String status, List<Role> roles) {
        static Person of(PartnerUser u) {
            return new Person(u.id(), u.email(), u.firstName(), u.lastName(), u.status(), u.roles());
        }
    }

    public record ReassignmentView(UUID reassignmentId, Person previousLead, Person newLead, String effective) {
    }

    public record ChangeRequestView(UUID requestId, String caseNumber, String status, UUID proposedLeadUserId,
                                    Instant createdAt) {
    }

    public record LeadView(Person allianceLead, ChangeRequestView openChangeRequest) {
    }

    /** Everyone in the account may see who leads it (Guide: "View alliance lead and Request Change", all users). */
    @GetMapping("/alliance-lead")
    public LeadView lead(@AuthenticationPrincipal PartnerPrincipal caller) {
        AllianceLeadService.LeadView view = service.lead(caller.accountId());
        return new LeadView(Person.of(view.lead()), view.openRequest().map(r -> new ChangeRequestView(r.id(),
                view.openCaseNumber().orElse(null), r.status().name(), r.proposedLeadId(), r.createdAt())).orElse(null));
    }

    @ProblemAnswers({
            "400 confirmation-required",
            "403 access-denied",
            "404 user-not-found",
            "422 already-alliance-lead user-not-active"})
    @PostMapping("/alliance-lead-reassignments")
    public ResponseEntity<ReassignmentView> reassign(@AuthenticationPrincipal PartnerPrincipal caller,
                                                     @Valid @RequestBody ReassignmentRequest body,
                                                     HttpServletRequest http) {
        caller.require(Permission.REASSIGN_ALLIANCE_LEAD);
        AllianceLeadService.HandedOver done = service.reassign(caller, body.newLeadUserId(), body.confirmation(),
                http.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/account/alliance-lead"))
                .body(new ReassignmentView(done.handOverId(), Person.of(done.previousLead()), Person.of(done.newLead()),
                        "immediately: the new lead holds the role from their next request on"));
    }

    @ProblemAnswers({
            "404 user-not-found",
            "409 caller-is-alliance-lead change-request-open",
            "422 already-alliance-lead user-not-active"})
    @PostMapping("/alliance-lead-change-requests")
    public ResponseEntity<ChangeRequestView> requestChange(@AuthenticationPrincipal PartnerPrincipal caller,
                                                           @Valid @RequestBody ChangeRequestBody body,
                                                           HttpServletRequest http) {
        caller.require(Permission.REQUEST_ALLIANCE_LEAD_CHANGE);
        AllianceLeadService.ChangeRequested done = service.requestChange(caller, body.reason(),
                body.proposedLeadUserId(), http.getRemoteAddr());
        LeadChangeRequest r = done.request();
        return ResponseEntity.created(URI.create("/api/cases/" + done.supportCase().caseNumber()))
                .body(new ChangeRequestView(r.id(), done.supportCase().caseNumber(), r.status().name(),
                        r.proposedLeadId(), r.createdAt()));
    }
}
