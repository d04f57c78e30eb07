package com.partnerflow.tasks;

import static com.partnerflow.tasks.PartnerTaskProcess.ACTOR_USER_ID;
import static com.partnerflow.tasks.PartnerTaskProcess.NEW_ASSIGNEE_USER_ID;
import static com.partnerflow.tasks.PartnerTaskProcess.RETURN_REASON;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.tasks.PartnerTasks.PartnerTask;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of partner-task.bpmn. They run in the transaction of the API call (or removal) that
 * sent the message, so the answer shows the result. Each step clears the message's variables.
 */
@Configuration
public class PartnerTaskDelegates {

    private final PartnerTasks tasks;
    private final PartnerDirectory directory;
    private final AuditLog audit;

    public PartnerTaskDelegates(PartnerTasks tasks, PartnerDirectory directory, AuditLog audit) {
        this.tasks = tasks;
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * "Record the completion".
     * <p>Serves {@code Task_RecordCompletion} (partner-task).
     */
    @Bean
    JavaDelegate recordPartnerTaskCompletionDelegate() {
        return execution -> {
            PartnerTask task = taskOf(execution);
            PartnerUser actor = user(execution.getVariable(ACTOR_USER_ID));
            tasks.complete(task.id(), actor.id());
            audit.event("PartnerTaskCompleted").by(actor.email(), actor.id()).account(task.accountId())
                    .target(task.title(), null).with("task", task.taskKey()).with("taskId", task.id().toString())
                    .record();
            clear(execution);
        };
    }

    /**
     * "Return the task to the alliance lead", with the dismissal's reason (or the assignee's removal).
     * <p>Serves {@code Task_ReturnToLead} (partner-task).
     */
    @Bean
    JavaDelegate returnPartnerTaskToLeadDelegate() {
        return execution -> {
            PartnerTask task = taskOf(execution);
            UUID lead = tasks.allianceLeadOf(task.accountId()).orElseThrow();
            Object actorId = execution.getVariable(ACTOR_USER_ID);
            PartnerUser actor = actorId == null ? null : user(actorId);
            String reason = (String) execution.getVariable(RETURN_REASON);
            tasks.returnTo(task.id(), lead, reason, actor == null ? null : actor.id());
            PartnerUser previous = directory.findUser(task.assigneeUserId()).orElseThrow();
            audit.event(actor == null ? "PartnerTaskReturned" : "PartnerTaskDismissed")
                    .by(actor == null ? "partner-task" : actor.email(), actor == null ? null : actor.id())
                    .account(task.accountId()).target(previous.email(), previous.id())
                    .with("task", task.taskKey()).with("taskId", task.id().toString()).with("reason", reason)
                    .record();
            clear(execution);
        };
    }

    /**
     * "Assign the task": the lead's change of assignee.
     * <p>Serves {@code Task_AssignTask} (partner-task).
     */
    @Bean
    JavaDelegate assignPartnerTaskDelegate() {
        return execution -> {
            PartnerTask task = taskOf(execution);
            PartnerUser actor = user(execution.getVariable(ACTOR_USER_ID));
            PartnerUser assignee = user(execution.getVariable(NEW_ASSIGNEE_USER_ID));
            tasks.assign(task.id(), assignee.id());
            audit.event("PartnerTaskReassigned").by(actor.email(), actor.id()).account(task.accountId())
                    .target(assignee.email(), assignee.id()).with("task", task.taskKey())
                    .with("taskId", task.id().toString()).with("previousAssigneeUserId", task.assigneeUserId().toString())
                    .record();
            clear(execution);
        };
    }

    private static void clear(DelegateExecution execution) {
        execution.removeVariable(ACTOR_USER_ID);
        execution.removeVariable(NEW_ASSIGNEE_USER_ID);
        execution.removeVariable(RETURN_REASON);
    }

    private PartnerUser user(Object id) {
        return directory.findUser(UUID.fromString((String) id)).orElseThrow();
    }

    private PartnerTask taskOf(DelegateExecution execution) {
        return tasks.find(UUID.fromString(execution.getProcessBusinessKey())).orElseThrow();
    }
}
