package com.partnerflow.leadership;

import static com.partnerflow.leadership.AllianceLeadProcesses.ACCOUNT_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.ACTOR;
import static com.partnerflow.leadership.AllianceLeadProcesses.ACTOR_USER_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.CHANGE_REQUEST_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.HAND_OVER_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.NEW_LEAD_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.PREVIOUS_LEAD_ID;
import static com.partnerflow.leadership.AllianceLeadProcesses.SOURCE_ADDRESS;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerDirectory.LeadHandOver;
import com.partnerflow.directory.PartnerUser;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of alliance-lead-reassignment.bpmn, and the two mails both lead processes send after
 * a hand-over. The change request's own steps are in {@link LeadChangeRequestSteps}.
 */
@Configuration
public class AllianceLeadSteps {

    private final PartnerDirectory directory;
    private final AllianceLeadRepository repository;
    private final AllianceLeadMailer mailer;
    private final AuditLog audit;

    public AllianceLeadSteps(PartnerDirectory directory, AllianceLeadRepository repository, AllianceLeadMailer mailer,
                             AuditLog audit) {
        this.directory = directory;
        this.repository = repository;
        this.mailer = mailer;
        this.audit = audit;
    }

    /**
     * "Hand over the alliance lead role" (synchronous, in the lead's request): the guarded move of
     * the lead row; an {@link com.partnerflow.directory.AllianceLeadChangedException} rolls the
     * whole request back and is answered 409.
     * <p>Serves {@code Task_HandOverLeadRole} (alliance-lead-reassignment).
     */
    @Bean
    JavaDelegate handOverAllianceLeadDelegate() {
        return execution -> {
            UUID accountId = uuid(execution, ACCOUNT_ID);
            String actor = (String) execution.getVariable(ACTOR);
            LeadHandOver done = directory.reassignAllianceLead(accountId, uuid(execution, PREVIOUS_LEAD_ID),
                    uuid(execution, NEW_LEAD_ID), actor);
            repository.recordHandOver(uuid(execution, HAND_OVER_ID), accountId, done.previousLeadId(),
                    done.newLeadId(), actor, null);
            recordReassigned(done, actor, uuid(execution, ACTOR_USER_ID), (String) execution.getVariable(SOURCE_ADDRESS),
                    null);
        };
    }

    /** The audit event of every hand-over, whoever made it. */
    void recordReassigned(LeadHandOver done, String actor, UUID actorUserId, String sourceAddress, String caseNumber) {
        PartnerUser previous = directory.findUser(done.previousLeadId()).orElseThrow();
        PartnerUser next = directory.findUser(done.newLeadId()).orElseThrow();
        AuditLog.Event event = audit.event("AllianceLeadReassigned").by(actor, actorUserId).account(done.accountId())
                .target(next.email(), next.id()).from(sourceAddress)
                .with("from", previous.email()).with("fromUserId", previous.id().toString())
                .with("to", next.email()).with("toUserId", next.id().toString())
                .with("previousLeadRoles", done.previousLeadRoles().toString());
        if (caseNumber != null) {
            event.with("caseNumber", caseNumber);
        }
        event.record();
    }

    /**
     * "Tell the previous lead": what happened to the role they held, and the roles they have now.
     * <p>Serves {@code Task_TellPreviousLead} (alliance-lead-change-request, alliance-lead-reassignment).
     */
    @Bean
    JavaDelegate tellPreviousLeadDelegate() {
        return execution -> tell(execution, true);
    }

    /**
     * "Tell the new lead".
     * <p>Serves {@code Task_TellNewLead} (alliance-lead-change-request, alliance-lead-reassignment).
     */
    @Bean
    JavaDelegate tellNewLeadDelegate() {
        return execution -> tell(execution, false);
    }

    private void tell(DelegateExecution execution, boolean previousLead) {
        boolean byRequest = execution.getVariable(CHANGE_REQUEST_ID) != null;
        PartnerUser previous = directory.findUser(uuid(execution, PREVIOUS_LEAD_ID)).orElseThrow();
        PartnerUser next = directory.findUser(uuid(execution, NEW_LEAD_ID)).orElseThrow();
        String company = directory.findAccount(uuid(execution, ACCOUNT_ID)).orElseThrow().legalName();
        if (previousLead) {
            mailer.send(byRequest ? AllianceLeadMailer.Kind.REPLACED : AllianceLeadMailer.Kind.HANDED_OVER,
                    previous, next, company);
        } else {
            mailer.send(byRequest ? AllianceLeadMailer.Kind.RECEIVED_BY_REQUEST : AllianceLeadMailer.Kind.RECEIVED,
                    next, previous, company);
        }
    }

    static UUID uuid(DelegateExecution execution, String variable) {
        return UUID.fromString((String) execution.getVariable(variable));
    }
}
