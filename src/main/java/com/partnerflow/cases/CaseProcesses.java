package com.partnerflow.cases;

/** Names shared by the case BPMN files and the code that drives them. */
public final class CaseProcesses {

    public static final String SUPPORT_CASE = "support-case";
    public static final String ASK_PARTNER = "ask-partner-by-email";
    public static final String UNMATCHED_REPLY = "unmatched-reply";

    public static final String CASE_ID = "caseId";
    public static final String CASE_NUMBER = "caseNumber";
    public static final String AGENT_DECISION = "agentDecision";
    public static final String AGENT_MESSAGE = "agentMessage";
    public static final String AGENT_NOTICE = "agentNotice";
    public static final String QUESTION_TEXT = "questionText";
    public static final String ASK_OUTCOME = "askOutcome";
    /** ask-partner-by-email in: the {@link QuestionMail} bean that words and addresses the question. */
    public static final String QUESTION_MAIL = "questionMail";
    /** ask-partner-by-email in: an ISO-8601 duration instead of partnerflow.cases.reminder-after. */
    public static final String REMINDER_AFTER = "reminderAfter";
    /** ask-partner-by-email in: an ISO-8601 duration instead of partnerflow.cases.close-unanswered-after. */
    public static final String CLOSE_AFTER = "closeAfter";

    public static final String MSG_PARTNER_REPLIED = "PartnerReplied";
    public static final String MSG_PARTNER_MAIL_BOUNCED = "PartnerMailBounced";
    /** What a signed link of an ask-partner-by-email question correlates. */
    public static final String MSG_QUESTION_LINK_ANSWERED = "QuestionLinkAnswered";
    public static final String MSG_CASE_RESOLVED_BY_PARTNER = "CaseResolvedByPartner";

    private CaseProcesses() {
    }
}
