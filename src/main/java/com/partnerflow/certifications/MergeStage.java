package com.partnerflow.certifications;

/** Where a merge case stands, and on whom it waits there. */
public enum MergeStage {
    OPENED("support agent"),
    WITH_AGENT("support agent"),
    WAITING_FOR_PARTNER("partner"),
    WAITING_FOR_CONFIRMATION("owner of account #2"),
    MERGE_IN_PROGRESS("certification system (merge)"),
    WAITING_FOR_SYNC("certification system (sync to the directory)"),
    RESOLVED(null),
    REJECTED(null),
    DECLINED(null),
    CLOSED_UNANSWERED(null),
    WITHDRAWN(null);

    private final String waitingOn;

    MergeStage(String waitingOn) {
        this.waitingOn = waitingOn;
    }

    /** Whom the case waits on at this stage; null once it is over. */
    public String waitingOn() {
        return waitingOn;
    }

    public boolean isFinal() {
        return waitingOn == null;
    }
}
