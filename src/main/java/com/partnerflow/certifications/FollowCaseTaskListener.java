package com.partnerflow.certifications;

import com.partnerflow.api.TaskInputRefused;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Follow merge case": one task per open merge case that lives as long as the case, so agents
 * see in Tasklist every merge case, on whom it waits and since when (its description, kept
 * current by {@link MergeTracker}). Completing it sends the partner the agent's status update
 * ({@code Task_SendStatusUpdate}) and brings it back; it ends with the case.
 * <p>Serves {@code Task_FollowCase} (certification-account-merge).
 */
@Component("followCaseTaskListener")
public class FollowCaseTaskListener implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            Object update = task.getVariable(MergeProcess.STATUS_UPDATE);
            if (!(update instanceof String text) || text.isBlank()) {
                throw TaskInputRefused.because("Write the status update for the partner: completing this task "
                        + "sends it. The task comes back until the case ends.");
            }
            return;
        }
        if (task.getVariable("waitingOn") == null) {
            task.getExecution().setVariable("waitingOn", MergeStage.OPENED.waitingOn());
            task.getExecution().setVariable("waitingSince", MergeTracker.WHEN.format(
                    java.time.Instant.ofEpochMilli(task.getCreateTime().getTime())));
            task.getExecution().setVariable("mergeStage", MergeStage.OPENED.name());
        }
        task.setDescription(MergeTracker.describe(task.getExecution()));
        task.setVariablesLocal(MergeTracker.listColumns(task.getExecution()));
    }
}
