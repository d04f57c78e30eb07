package com.partnerflow.registration;

import com.partnerflow.audit.AuditLog;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An abandoned registration ends as expired: no user, no account, and its password hash wiped.
 * <p>Serves {@code Task_ExpireRegistration} (partner-registration).
 */
@Component("expireRegistrationDelegate")
public class ExpireRegistrationDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ExpireRegistrationDelegate.class);

    private final RegistrationRepository registrations;
    private final AuditLog audit;

    public ExpireRegistrationDelegate(RegistrationRepository registrations, AuditLog audit) {
        this.registrations = registrations;
        this.audit = audit;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID registrationId = UUID.fromString((String) execution.getVariable(RegistrationProcess.REGISTRATION_ID));
        Registration r = registrations.find(registrationId).orElseThrow();
        registrations.expire(registrationId);
        audit.record("RegistrationExpired", "partner-registration", null, r.email(), null, Map.of());
        log.info("Registration {} expired without a valid security code", registrationId);
    }
}
