package com.partnerflow.marketplace;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.marketplace.LinkingService.LinkingView;
import com.partnerflow.marketplace.Marketplace.Listing;
import com.partnerflow.marketplace.Marketplace.ListingKind;
import com.partnerflow.signin.PartnerPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The partner API of marketplace account linking, IAM role mapping, listings and unlinking. */
@RestController
@RequestMapping("/api/marketplace")
public class MarketplaceController {

    private final LinkingService linking;
    private final RoleMappingService mapping;
    private final ListingService listings;
    private final UnlinkService unlinks;
    private final MarketplaceAudit audit;

    public MarketplaceController(LinkingService linking, RoleMappingService mapping, ListingService listings,
                                 UnlinkService unlinks, MarketplaceAudit audit) {
        this.audit = audit;
        this.linking = linking;
        this.mapping = mapping;
        this.listings = listings;
        this.unlinks = unlinks;
    }

    public record StartLinking(String awsAccountId) {
    }

    public record AccountReview(String legalName) {
    }

    public record RoleReview(boolean mapAllianceTeam, boolean mapAceUsers) {
    }

    public record MapRole(String roleName) {
    }

    public record LinkListing(ListingKind kind, String listingId, String title) {
    }

    public record LinkedListings(List<Listing> linkedListings) {
    }

    /** {@code confirmation}: the word {@code confirm}, as everywhere ({@code api.ConfirmationWord}). */
    public record RequestUnlink(String reason, String confirmation) {
    }

    @GetMapping
    public LinkingService.Overview overview(@AuthenticationPrincipal PartnerPrincipal caller) {
        return linking.overview(caller, unlinks);
    }

    /** The account's AssociatePartnerAccount / …User and Disassociate… events, newest first. */
    @ProblemAnswers("403 access-denied")
    @GetMapping("/audit-events")
    public List<java.util.Map<String, Object>> auditEvents(@AuthenticationPrincipal PartnerPrincipal caller) {
        return audit.events(caller);
    }

    @ProblemAnswers({
            "400 invalid-aws-account-id",
            "403 access-denied",
            "409 already-linked linking-in-progress seller-account-linked-elsewhere unlink-in-progress"})
    @PostMapping("/linkings")
    public ResponseEntity<LinkingView> startLinking(@AuthenticationPrincipal PartnerPrincipal caller,
                                                    @RequestBody StartLinking body, HttpServletRequest http) {
        return ResponseEntity.status(HttpStatus.CREATED).body(linking.start(caller, body.awsAccountId(),
                http.getRemoteAddr()));
    }

    @ProblemAnswers("404 linking-not-found")
    @GetMapping("/linkings/{id}")
    public LinkingView readLinking(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id) {
        return linking.read(caller, id);
    }

    @ProblemAnswers({"400 legal-name-required", "403 linking-of-another-user", "404 linking-not-found"})
    @PostMapping("/linkings/{id}/account-review")
    public LinkingView reviewAccount(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id,
                                     @RequestBody(required = false) AccountReview body) {
        return linking.reviewAccount(caller, id, body == null ? null : body.legalName());
    }

    @ProblemAnswers("404 linking-not-found")
    @PostMapping("/linkings/{id}/role-review")
    public LinkingView reviewRoles(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id,
                                   @RequestBody(required = false) RoleReview body) {
        return linking.reviewRoles(caller, id, body != null && body.mapAllianceTeam(),
                body != null && body.mapAceUsers());
    }

    @ProblemAnswers({"404 linking-not-found", "409 wrong-linking-step"})
    @PostMapping("/linkings/{id}/submission")
    public ResponseEntity<LinkingView> submit(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(linking.submit(caller, id));
    }

    @ProblemAnswers({"404 linking-not-found", "409 linking-not-cancellable"})
    @DeleteMapping("/linkings/{id}")
    public LinkingView cancel(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id) {
        return linking.cancel(caller, id);
    }

    @ProblemAnswers({
            "400 role-name-not-mappable",
            "403 access-denied cloud-admin-maps-cloud-admin-role-only",
            "404 iam-role-not-found user-not-found",
            "409 not-linked unlink-in-progress",
            "422 cloud-admin-user-role"})
    @PutMapping("/role-mappings/{userId}")
    public RoleMappingService.Mapping map(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID userId,
                                          @RequestBody MapRole body, HttpServletRequest http) {
        return mapping.map(caller, userId, body.roleName(), http.getRemoteAddr());
    }

    @ProblemAnswers({"403 cloud-admin-maps-cloud-admin-role-only", "404 user-not-mapped", "409 not-linked"})
    @DeleteMapping("/role-mappings/{userId}")
    public ResponseEntity<Void> unmap(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID userId,
                                      HttpServletRequest http) {
        mapping.unmap(caller, userId, http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    @ProblemAnswers({"400 invalid-listing", "409 unlink-in-progress"})
    @PostMapping("/listings")
    public ResponseEntity<LinkedListings> linkListing(@AuthenticationPrincipal PartnerPrincipal caller,
                                                      @RequestBody LinkListing body, HttpServletRequest http) {
        return ResponseEntity.status(HttpStatus.CREATED).body(new LinkedListings(listings.link(caller, body.kind(),
                body.listingId(), body.title(), http.getRemoteAddr())));
    }

    @ProblemAnswers("409 not-linked")
    @GetMapping("/unlink-preview")
    public UnlinkService.Preview unlinkPreview(@AuthenticationPrincipal PartnerPrincipal caller) {
        return unlinks.preview(caller);
    }

    @ProblemAnswers({
            "400 confirmation-required invalid-unlink-reason",
            "403 access-denied",
            "409 not-linked unlink-in-progress"})
    @PostMapping("/unlink-requests")
    public ResponseEntity<UnlinkService.UnlinkRequest> requestUnlink(@AuthenticationPrincipal PartnerPrincipal caller,
                                                                     @RequestBody RequestUnlink body,
                                                                     HttpServletRequest http) {
        return ResponseEntity.status(HttpStatus.CREATED).body(unlinks.request(caller, body.reason(), body.confirmation(),
                http.getRemoteAddr()));
    }
}
