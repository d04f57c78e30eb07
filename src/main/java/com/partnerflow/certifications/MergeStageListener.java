package com.partnerflow.certifications;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The merge's stage changes at activities of certification-account-merge.bpmn: each of them
 * has the start listener {@code ${mergeStageListener}}, and this table says which stage begins
 * there. A final stage also ends the case's claim on its pair of accounts
 * ({@link MergeTracker#finish}). The other stages (OPENED, WITH_AGENT, MERGE_IN_PROGRESS) are
 * set by the steps themselves.
 */
@Component("mergeStageListener")
public class MergeStageListener implements ExecutionListener {

    public static final Map<String, MergeStage> STAGE_STARTING_AT = Map.of(
            "Activity_AskForDetails", MergeStage.WAITING_FOR_PARTNER,
            "Activity_AskConfirmation", MergeStage.WAITING_FOR_CONFIRMATION,
            "SubProcess_AwaitSync", MergeStage.WAITING_FOR_SYNC,
            "End_ClosedUnanswered", MergeStage.CLOSED_UNANSWERED,
            "End_ClosedUnconfirmed", MergeStage.CLOSED_UNANSWERED,
            "End_Rejected", MergeStage.REJECTED,
            "End_Declined", MergeStage.DECLINED,
            "End_MergeResolved", MergeStage.RESOLVED,
            "End_Withdrawn", MergeStage.WITHDRAWN);

    /** Activities with the listener that only earlier versions have (see {@link EarlierMergeVersions}). */
    static final Map<String, MergeStage> STAGE_STARTING_AT_IN_EARLIER_VERSIONS = Map.of(
            "SubProcess_AwaitConfirmation", MergeStage.WAITING_FOR_CONFIRMATION);

    private final MergeTracker tracker;

    public MergeStageListener(MergeTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String activity = execution.getCurrentActivityId();
        MergeStage stage = STAGE_STARTING_AT.getOrDefault(activity, STAGE_STARTING_AT_IN_EARLIER_VERSIONS.get(activity));
        if (stage == null) {
            throw new IllegalStateException("No merge stage starts at " + activity
                    + ": add it to MergeStageListener.STAGE_STARTING_AT");
        }
        if (stage.isFinal()) {
            tracker.finish(execution, stage);
        } else {
            tracker.enter(execution, stage);
        }
    }
}
