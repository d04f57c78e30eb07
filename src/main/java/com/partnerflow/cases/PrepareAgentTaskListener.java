package com.partnerflow.cases;

import com.partnerflow.directory.PartnerUser;
import com.partnerflow.links.LinkSettings;
import com.partnerflow.mail.inbound.OriginalMailController;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On the agent's "Work case" task: when it is created, the case is waiting for an agent and the
 * task gets what its form shows (case, partner, the whole correspondence); the answer fields
 * start empty. When it is completed, the agent's name is kept for the record.
 */
@Component("prepareAgentTaskListener")
public class PrepareAgentTaskListener implements TaskListener {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

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
            task.getExecution().setVariable("lastAgent", task.getAssignee());
            task.getExecution().setVariable(CaseProcesses.AGENT_NOTICE, null);
            return;
        }
        SupportCase c = context.caseOf(task);
        PartnerUser partner = context.partnerOf(c);
        cases.setStatus(c.id(), CaseStatus.WAITING_FOR_AGENT);
        task.setVariableLocal("caseSubject", c.subject());
        task.setVariableLocal("caseType", c.caseType() + " / " + c.questionType()
                + (c.specificQuestionType() == null ? "" : " / " + c.specificQuestionType()));
        task.setVariableLocal("partner", partner.firstName() + " " + partner.lastName() + " <" + partner.email() + ">");
        task.setVariableLocal("correspondence", cases.messages(c.id()).stream()
                .map(m -> "— " + WHEN.format(m.createdAt()) + " · " + ("IN".equals(m.direction()) ? "from " : "to partner, by ")
                        + m.author() + " (" + m.channel().toLowerCase() + ")"
                        + (m.attachments().isEmpty() ? "" : " · attachments: " + m.attachments().stream()
                                .map(CaseMessage.AttachmentInfo::filename).collect(Collectors.joining(", ")))
                        + (m.originalMailId() == null ? "" : " · original: " + OriginalMailController.url(links, m.originalMailId()))
                        + "\n" + m.body())
                .collect(Collectors.joining("\n\n")));
        task.getExecution().setVariable(CaseProcesses.AGENT_DECISION, null);
        task.getExecution().setVariable(CaseProcesses.AGENT_MESSAGE, null);
    }
}
