package com.partnerflow.securitycode;

import org.springframework.stereotype.Component;

/**
 * Timer values for security-code-delivery.bpmn: {@code ${codeDeliveryTimers.codeValidity()}}.
 * One policy for every code: {@link SecurityCodeSettings}.
 */
@Component("codeDeliveryTimers")
public class CodeDeliveryTimers {

    private final SecurityCodeSettings settings;

    public CodeDeliveryTimers(SecurityCodeSettings settings) {
        this.settings = settings;
    }

    /** ISO-8601 duration, the form Camunda's timeDuration expects. */
    public String codeValidity() {
        return settings.codeValidity().toString();
    }
}
