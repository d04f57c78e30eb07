package com.partnerflow.certifications;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.directory.Permission;
import com.partnerflow.signin.PartnerPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Certifications in the partner API: my settings, the organisation's roster, merge cases. */
@RestController
public class CertificationController {

    private final CertificationProfiles profiles;
    private final CertificationMerges merges;

    public CertificationController(CertificationProfiles profiles, CertificationMerges merges) {
        this.profiles = profiles;
        this.merges = merges;
    }

    public record TncEmailRequest(@NotBlank @Email @Size(max = 320) String email) {
    }

    public record MergeRequestBody(@NotBlank @Email @Size(max = 320) String keepAccountEmail,
                                   @NotBlank @Email @Size(max = 320) String mergeAccountEmail,
                                   @Size(max = 10000) String note) {
    }

    @GetMapping("/api/me/certifications")
    public CertificationProfiles.MyCertifications mine(@AuthenticationPrincipal PartnerPrincipal caller) {
        return profiles.mine(caller);
    }

    @ProblemAnswers({"409 certification-account-email-taken", "422 same-as-business-address"})
    @PutMapping("/api/me/certification-account-email")
    public CertificationProfiles.MyCertifications setTncEmail(@AuthenticationPrincipal PartnerPrincipal caller,
                                                              @Valid @RequestBody TncEmailRequest body,
                                                              HttpServletRequest http) {
        caller.require(Permission.MANAGE_OWN_PROFILE);
        return profiles.setTncEmail(caller, body.email(), http.getRemoteAddr());
    }

    @DeleteMapping("/api/me/certification-account-email")
    public CertificationProfiles.MyCertifications clearTncEmail(@AuthenticationPrincipal PartnerPrincipal caller,
                                                                HttpServletRequest http) {
        caller.require(Permission.MANAGE_OWN_PROFILE);
        return profiles.clearTncEmail(caller, http.getRemoteAddr());
    }

    @PutMapping("/api/me/certification-consent")
    public CertificationProfiles.MyCertifications giveConsent(@AuthenticationPrincipal PartnerPrincipal caller,
                                                              HttpServletRequest http) {
        caller.require(Permission.MANAGE_OWN_PROFILE);
        return profiles.setConsent(caller, true, http.getRemoteAddr());
    }

    @DeleteMapping("/api/me/certification-consent")
    public CertificationProfiles.MyCertifications revokeConsent(@AuthenticationPrincipal PartnerPrincipal caller,
                                                                HttpServletRequest http) {
        caller.require(Permission.MANAGE_OWN_PROFILE);
        return profiles.setConsent(caller, false, http.getRemoteAddr());
    }

    @ProblemAnswers("403 access-denied")
    @GetMapping("/api/account/certification-roster")
    public CertificationProfiles.Roster roster(@AuthenticationPrincipal PartnerPrincipal caller) {
        caller.require(Permission.VIEW_CERTIFICATION_ROSTER);
        return profiles.roster(caller.accountId());
    }

    @ProblemAnswers({"409 duplicate-merge-case", "422 same-certification-account unknown-certification-account"})
    @PostMapping("/api/certification-merges")
    public ResponseEntity<CertificationMerges.MergeView> openMerge(@AuthenticationPrincipal PartnerPrincipal caller,
                                                                   @Valid @RequestBody MergeRequestBody body) {
        caller.require(Permission.OPEN_SUPPORT_CASES);
        CertificationMerges.MergeView view = merges.open(caller, body.keepAccountEmail(), body.mergeAccountEmail(),
                body.note());
        return ResponseEntity.created(URI.create("/api/certification-merges/" + view.caseNumber())).body(view);
    }

    @ProblemAnswers("404 case-not-found")
    @GetMapping("/api/certification-merges/{caseNumber}")
    public CertificationMerges.MergeView readMerge(@AuthenticationPrincipal PartnerPrincipal caller,
                                                   @PathVariable String caseNumber) {
        return merges.read(caller, caseNumber);
    }
}
