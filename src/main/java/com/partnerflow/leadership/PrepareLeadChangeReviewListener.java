package com.partnerflow.leadership;

import com.partnerflow.api.TaskInputRefused;
import com.partnerflow.cases.Readable;
import static com.partnerflow.leadership.AllianceLeadProcesses.APPROVE;
import static com.partnerflow.leadership.AllianceLeadProcesses.ASK;
import static com.partnerflow.leadership.AllianceLeadProcesses.DECIDING_AGENT;
import static com.partnerflow.leadership.AllianceLeadProcesses.NEW_LEAD_EMAIL;
import static com.partnerflow.leadership.AllianceLeadProcesses.REJECT;

import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.directory.PartnerAccount;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * On the agent's "Verify alliance lead change" task, besides the case listener
 * ({@code prepareAgentTaskListener}: partner, correspondence). When the task is created: what the
 * form shows about the account (current lead and their status, the active users to choose from,
 * the proposed lead, the reason), a notice when the requester did not answer, and, when the
 * agent's choice was refused, the task goes straight back to that agent. When it is completed:
 * the decision must be complete (a reason to reject, a question to ask, an address to approve),
 * otherwise completing fails with the message and the task stays as it was.
 * <p>Serves {@code Task_VerifyLeadChange} (alliance-lead-change-request).
 */
@Component("prepareLeadChangeReviewListener")
public class PrepareLeadChangeReviewListener implements TaskListener {

    private static final Set<String> DECISIONS = Set.of(APPROVE, REJECT, ASK);

    private final AllianceLeadRepository repository;
    private final PartnerDirectory directory;

    public PrepareLeadChangeReviewListener(AllianceLeadRepository repository, PartnerDirectory directory) {
        this.repository = repository;
        this.directory = directory;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            checkDecision(task);
        } else {
            prepare(task);
        }
    }

    private void prepare(DelegateTask task) {
        DelegateExecution execution = task.getExecution();
        // runs before the case listener resets the decision: a refused approval goes back to its agent
        Object lastAgent = execution.getVariable("lastAgent");
        if (APPROVE.equals(execution.getVariable(CaseProcesses.AGENT_DECISION)) && lastAgent != null) {
            task.setAssignee(lastAgent.toString());
        }
        Object askOutcome = execution.getVariable(CaseProcesses.ASK_OUTCOME);
        if ("UNANSWERED".equals(askOutcome)) {
            execution.setVariable(CaseProcesses.AGENT_NOTICE,
                    "The requester did not answer your question in time. Decide without the answer, or ask again.");
        } else if ("ANSWERED".equals(askOutcome)) {
            execution.setVariable(CaseProcesses.AGENT_NOTICE, "The requester answered: see the correspondence.");
        }
        execution.setVariable(CaseProcesses.ASK_OUTCOME, null);
        // the form's message fields, one per decision (their value reaches the process as agentMessage)
        for (String field : List.of("approvalNote", "rejectReason", "question")) {
            execution.setVariable(field, null);
        }

        LeadChangeRequest request = repository.find(UUID.fromString(
                (String) execution.getVariable(AllianceLeadProcesses.CHANGE_REQUEST_ID))).orElseThrow();
        PartnerAccount account = directory.findAccount(request.accountId()).orElseThrow();
        PartnerUser lead = directory.findUser(directory.allianceLeadOf(account.id()).orElseThrow()).orElseThrow();
        task.setVariableLocal("accountName", account.legalName() + " (" + String.join(", ", account.domains()) + ")");
        task.setVariableLocal("currentLead", AllianceLeadMailer.nameOf(lead) + " — " + Readable.words(lead.status()));
        execution.setVariable(AllianceLeadProcesses.LEAD_SEEN_BY_AGENT, lead.id().toString());
        PartnerUser proposed = request.proposedLeadId() == null ? null
                : directory.findUser(request.proposedLeadId()).orElse(null);
        task.setVariableLocal("proposedLead", proposed == null ? "(none proposed)"
                : AllianceLeadMailer.nameOf(proposed) + " — " + Readable.words(proposed.status()));
        task.setVariableLocal("activeUsers", directory.usersOf(account.id()).stream()
                .filter(u -> "ACTIVE".equals(u.status()))
                .map(u -> u.email() + " — " + u.firstName() + " " + u.lastName() + " — "
                        + u.roles().stream().map(Readable::words).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n")));
        task.setVariableLocal("reason", request.reason());
        if (execution.getVariable(NEW_LEAD_EMAIL) == null && proposed != null) {
            execution.setVariable(NEW_LEAD_EMAIL, proposed.email()); // a suggestion the agent may change
        }
    }

    private void checkDecision(DelegateTask task) {
        Object decision = task.getVariable(CaseProcesses.AGENT_DECISION);
        if (!DECISIONS.contains(decision)) {
            throw TaskInputRefused.because("Choose approve, reject or ask (agentDecision = APPROVE, REJECT or ASK).");
        }
        String message = (String) task.getVariable(CaseProcesses.AGENT_MESSAGE);
        boolean noMessage = message == null || message.isBlank();
        if (REJECT.equals(decision) && noMessage) {
            throw TaskInputRefused.because("A rejection needs a reason for the requester.");
        }
        if (ASK.equals(decision) && noMessage) {
            throw TaskInputRefused.because("Write the question for the requester.");
        }
        Object email = task.getVariable(NEW_LEAD_EMAIL);
        if (APPROVE.equals(decision) && (email == null || email.toString().isBlank())) {
            throw TaskInputRefused.because("Name the new alliance lead: the address of an active user of the account.");
        }
        task.getExecution().setVariable(DECIDING_AGENT, agentOf(task));
    }

    private static String agentOf(DelegateTask task) {
        if (task.getAssignee() != null) {
            return task.getAssignee();
        }
        Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return current != null && current.getUserId() != null ? current.getUserId() : "support agent";
    }
}
