package com.partnerflow.securitycode;

import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the user that their password was changed with a reset code, so an intruder's reset does not go unnoticed. */
@Component("sendPasswordChangedNoticeDelegate")
public class SendPasswordChangedNoticeDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SendPasswordChangedNoticeDelegate.class);

    private final CodeRequests requests;
    private final MailService mail;
    private final JdbcClient jdbc;

    public SendPasswordChangedNoticeDelegate(CodeRequests requests, MailService mail, JdbcClient jdbc) {
        this.requests = requests;
        this.mail = mail;
        this.jdbc = jdbc;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID requestId = UUID.fromString((String) execution.getVariable(CodeDeliveryProcess.CODE_REQUEST_ID));
        CodeRequest request = requests.find(requestId).orElseThrow();
        Map<String, Object> user = jdbc.sql("SELECT first_name, language FROM partner_user WHERE id = ?")
                .param(request.userId()).query().singleRow();
        mail.send(new OutgoingMail(request.email(), (String) user.get("language"), "password-changed",
                Map.of("firstName", user.get("first_name"), "email", request.email(),
                        "changedAt", request.completedAt().toString())));
        log.info("Password-changed notice sent for code request {}", requestId);
    }
}
