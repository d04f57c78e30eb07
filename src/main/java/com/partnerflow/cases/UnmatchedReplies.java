package com.partnerflow.cases;

import com.partnerflow.links.LinkSettings;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.InboundMailHandler.FailedMail;
import com.partnerflow.mail.inbound.OriginalMailController;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands a mail that must not advance any process, or that could not be handled at all, to the
 * support agents (unmatched-reply.bpmn), with a link to its original.
 */
@Component
public class UnmatchedReplies {

    private static final Logger log = LoggerFactory.getLogger(UnmatchedReplies.class);
    /** Camunda keeps a string variable in a 4000-character column. */
    private static final int MAX_TEXT = 3900;
    private static final int MAX_LINE = 1000;
    static final String MAIL_FROM = "mailFrom";
    static final String MAIL_SUBJECT = "mailSubject";

    private final RuntimeService runtime;
    private final LinkSettings links;

    public UnmatchedReplies(RuntimeService runtime, LinkSettings links) {
        this.runtime = runtime;
        this.links = links;
    }

    /** @return the outcome line for the inbound log */
    public String open(InboundMail mail, String reason, String caseNumber) {
        String text = mail.fullText() == null ? "" : mail.fullText();
        if (!mail.notices().isEmpty()) {
            text = "[" + String.join("]\n[", mail.notices()) + "]\n\n" + text;
        }
        start(mail.messageId(), mail.from(), mail.subject(), text, mail.attachments().size(), reason, caseNumber,
                mail.originalId());
        log.warn("Unmatched reply {} from {}: {}", mail.messageId(), mail.from(), reason);
        return "unmatched: " + reason;
    }

    /** A mail that failed every attempt: the agent reads it in its original. */
    public String openFailed(FailedMail mail) {
        String reason = "could not be processed automatically (" + mail.attempts() + " attempts: " + mail.error()
                + "); open the original mail";
        start(mail.messageId(), mail.from(), mail.subject(), mail.text(), 0, reason, null, mail.originalId());
        return "given to an agent";
    }

    private void start(String messageId, String from, String subject, String text, int attachments, String reason,
                       String caseNumber, UUID originalId) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(MAIL_FROM, cut(from == null ? "" : from, MAX_LINE));
        variables.put(MAIL_SUBJECT, cut(subject == null ? "" : subject, MAX_LINE));
        variables.put("mailText", cut(text == null ? "" : text, MAX_TEXT));
        variables.put("mailMessageId", messageId);
        variables.put("mailAttachments", attachments);
        variables.put("mailOriginal", originalId == null ? "" : OriginalMailController.url(links, originalId));
        variables.put("unmatchedReason", cut(reason, MAX_LINE));
        variables.put(CaseProcesses.CASE_NUMBER, caseNumber == null ? "" : caseNumber);
        runtime.startProcessInstanceByKey(CaseProcesses.UNMATCHED_REPLY, businessKey(messageId), variables);
    }

    /** The Message-ID, or its hash when longer than Camunda's business key column (255). */
    private static String businessKey(String messageId) {
        if (messageId.length() <= 255) {
            return messageId;
        }
        return "<" + DigestUtils.sha256Hex(messageId) + "@long-message-id.partnerflow>";
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "\n[…]";
    }
}
