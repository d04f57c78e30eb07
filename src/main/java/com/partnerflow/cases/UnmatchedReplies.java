package com.partnerflow.cases;

import com.partnerflow.mail.inbound.InboundMail;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Hands a mail that must not advance any process to the support agents (unmatched-reply.bpmn). */
@Component
public class UnmatchedReplies {

    private static final Logger log = LoggerFactory.getLogger(UnmatchedReplies.class);
    private static final int MAX_TEXT = 4000;
    static final String MAIL_FROM = "mailFrom";
    static final String MAIL_SUBJECT = "mailSubject";

    private final RuntimeService runtime;

    public UnmatchedReplies(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** @return the outcome line for the inbound log */
    public String open(InboundMail mail, String reason, String caseNumber) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(MAIL_FROM, mail.from());
        variables.put(MAIL_SUBJECT, mail.subject() == null ? "" : mail.subject());
        String text = mail.fullText() == null ? "" : mail.fullText();
        variables.put("mailText", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "\n[…]" : text);
        variables.put("mailMessageId", mail.messageId());
        variables.put("mailAttachments", mail.attachments().size());
        variables.put("unmatchedReason", reason);
        variables.put(CaseProcesses.CASE_NUMBER, caseNumber == null ? "" : caseNumber);
        runtime.startProcessInstanceByKey(CaseProcesses.UNMATCHED_REPLY, mail.messageId(), variables);
        log.warn("Unmatched reply {} from {}: {}", mail.messageId(), mail.from(), reason);
        return "unmatched: " + reason;
    }
}
