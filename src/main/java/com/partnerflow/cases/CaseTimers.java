package com.partnerflow.cases;

import org.springframework.stereotype.Component;

/** Timer values for the case processes, from configuration: {@code ${caseTimers.reminderAfter()}}. */
@Component("caseTimers")
public class CaseTimers {

    private final CaseSettings settings;

    public CaseTimers(CaseSettings settings) {
        this.settings = settings;
    }

    public String reminderAfter() {
        return settings.reminderAfter().toString();
    }

    public String closeUnansweredAfter() {
        return settings.closeUnansweredAfter().toString();
    }
}
