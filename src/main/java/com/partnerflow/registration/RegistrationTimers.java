package com.partnerflow.registration;

import org.springframework.stereotype.Component;

/** Timer values for partner-registration.bpmn, read from configuration: {@code ${registrationTimers.codeValidity()}}. */
@Component("registrationTimers")
public class RegistrationTimers {

    private final RegistrationSettings settings;

    public RegistrationTimers(RegistrationSettings settings) {
        this.settings = settings;
    }

    /** ISO-8601 duration, the form Camunda's timeDuration expects. */
    public String codeValidity() {
        return settings.codeValidity().toString();
    }
}
