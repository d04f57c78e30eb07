package com.partnerflow.certifications;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseResolutionGuard;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.certifications.MergeRequests.MergeRequest;
import com.partnerflow.certifications.system.CertificationSystem;
import com.partnerflow.certifications.system.CertificationSystem.CertificationAccount;
import com.partnerflow.certifications.system.CertificationSystemUnavailable;
import com.partnerflow.certifications.system.LocalCertificationSystem;
import com.partnerflow.config.EngineClock;
import com.partnerflow.signin.PartnerPrincipal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Opening and reading merge cases; and the rule that a merge handed to the certification system cannot be withdrawn. */
@Service
public class CertificationMerges implements CaseResolutionGuard {

    private final SupportCaseService caseService;
    private final CaseRepository cases;
    private final MergeRequests requests;
    private final CertificationSystem system;
    private final EngineClock clock;

    public CertificationMerges(SupportCaseService caseService, CaseRepository cases, MergeRequests requests,
                               CertificationSystem system, EngineClock clock) {
        this.caseService = caseService;
        this.cases = cases;
        this.requests = requests;
        this.system = system;
        this.clock = clock;
    }

    public record MergeView(String caseNumber, String caseStatus, String keepAccountEmail, String mergeAccountEmail,
                            String stage, String waitingOn, Instant waitingSince, Instant mergeRequestedAt,
                            Instant mergeCompletedAt, boolean withdrawable) {
    }

    @Transactional
    public MergeView open(PartnerPrincipal caller, String keepEmail, String mergeEmail, String note) {
        String keep = LocalCertificationSystem.normalize(keepEmail);
        String merge = LocalCertificationSystem.normalize(mergeEmail);
        if (keep.equals(merge)) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "same-certification-account",
                    "Account #1 (keep) and account #2 (merge away) are the same account.");
        }
        requireMergeable(keep, "keepAccountEmail", "#1 (keep)");
        requireMergeable(merge, "mergeAccountEmail", "#2 (merge away)");
        Optional<MergeRequest> first = requests.openForPair(MergeRequests.pairKey(keep, merge));
        if (first.isPresent()) {
            throw duplicate(first.get(), caller);
        }
        String description = "Please merge certification account #2 " + merge + " into account #1 " + keep
                + " (keep #1)." + (note == null || note.isBlank() ? "" : "\n\n" + note.strip());
        SupportCase c = caseService.open(caller.userId(), new SupportCaseService.CaseRequest("Partner Central",
                "Certifications", "Certification account merge", "Merge certification account " + merge + " into "
                        + keep, description), MergeProcess.KEY,
                Map.of(MergeProcess.KEEP_EMAIL, keep, MergeProcess.MERGE_EMAIL, merge));
        try {
            requests.insert(c.id(), caller.accountId(), keep, merge, clock.now());
        } catch (DuplicateKeyException raced) {
            throw new ApiProblem(HttpStatus.CONFLICT, "duplicate-merge-case",
                    "A merge case for these two accounts was opened at the same moment; see your cases.");
        }
        return view(c, requests.find(c.id()).orElseThrow());
    }

    @Transactional(readOnly = true)
    public MergeView read(PartnerPrincipal caller, String caseNumber) {
        long number = SupportCase.parse(caseNumber);
        SupportCase c = cases.findByNumber(number).filter(found -> found.accountId().equals(caller.accountId()))
                .orElseThrow(() -> notFound(caseNumber));
        return view(c, requests.find(c.id()).orElseThrow(() -> notFound(caseNumber)));
    }

    /** Withdrawal (the partner resolving the case) is refused once the merge went to the certification system. */
    @Override
    public void checkResolvable(SupportCase supportCase) {
        requests.lock(supportCase.id()).ifPresent(request -> {
            if (request.externalMergeId() != null && !request.stage().isFinal()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "merge-already-started", "The merge of "
                        + request.mergeEmail() + " into " + request.keepEmail() + " has already started; "
                        + supportCase.caseNumber() + " can no longer be withdrawn.",
                        Map.of("caseNumber", supportCase.caseNumber()));
            }
        });
    }

    private void requireMergeable(String email, String field, String which) {
        Optional<CertificationAccount> account;
        try {
            account = system.findAccount(email);
        } catch (CertificationSystemUnavailable e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "certification-system-unavailable",
                    "The certification system does not answer just now; nothing was opened. Try again later.");
        }
        if (account.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-certification-account",
                    "There is no certification account " + email + " (account " + which + ").", Map.of("field", field));
        }
        if (account.get().merged()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "certification-account-merged",
                    "Certification account " + email + " (account " + which + ") was already merged into "
                            + account.get().mergedIntoEmail() + ".", Map.of("field", field));
        }
    }

    private ApiProblem duplicate(MergeRequest first, PartnerPrincipal caller) {
        if (!first.accountId().equals(caller.accountId())) {
            return new ApiProblem(HttpStatus.CONFLICT, "duplicate-merge-case",
                    "A merge of these two certification accounts is already being handled.");
        }
        String number = cases.find(first.caseId()).orElseThrow().caseNumber();
        return new ApiProblem(HttpStatus.CONFLICT, "duplicate-merge-case", "A merge of these two certification "
                + "accounts is already open as " + number + "; a second case would only slow it down.",
                Map.of("caseNumber", number));
    }

    private static MergeView view(SupportCase c, MergeRequest r) {
        return new MergeView(c.caseNumber(), c.status().name(), r.keepEmail(), r.mergeEmail(), r.stage().name(),
                r.waitingOn(), r.stageSince(), r.mergeRequestedAt(), r.mergeCompletedAt(),
                r.externalMergeId() == null && !r.stage().isFinal());
    }

    private static ApiProblem notFound(String caseNumber) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "case-not-found", "No merge case " + caseNumber + " in your account.");
    }
}
