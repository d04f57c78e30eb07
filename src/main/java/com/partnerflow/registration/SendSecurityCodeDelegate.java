package com.partnerflow.registration;

import com.partnerflow.config.EngineClock;
import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Generates the requested code, stores its hash and mails it. The code exists only in this
 * method and the message: if sending fails the transaction rolls back, the hash with it, and
 * the retried job makes a fresh code.
 */
@Component("sendSecurityCodeDelegate")
public class SendSecurityCodeDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SendSecurityCodeDelegate.class);

    private final RegistrationRepository registrations;
    private final SecurityCodes codes;
    private final RegistrationSettings settings;
    private final MailService mail;
    private final EngineClock clock;

    public SendSecurityCodeDelegate(RegistrationRepository registrations, SecurityCodes codes,
                                    RegistrationSettings settings, MailService mail, EngineClock clock) {
        this.registrations = registrations;
        this.codes = codes;
        this.settings = settings;
        this.mail = mail;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID registrationId = UUID.fromString((String) execution.getVariable(RegistrationProcess.REGISTRATION_ID));
        Registration registration = registrations.find(registrationId).orElseThrow();
        SecurityCode requested = registrations.liveCode(registrationId).filter(SecurityCode::isPending)
                .orElseThrow(() -> new IllegalStateException("No security code was requested for registration "
                        + registrationId));
        String code = codes.newCode();
        Instant now = clock.now();
        registrations.markSent(requested.id(), codes.hash(code), now, now.plus(settings.codeValidity()));
        mail.send(new OutgoingMail(registration.email(), registration.language(), "security-code", Map.of(
                "firstName", registration.firstName(),
                "code", code,
                "validityMinutes", settings.codeValidity().toMinutes())));
        log.info("Security code sent for registration {}", registrationId);
    }
}
