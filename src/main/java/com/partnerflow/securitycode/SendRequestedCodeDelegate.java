package com.partnerflow.securitycode;

import com.partnerflow.config.EngineClock;
import com.partnerflow.mail.MailService;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Generates the requested code, stores its hash and mails it. The code exists only in this
 * method and the message: if sending fails the transaction rolls back, the hash with it, and
 * the retried job makes a fresh code. A request withdrawn meanwhile gets nothing. For a request
 * that is not deliverable the same work is done, but the code is recorded as NOT_SENT and only
 * the purpose's {@link SecurityCodeMail#insteadOfCode} message (if any) is sent.
 */
@Component("sendRequestedCodeDelegate")
public class SendRequestedCodeDelegate implements JavaDelegate {

    /** The activity of processes/security-code-delivery.bpmn this delegate serves. */
    public static final String ACTIVITY = "Task_SendCode";

    private static final Logger log = LoggerFactory.getLogger(SendRequestedCodeDelegate.class);

    private final CodeRequests requests;
    private final SecurityCodes codes;
    private final SecurityCodeSettings settings;
    private final SecurityCodeMails mails;
    private final MailService mail;
    private final EngineClock clock;

    public SendRequestedCodeDelegate(CodeRequests requests, SecurityCodes codes, SecurityCodeSettings settings,
                                     SecurityCodeMails mails, MailService mail, EngineClock clock) {
        this.requests = requests;
        this.codes = codes;
        this.settings = settings;
        this.mails = mails;
        this.mail = mail;
        this.clock = clock;
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
        SecurityCodeMail purpose = mails.of(request.purpose());
        String code = codes.newCode();
        String hash = codes.hash(code); // also for an undeliverable request: the same work either way
        Instant now = clock.now();
        Instant expiresAt = now.plus(settings.codeValidity());
        if (!request.deliverable()) {
            if (requests.markNotSent(pending.get().id(), now, expiresAt)) {
                purpose.insteadOfCode(request).ifPresent(mail::send);
            }
            log.info("Code request {} ({}) may not receive a code; none sent", requestId, request.purpose());
            return;
        }
        if (!requests.markSent(pending.get().id(), hash, now, expiresAt)) {
            log.info("Code request {} was withdrawn while its code was being sent; nothing sent", requestId);
            return;
        }
        mail.send(purpose.codeMail(request, code, settings.codeValidity()));
        log.info("Security code sent for code request {} ({})", requestId, request.purpose());
    }
}
