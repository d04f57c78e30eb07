package com.partnerflow.securitycode;

import com.partnerflow.config.EngineClock;
import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import com.partnerflow.registration.RegistrationSettings;
import com.partnerflow.registration.SecurityCode;
import com.partnerflow.registration.SecurityCodes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Generates the requested code, stores its hash and mails it. The code exists only in this
 * method and the message: if sending fails the transaction rolls back, the hash with it, and
 * the retried job makes a fresh code. A request withdrawn meanwhile gets nothing.
 */
@Component("sendRequestedCodeDelegate")
public class SendRequestedCodeDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SendRequestedCodeDelegate.class);

    private final CodeRequests requests;
    private final SecurityCodes codes;
    private final RegistrationSettings settings;
    private final MailService mail;
    private final EngineClock clock;
    private final JdbcClient jdbc;

    public SendRequestedCodeDelegate(CodeRequests requests, SecurityCodes codes, RegistrationSettings settings,
                                     MailService mail, EngineClock clock, JdbcClient jdbc) {
        this.requests = requests;
        this.codes = codes;
        this.settings = settings;
        this.mail = mail;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID requestId = UUID.fromString((String) execution.getVariable(CodeDeliveryProcess.CODE_REQUEST_ID));
        CodeRequest request = requests.find(requestId).orElseThrow();
        Optional<SecurityCode> pending = requests.liveCode(requestId).filter(SecurityCode::isPending);
        if (request.status() != CodeRequest.Status.OPEN || pending.isEmpty()) {
            log.info("Code request {} no longer needs a code ({}); nothing sent", requestId, request.status());
            return;
        }
        Map<String, Object> user = jdbc.sql("SELECT first_name, language FROM partner_user WHERE id = ?")
                .param(request.userId()).query().singleRow();
        String code = codes.newCode();
        Instant now = clock.now();
        if (!requests.markSent(pending.get().id(), codes.hash(code), now, now.plus(settings.codeValidity()))) {
            log.info("Code request {} was withdrawn while its code was being sent; nothing sent", requestId);
            return;
        }
        mail.send(new OutgoingMail(request.email(), (String) user.get("language"), request.purpose().template(),
                Map.of("firstName", user.get("first_name"),
                        "code", code,
                        "validityMinutes", settings.codeValidity().toMinutes())));
        log.info("Security code sent for code request {} ({})", requestId, request.purpose());
    }
}
