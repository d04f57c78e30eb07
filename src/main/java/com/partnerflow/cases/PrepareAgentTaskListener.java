package com.partnerflow.cases;

import com.partnerflow.api.TaskInputRefused;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.links.LinkSettings;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On the agent's "Work case" task: when it is created, the case is waiting for an agent and the
 * task gets what its form shows (case, partner, the whole correspondence); the answer fields
 * start empty. When it is completed, the decision must be one of the form's choices and the message
 * to the partner must be written (the form requires both; this refuses the same for engine-REST
 * callers in one sentence), and the agent's name is kept for the record.
 * <p>Serves {@code Task_VerifyLeadChange} (alliance-lead-change-request), {@code Task_ReviewUnlink}
 * (marketplace-account-unlinking), {@code Task_WorkCase} (support-case).
 */
@Component("prepareAgentTaskListener")
public class PrepareAgentTaskListener implements TaskListener {

    /** The form's choices per task; the lead-change review checks its own input. */
    private static final Map<String, List<String>> DECISIONS = Map.of(
            "Task_WorkCase", List.of("ANSWER", "ASK", "RESOLVE"),
            "Task_ReviewUnlink", List.of("UNLINK", "ASK", "DECLINE"));

    private final CaseContext context;
    private final CaseRepository cases;

    private final LinkSettings links;

    public PrepareAgentTaskListener(CaseContext context, CaseRepository cases, LinkSettings links) {
        this.context = context;
        this.cases = cases;
        this.links = links;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            checkInput(task);
            task.getExecution().setVariable("lastAgent", task.getAssignee());
            task.getExecution().setVariable(CaseProcesses.AGENT_NOTICE, null);
            return;
        }
        SupportCase c = context.caseOf(task);
        PartnerUser partner = context.partnerOf(c);
        cases.setStatus(c.id(), CaseStatus.WAITING_FOR_AGENT);
        task.setVariableLocal("caseType", c.caseType() + " / " + c.questionType()
                + (c.specificQuestionType() == null ? "" : " / " + c.specificQuestionType()));
        task.setVariableLocal("partner", partner.firstName() + " " + partner.lastName() + " <" + partner.email() + ">");
        task.setVariableLocal("correspondence", Correspondence.newestFirst(cases.messages(c.id()), links));
        task.getExecution().setVariable(CaseProcesses.AGENT_DECISION, null);
        task.getExecution().setVariable(CaseProcesses.AGENT_MESSAGE, null);
    }

    private static void checkInput(DelegateTask task) {
        List<String> choices = DECISIONS.get(task.getTaskDefinitionKey());
        if (choices == null) {
            return;
        }
        if (!choices.contains(task.getVariable(CaseProcesses.AGENT_DECISION))) {
            throw TaskInputRefused.because("Choose what you do (agentDecision " + String.join(", ", choices) + ").");
        }
        if (!(task.getVariable(CaseProcesses.AGENT_MESSAGE) instanceof String message) || message.isBlank()) {
            throw TaskInputRefused.because("Write the message to the partner (agentMessage).");
        }
    }
}
