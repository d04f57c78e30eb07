package com.partnerflow.leadership;

/** Names shared by the alliance-lead BPMN files and the code that drives them. */
public final class AllianceLeadProcesses {

    public static final String REASSIGNMENT = "alliance-lead-reassignment";
    public static final String CHANGE_REQUEST = "alliance-lead-change-request";

    public static final String ACCOUNT_ID = "accountId";
    public static final String HAND_OVER_ID = "handOverId";
    public static final String PREVIOUS_LEAD_ID = "previousLeadId";
    public static final String NEW_LEAD_ID = "newLeadId";
    public static final String PREVIOUS_LEAD_ACTIVE = "previousLeadActive";
    public static final String ACTOR = "actor";
    public static final String ACTOR_USER_ID = "actorUserId";
    public static final String SOURCE_ADDRESS = "sourceAddress";

    public static final String CHANGE_REQUEST_ID = "changeRequestId";
    /** The agent's choice of the new lead in the review form: an address of an active user of the account. */
    public static final String NEW_LEAD_EMAIL = "newLeadEmail";
    public static final String DECIDING_AGENT = "decidingAgent";
    /** The lead the agent's form showed: an approval takes the role from this user only. */
    public static final String LEAD_SEEN_BY_AGENT = "leadSeenByAgent";

    public static final String APPROVE = "APPROVE";
    public static final String REJECT = "REJECT";
    public static final String ASK = "ASK";

    /** Error code of the hand-over step when the agent's choice cannot be taken; back to the agent. */
    public static final String ERROR_CHOICE_REFUSED = "LEAD_CHOICE_REFUSED";

    private AllianceLeadProcesses() {
    }
}
