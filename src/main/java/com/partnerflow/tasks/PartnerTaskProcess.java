package com.partnerflow.tasks;

/** Names shared by partner-task.bpmn and the code that drives it. */
public final class PartnerTaskProcess {

    public static final String KEY = "partner-task";

    public static final String MSG_COMPLETED = "PartnerTaskCompleted";
    public static final String MSG_DISMISSED = "PartnerTaskDismissed";
    public static final String MSG_REASSIGNED = "PartnerTaskReassigned";
    public static final String MSG_ASSIGNEE_REMOVED = "PartnerTaskAssigneeRemoved";

    public static final String TASK_ID = "partnerTaskId";
    public static final String ACTOR_USER_ID = "actorUserId";
    public static final String NEW_ASSIGNEE_USER_ID = "newAssigneeUserId";
    public static final String RETURN_REASON = "returnReason";

    private PartnerTaskProcess() {
    }
}
