package com.partnerflow.certifications;

import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.config.EngineClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Keeps "where does the case stand, since when, on whom" current: in certification_merge (the
 * partner API), in the process variables mergeStage / waitingOn / waitingSince (shown by the
 * Tasklist filter "Certification merges" and in Cockpit) and in the description of the case's
 * "Follow merge case" task ({@value #FOLLOW_TASK}). Which stage starts at which activity of
 * certification-account-merge.bpmn is {@link MergeStageListener}'s table; steps that change the
 * stage themselves call {@link #enter}.
 */
@Component("mergeTracker")
public class MergeTracker {

    public static final String FOLLOW_TASK = "Task_FollowCase";
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final MergeRequests requests;
    private final EngineClock clock;
    private final TaskService tasks;

    public MergeTracker(MergeRequests requests, EngineClock clock, @Lazy TaskService tasks) {
        this.requests = requests;
        this.clock = clock;
        this.tasks = tasks;
    }

    public void enter(DelegateExecution execution, MergeStage stage) {
        Instant now = clock.now();
        UUID caseId = caseId(execution);
        requests.setStage(caseId, stage, now);
        execution.setVariable("mergeStage", stage.name());
        execution.setVariable("waitingOn", stage.isFinal() ? "nobody (case over)" : stage.waitingOn());
        execution.setVariable("waitingSince", WHEN.format(now));
        Task follow = tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(FOLLOW_TASK).singleResult();
        if (follow != null) {
            follow.setDescription(describe(execution));
            tasks.saveTask(follow);
            tasks.setVariablesLocal(follow.getId(), listColumns(execution));
        }
    }

    /** On each end event: the final stage; the pair of accounts may be asked for again. */
    public void finish(DelegateExecution execution, MergeStage stage) {
        enter(execution, stage);
        requests.ended(caseId(execution), clock.now());
    }

    /**
     * The end listener of the process certification-account-merge: it ended by any way (end
     * events, withdrawal, deletion by an admin).
     */
    public void ended(DelegateExecution execution) {
        requests.ended(caseId(execution), clock.now());
    }

    /**
     * Where the case stands, as task-local variables of its tasks: Tasklist's filter columns and
     * the forms show them, and agents may read a task's own variables but not the process's.
     */
    public static Map<String, Object> listColumns(DelegateExecution execution) {
        Map<String, Object> columns = new HashMap<>();
        for (String name : List.of("waitingOn", "waitingSince", MergeProcess.MERGE_EMAIL, MergeProcess.KEEP_EMAIL)) {
            columns.put(name, execution.getVariable(name));
        }
        Object stage = execution.getVariable("mergeStage");
        columns.put("mergeStageLabel", stage == null ? null : MergeStage.valueOf(stage.toString()).label());
        return columns;
    }

    /** "Waiting on the partner since 2026-05-01 10:00 UTC": for task descriptions. */
    public static String describe(DelegateExecution execution) {
        return "Waiting on " + execution.getVariable("waitingOn") + " since " + execution.getVariable("waitingSince")
                + " — merge " + execution.getVariable(MergeProcess.MERGE_EMAIL) + " into "
                + execution.getVariable(MergeProcess.KEEP_EMAIL);
    }

    private static UUID caseId(DelegateExecution execution) {
        return UUID.fromString((String) execution.getVariable(CaseProcesses.CASE_ID));
    }
}
