package com.partnerflow.leadership;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.api.ConfirmationWord;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.config.Savepoints;
import com.partnerflow.directory.AllianceLeadChangedException;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.signin.PartnerPrincipal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The alliance lead of a partner account: the lead hands the role over (process
 * alliance-lead-reassignment), and any user asks support to change it when the lead has left
 * (a support case worked by process alliance-lead-change-request).
 */
@Service
public class AllianceLeadService {

    /** The word the lead types to confirm a hand-over (Guide: "enter confirm"). */
    private final PartnerDirectory directory;
    private final AllianceLeadRepository repository;
    private final RuntimeService runtime;
    private final SupportCaseService caseService;
    private final CaseRepository cases;
    private final AuditLog audit;
    private final Savepoints savepoints;

    public AllianceLeadService(PartnerDirectory directory, AllianceLeadRepository repository, RuntimeService runtime,
                               SupportCaseService caseService, CaseRepository cases, AuditLog audit,
                               Savepoints savepoints) {
        this.directory = directory;
        this.repository = repository;
        this.runtime = runtime;
        this.caseService = caseService;
        this.cases = cases;
        this.audit = audit;
        this.savepoints = savepoints;
    }

    public record HandedOver(UUID handOverId, PartnerUser previousLead, PartnerUser newLead) {
    }

    public record ChangeRequested(LeadChangeRequest request, SupportCase supportCase) {
    }

    public record LeadView(PartnerUser lead, Optional<LeadChangeRequest> openRequest, Optional<String> openCaseNumber) {
    }

    /**
     * The caller, the current lead, hands the role to another active user of the account. The
     * hand-over is the first step of the process and runs in this transaction, so the answer is
     * final; the mails follow asynchronously.
     */
    @Transactional
    public HandedOver reassign(PartnerPrincipal caller, UUID newLeadUserId, String confirmation, String sourceAddress) {
        ConfirmationWord.require(confirmation,
                "Type the word \"confirm\" (exactly so, in lower case) to reassign the alliance lead role.");
        PartnerUser newLead = userOfAccount(caller.accountId(), newLeadUserId);
        if (newLead.id().equals(caller.userId())) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "already-alliance-lead",
                    "You are the alliance lead already; choose another user of your account.");
        }
        requireActive(newLead);
        UUID handOverId = UUID.randomUUID();
        Map<String, Object> variables = new HashMap<>();
        variables.put(AllianceLeadProcesses.HAND_OVER_ID, handOverId.toString());
        variables.put(AllianceLeadProcesses.ACCOUNT_ID, caller.accountId().toString());
        variables.put(AllianceLeadProcesses.PREVIOUS_LEAD_ID, caller.userId().toString());
        variables.put(AllianceLeadProcesses.NEW_LEAD_ID, newLead.id().toString());
        variables.put(AllianceLeadProcesses.ACTOR, caller.email());
        variables.put(AllianceLeadProcesses.ACTOR_USER_ID, caller.userId().toString());
        variables.put(AllianceLeadProcesses.SOURCE_ADDRESS, sourceAddress);
        try {
            runtime.startProcessInstanceByKey(AllianceLeadProcesses.REASSIGNMENT, handOverId.toString(), variables);
        } catch (RuntimeException e) {
            AllianceLeadChangedException changed = causeOf(e);
            if (changed == null) {
                throw e;
            }
            throw new ApiProblem(HttpStatus.CONFLICT, "alliance-lead-changed",
                    "The alliance lead role changed while you asked (" + changed.getMessage()
                            + "); nothing was done. Reload and check who leads the account now.");
        }
        return new HandedOver(handOverId, directory.findUser(caller.userId()).orElseThrow(),
                directory.findUser(newLead.id()).orElseThrow());
    }

    /**
     * Any active user asks support to give the lead role to someone else: one open request per
     * account, worked as a support case by process alliance-lead-change-request.
     */
    @Transactional
    public ChangeRequested requestChange(PartnerPrincipal caller, String reason, UUID proposedLeadUserId,
                                         String sourceAddress) {
        UUID accountId = caller.accountId();
        UUID currentLead = directory.allianceLeadOf(accountId).orElseThrow();
        if (currentLead.equals(caller.userId())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "caller-is-alliance-lead",
                    "You are the alliance lead: hand the role over yourself with POST /api/account/alliance-lead-reassignments.");
        }
        PartnerUser proposed = null;
        if (proposedLeadUserId != null) {
            proposed = userOfAccount(accountId, proposedLeadUserId);
            if (proposed.id().equals(currentLead)) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "already-alliance-lead",
                        "The proposed user is the alliance lead already.");
            }
            requireActive(proposed);
        }
        repository.openOf(accountId).ifPresent(this::refuseSecond);
        UUID requestId = UUID.randomUUID();
        UUID proposedId = proposed == null ? null : proposed.id();
        try {
            savepoints.run(() -> repository.insertOpen(requestId, accountId, caller.userId(), proposedId,
                    reason));
        } catch (DuplicateKeyException anotherUserWasFaster) {
            refuseSecond(repository.openOf(accountId).orElseThrow(() -> anotherUserWasFaster));
        }
        PartnerUser lead = directory.findUser(currentLead).orElseThrow();
        String description = "Request to change the alliance lead of the account.\n"
                + "Current alliance lead: " + AllianceLeadMailer.nameOf(lead) + " (" + lead.status() + ")\n"
                + "Proposed new lead: " + (proposed == null ? "(none proposed)" : AllianceLeadMailer.nameOf(proposed))
                + "\nReason: " + reason;
        SupportCase supportCase = caseService.open(caller.userId(), new SupportCaseService.CaseRequest(
                        "Partner Central", "Alliance lead change", null, "Alliance lead change request", description),
                AllianceLeadProcesses.CHANGE_REQUEST, Map.of(
                        AllianceLeadProcesses.CHANGE_REQUEST_ID, requestId.toString(),
                        AllianceLeadProcesses.ACCOUNT_ID, accountId.toString()));
        repository.linkCase(requestId, supportCase.id());
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("caseNumber", supportCase.caseNumber());
        parameters.put("currentLead", lead.email());
        parameters.put("proposedLead", proposed == null ? null : proposed.email());
        parameters.put("reason", reason);
        audit.event("AllianceLeadChangeRequested").by(caller.email(), caller.userId()).account(accountId)
                .target(lead.email(), lead.id()).from(sourceAddress).with(parameters).record();
        return new ChangeRequested(repository.find(requestId).orElseThrow(), supportCase);
    }

    /** Who leads the account, and the open change request if there is one. */
    @Transactional(readOnly = true)
    public LeadView lead(UUID accountId) {
        PartnerUser lead = directory.findUser(directory.allianceLeadOf(accountId).orElseThrow()).orElseThrow();
        Optional<LeadChangeRequest> open = repository.openOf(accountId);
        return new LeadView(lead, open, open.map(LeadChangeRequest::caseId).flatMap(cases::find)
                .map(SupportCase::caseNumber));
    }

    private void refuseSecond(LeadChangeRequest first) {
        String caseNumber = first.caseId() == null ? null
                : cases.find(first.caseId()).map(SupportCase::caseNumber).orElse(null);
        Map<String, Object> pointer = new HashMap<>();
        pointer.put("requestId", first.id().toString());
        pointer.put("caseNumber", caseNumber);
        throw new ApiProblem(HttpStatus.CONFLICT, "change-request-open",
                caseNumber == null ? "Your account has an open alliance lead change request."
                        : "Your account has an open alliance lead change request (" + caseNumber
                        + "); add to it with POST /api/cases/" + caseNumber + "/messages instead of asking again.",
                pointer);
    }

    /** A user of the caller's account; unknown ids and users of other accounts get the same answer. */
    private PartnerUser userOfAccount(UUID accountId, UUID userId) {
        return directory.findUser(userId).filter(u -> u.accountId().equals(accountId))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "user-not-found",
                        "No user " + userId + " in your account.", Map.of("userId", userId.toString())));
    }

    private static void requireActive(PartnerUser user) {
        if (!"ACTIVE".equals(user.status())) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "user-not-active",
                    user.email() + " is " + user.status().toLowerCase() + "; only an active user can become alliance lead.",
                    Map.of("userId", user.id().toString(), "userStatus", user.status()));
        }
    }

    private static AllianceLeadChangedException causeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AllianceLeadChangedException changed) {
                return changed;
            }
        }
        return null;
    }
}
