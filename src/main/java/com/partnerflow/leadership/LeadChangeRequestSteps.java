package com.partnerflow.leadership;

import static com.partnerflow.leadership.AllianceLeadProcesses.ACCOUNT_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.CHANGE_REQUEST_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.DECIDING_AGENT;
import static com.partnerflow.leadership.AllianceLeadProcesses.ERROR_CHOICE_REFUSED;
import static com.partnerflow.leadership.AllianceLeadProcesses.HAND_OVER_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.NEW_LEAD_EMAIL;
import static com.partnerflow.leadership.AllianceLeadProcesses.NEW_LEAD_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.PREVIOUS_LEAD_ACTIVE;
import static com.partnerflow.leadership.AllianceLeadProcesses.PREVIOUS_LEAD_ID;
import static com.partnerflow.leadership.AllianceLeadSteps.uuid;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.cases.CaseContext;
import com.partnerflow.cases.CaseMailer;
import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.directory.AllianceLeadChangedException;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerDirectory.LeadHandOver;
import com.partnerflow.directory.PartnerUser;
import java.util.Locale;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The steps of alliance-lead-change-request.bpmn that are its own (case steps come from the cases package). */
@Configuration
public class LeadChangeRequestSteps {

    private final PartnerDirectory directory;
    private final AllianceLeadRepository repository;
    private final AllianceLeadSteps leadSteps;
    private final AllianceLeadMailer texts;
    private final CaseContext caseContext;
    private final CaseMailer caseMailer;
    private final CaseRepository cases;
    private final AuditLog audit;

    public LeadChangeRequestSteps(PartnerDirectory directory, AllianceLeadRepository repository,
                                  AllianceLeadSteps leadSteps, AllianceLeadMailer texts, CaseContext caseContext,
                                  CaseMailer caseMailer, CaseRepository cases, AuditLog audit) {
        this.directory = directory;
        this.repository = repository;
        this.leadSteps = leadSteps;
        this.texts = texts;
        this.caseContext = caseContext;
        this.caseMailer = caseMailer;
        this.cases = cases;
        this.audit = audit;
    }

    /**
     * "Hand over the alliance lead role" after the agent approved: the chosen address must be an
     * active user of the account other than the current lead, and the role must still be where
     * it was; otherwise BPMN error {@value AllianceLeadProcesses#ERROR_CHOICE_REFUSED} takes the
     * request back to the agent with the reason as notice (no incident, nothing changed).
     * <p>Serves {@code Task_HandOverLeadRole} (alliance-lead-change-request).
     */
    @Bean
    JavaDelegate handOverApprovedLeadDelegate() {
        return execution -> {
            LeadChangeRequest request = requestOf(execution);
            SupportCase supportCase = caseContext.caseOf(execution);
            String agent = agentOf(execution);
            String chosen = String.valueOf(execution.getVariable(NEW_LEAD_EMAIL)).trim();
            PartnerUser newLead = directory.usersOf(request.accountId()).stream()
                    .filter(u -> u.email().equalsIgnoreCase(chosen)).findFirst()
                    .orElseThrow(() -> refused("No user with the address \"" + chosen
                            + "\" in this account. Choose one of the active users listed."));
            if (!"ACTIVE".equals(newLead.status())) {
                throw refused(newLead.email() + " is " + newLead.status().toLowerCase(Locale.ROOT)
                        + ": only an active user can become alliance lead. Choose one of the active users listed.");
            }
            UUID currentLead = directory.allianceLeadOf(request.accountId()).orElseThrow();
            if (currentLead.equals(newLead.id())) {
                throw refused(newLead.email() + " is the alliance lead already. Choose another user, or reject the request.");
            }
            // the role is taken from the lead the agent saw, so a change made meanwhile is not overruled unseen
            Object seen = execution.getVariable(AllianceLeadProcesses.LEAD_SEEN_BY_AGENT);
            UUID expectedLead = seen == null ? currentLead : UUID.fromString(seen.toString());
            if (!expectedLead.equals(currentLead)) {
                throw refused(changedMeanwhile("the role moved to another user after this form was prepared"));
            }
            LeadHandOver done;
            try {
                done = directory.reassignAllianceLead(request.accountId(), expectedLead, newLead.id(), agent);
            } catch (AllianceLeadChangedException changed) {
                throw refused(changedMeanwhile(changed.getMessage()));
            }
            UUID handOverId = UUID.randomUUID();
            repository.recordHandOver(handOverId, request.accountId(), done.previousLeadId(), done.newLeadId(), agent,
                    request.id());
            String note = (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE);
            repository.close(request.id(), LeadChangeRequest.Status.APPROVED, newLead.id(), agent, note);
            PartnerUser previous = directory.findUser(done.previousLeadId()).orElseThrow();
            PartnerUser requester = directory.findUser(request.requestedBy()).orElseThrow();
            audit.event("AllianceLeadChangeApproved").by(agent, null).account(request.accountId())
                    .target(newLead.email(), newLead.id())
                    .with("caseNumber", supportCase.caseNumber()).with("requestedBy", requester.email())
                    .with("previousLead", previous.email()).with("newLead", newLead.email()).with("note", note)
                    .record();
            leadSteps.recordReassigned(done, agent, null, null, supportCase.caseNumber());
            execution.setVariable(HAND_OVER_ID, handOverId.toString());
            execution.setVariable(PREVIOUS_LEAD_ID, previous.id().toString());
            execution.setVariable(NEW_LEAD_ID, newLead.id().toString());
            execution.setVariable(PREVIOUS_LEAD_ACTIVE, "ACTIVE".equals(previous.status()));
        };
    }

    /**
     * "Record the rejection".
     * <p>Serves {@code Task_RecordRejection} (alliance-lead-change-request).
     */
    @Bean
    JavaDelegate rejectLeadChangeDelegate() {
        return execution -> {
            LeadChangeRequest request = requestOf(execution);
            String agent = agentOf(execution);
            String reason = (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE);
            repository.close(request.id(), LeadChangeRequest.Status.REJECTED, null, agent, reason);
            PartnerUser requester = directory.findUser(request.requestedBy()).orElseThrow();
            audit.event("AllianceLeadChangeRejected").by(agent, null).account(request.accountId())
                    .target(requester.email(), requester.id())
                    .with("caseNumber", caseContext.caseOf(execution).caseNumber()).with("reason", reason).record();
        };
    }

    /**
     * "Resolve the case" (approved or rejected): the requester's final mail, in their language,
     * with the outcome and the agent's note or reason; the case is resolved.
     * <p>Serves {@code Task_ResolveApproved} (alliance-lead-change-request), {@code Task_ResolveRejected}
     * (alliance-lead-change-request).
     */
    @Bean
    JavaDelegate resolveLeadChangeCaseDelegate() {
        return execution -> {
            LeadChangeRequest request = requestOf(execution);
            SupportCase supportCase = caseContext.caseOf(execution);
            PartnerUser requester = caseContext.partnerOf(supportCase);
            Locale locale = Locale.forLanguageTag(requester.language());
            String company = directory.findAccount(request.accountId()).orElseThrow().legalName();
            String message = (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE);
            boolean hasMessage = message != null && !message.isBlank();
            String text;
            if (request.status() == LeadChangeRequest.Status.APPROVED) {
                PartnerUser newLead = directory.findUser(request.newLeadId()).orElseThrow();
                text = texts.text("alliance-lead.case.approved", locale, AllianceLeadMailer.nameOf(newLead), company)
                        + (hasMessage ? "\n\n" + texts.text("alliance-lead.case.note", locale, message) : "");
            } else {
                text = texts.text("alliance-lead.case.rejected", locale, company)
                        + (hasMessage ? "\n\n" + texts.text("alliance-lead.case.reason", locale, message) : "");
            }
            caseMailer.send(supportCase, requester, CaseMailer.Kind.RESOLVED, text);
            cases.setStatus(supportCase.id(), CaseStatus.RESOLVED);
        };
    }

    /**
     * "Close the request as withdrawn" (the requester resolved the case before a decision).
     * <p>Serves {@code Task_CloseWithdrawn} (alliance-lead-change-request).
     */
    @Bean
    JavaDelegate withdrawLeadChangeDelegate() {
        return execution -> {
            LeadChangeRequest request = requestOf(execution);
            PartnerUser requester = directory.findUser(request.requestedBy()).orElseThrow();
            if (repository.close(request.id(), LeadChangeRequest.Status.WITHDRAWN, null, requester.email(), null)) {
                audit.event("AllianceLeadChangeWithdrawn").by(requester.email(), requester.id())
                        .account(request.accountId()).target(requester.email(), requester.id())
                        .with("caseNumber", caseContext.caseOf(execution).caseNumber()).record();
            }
        };
    }

    private LeadChangeRequest requestOf(DelegateExecution execution) {
        return repository.find(uuid(execution, CHANGE_REQUEST_ID)).orElseThrow();
    }

    private static String agentOf(DelegateExecution execution) {
        Object agent = execution.getVariable(DECIDING_AGENT);
        return agent == null ? "support agent" : agent.toString();
    }

    private static String changedMeanwhile(String detail) {
        return "The alliance lead changed while you decided (" + detail + "). Check the request again.";
    }

    private static BpmnError refused(String why) {
        return new BpmnError(ERROR_CHOICE_REFUSED, why);
    }

    static UUID accountOf(DelegateExecution execution) {
        return uuid(execution, ACCOUNT_ID);
    }
}
