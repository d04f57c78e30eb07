package com.partnerflow.certifications;

/** Names shared by certification-account-merge.bpmn and the code that drives it. */
public final class MergeProcess {

    public static final String KEY = "certification-account-merge";

    public static final String KEEP_EMAIL = "keepAccountEmail";
    public static final String MERGE_EMAIL = "mergeAccountEmail";
    public static final String REVIEW_DECISION = "reviewDecision";
    public static final String REVIEW_REASON = "reviewReason";
    /** The agent's status update from "Follow merge case", removed once sent. */
    public static final String STATUS_UPDATE = "statusUpdate";
    public static final String CONFIRMATION_DECISION = "confirmationDecision";
    public static final String CONFIRMATION_NOTE = "confirmationNote";
    /** The askOutcome of the confirmation's ask-partner-by-email (the details' askOutcome is another). */
    public static final String CONFIRMATION_ASK_OUTCOME = "confirmationAskOutcome";
    public static final String MERGE_DONE = "mergeDone";
    public static final String CERTIFICATIONS_VISIBLE = "certificationsVisible";

    /**
     * The message a signed link of the confirmation mail correlates in versions that asked within
     * the merge process (see {@link EarlierMergeVersions}); now ask-partner-by-email's own.
     */
    public static final String MSG_CONFIRMATION_LINK_ANSWERED = "MergeConfirmationLinkAnswered";

    private MergeProcess() {
    }
}
