package com.partnerflow.cases;

public enum CaseStatus {
    OPEN,
    WAITING_FOR_PARTNER,
    WAITING_FOR_AGENT,
    RESOLVED,
    CLOSED;

    public boolean isFinal() {
        return this == RESOLVED || this == CLOSED;
    }
}
