package com.partnerflow.cases;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * Timer values of ask-partner-by-email: {@code ${caseTimers.reminderAfter(execution)}}. A caller
 * may pass its own ({@value CaseProcesses#REMINDER_AFTER}, {@value CaseProcesses#CLOSE_AFTER});
 * otherwise they come from configuration (partnerflow.cases.*).
 */
@Component("caseTimers")
public class CaseTimers {

    private final CaseSettings settings;

    public CaseTimers(CaseSettings settings) {
        this.settings = settings;
    }

    public String reminderAfter(VariableScope ask) {
        return duration(ask, CaseProcesses.REMINDER_AFTER, settings.reminderAfter()).toString();
    }

    public String closeUnansweredAfter(VariableScope ask) {
        return closeAfter(ask).toString();
    }

    /** How long the question stays open: also the validity of its signed link. */
    public Duration closeAfter(VariableScope ask) {
        return duration(ask, CaseProcesses.CLOSE_AFTER, settings.closeUnansweredAfter());
    }

    private static Duration duration(VariableScope ask, String variable, Duration configured) {
        Object given = ask.getVariable(variable);
        return given == null ? configured : Duration.parse(given.toString());
    }
}
