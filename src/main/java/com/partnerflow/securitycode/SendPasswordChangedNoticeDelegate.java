package com.partnerflow.securitycode;

import com.partnerflow.mail.MailService;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a reset code was used: the purpose's {@link SecurityCodeMail#afterUse} message ("your
 * password was changed"), so an intruder's reset does not go unnoticed.
 */
@Component("sendPasswordChangedNoticeDelegate")
public class SendPasswordChangedNoticeDelegate implements JavaDelegate {

    /** The activity of processes/security-code-delivery.bpmn this delegate serves. */
    public static final String ACTIVITY = "Task_SendPasswordChangedNotice";

    private static final Logger log = LoggerFactory.getLogger(SendPasswordChangedNoticeDelegate.class);

    private final CodeRequests requests;
    private final SecurityCodeMails mails;
    private final MailService mail;

    public SendPasswordChangedNoticeDelegate(CodeRequests requests, SecurityCodeMails mails, MailService mail) {
        this.requests = requests;
        this.mails = mails;
        this.mail = mail;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID requestId = UUID.fromString((String) execution.getVariable(CodeDeliveryProcess.CODE_REQUEST_ID));
        CodeRequest request = requests.find(requestId).orElseThrow();
        mails.of(request.purpose()).afterUse(request).ifPresent(mail::send);
        log.info("Notice after use sent for code request {} ({})", requestId, request.purpose());
    }
}
