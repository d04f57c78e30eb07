package com.partnerflow.certifications;

/** Where a merge case stands, and on whom it waits there. */
public enum MergeStage {
    OPENED("support agent", "Opened"),
    WITH_AGENT("support agent", "With a support agent"),
    WAITING_FOR_PARTNER("partner", "Waiting for the partner's answer"),
    WAITING_FOR_CONFIRMATION("owner of account #2", "Waiting for account #2's owner to confirm"),
    MERGE_IN_PROGRESS("certification system (merge)", "Merge in progress"),
    WAITING_FOR_SYNC("certification system (sync to the directory)", "Merged; waiting for the certifications to reach the directory"),
    RESOLVED(null, "Resolved: merged"),
    REJECTED(null, "Rejected"),
    DECLINED(null, "Declined by account #2's owner"),
    CLOSED_UNANSWERED(null, "Closed: no answer"),
    WITHDRAWN(null, "Withdrawn by the partner");

    private final String waitingOn;
    private final String label;

    MergeStage(String waitingOn, String label) {
        this.waitingOn = waitingOn;
        this.label = label;
    }

    /** The stage in words, for people (the enum name is for machines). */
    public String label() {
        return label;
    }

    /** Whom the case waits on at this stage; null once it is over. */
    public String waitingOn() {
        return waitingOn;
    }

    public boolean isFinal() {
        return waitingOn == null;
    }
}
