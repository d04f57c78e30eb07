package com.partnerflow.securitycode;

import com.partnerflow.registration.RegistrationSettings;
import org.springframework.stereotype.Component;

/**
 * Timer values for security-code-delivery.bpmn: {@code ${codeDeliveryTimers.codeValidity()}}.
 * The code rules are registration's ({@code partnerflow.registration.*}): one policy for every code.
 */
@Component("codeDeliveryTimers")
public class CodeDeliveryTimers {

    private final RegistrationSettings settings;

    public CodeDeliveryTimers(RegistrationSettings settings) {
        this.settings = settings;
    }

    /** ISO-8601 duration, the form Camunda's timeDuration expects. */
    public String codeValidity() {
        return settings.codeValidity().toString();
    }
}
