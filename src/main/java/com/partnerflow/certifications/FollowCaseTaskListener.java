package com.partnerflow.certifications;

import com.partnerflow.api.TaskInputRefused;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Follow merge case": one task per open merge case that lives as long as the case, so agents
 * see in Tasklist every merge case, on whom it waits and since when (its description, kept
 * current by {@link MergeTracker}). It ends with the case; completing it by hand is refused in one plain sentence.
 * <p>Serves {@code Task_FollowCase} (certification-account-merge).
 */
@Component("followCaseTaskListener")
public class FollowCaseTaskListener implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            throw TaskInputRefused.because("Nothing to complete here: this task only shows where the merge case "
                    + "stands and closes by itself when the case ends. Work the case in its other tasks.");
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
