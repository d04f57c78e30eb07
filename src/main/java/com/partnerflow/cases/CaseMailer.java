package com.partnerflow.cases;

import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Mail about a case: threaded (our own Message-ID, In-Reply-To and References from the case's
 * correspondence), the case number in the subject, and recorded in the correspondence. A
 * message that expects an answer carries the reply token in its Reply-To address.
 */
@Component
public class CaseMailer {

    /** The kinds of case mail; each has subject and intro texts in i18n/messages*.properties. */
    public enum Kind { OPENED, QUESTION, ANSWER, REMINDER, RESOLVED, CLOSED_UNANSWERED }

    private final MailService mail;
    private final CaseRepository cases;
    private final CaseSettings settings;

    public CaseMailer(MailService mail, CaseRepository cases, CaseSettings settings) {
        this.mail = mail;
        this.cases = cases;
        this.settings = settings;
    }

    /** A fresh Message-ID in our domain. */
    public String newMessageId() {
        return "<" + UUID.randomUUID() + "@" + settings.mailDomain() + ">";
    }

    /**
     * Records the message in the correspondence, then sends it (a failed send rolls the record
     * back with the caller's transaction).
     *
     * @param replyToken the question's token, or null when no answer is expected
     */
    public void send(SupportCase supportCase, PartnerUser partner, Kind kind, String text, String messageId,
                     String replyToken) {
        List<String> thread = cases.mailThread(supportCase.id());
        String key = kind.name().toLowerCase().replace('_', '-');
        // mails without the agent's words (case received, closed unanswered) still show in the record
        cases.addMessage(supportCase.id(), "OUT", "EMAIL", settings.supportAddress(),
                text == null || text.isBlank() ? "(" + key.replace('-', ' ') + " mail)" : text, messageId, List.of());
        String replyTo = replyToken == null ? settings.supportAddress() : settings.replyAddress(replyToken);
        // a question's bounce names its question by the VERP envelope sender; other mail bounces to the default
        String envelopeFrom = replyToken == null ? null : settings.bounceAddress(replyToken);
        mail.send(new OutgoingMail(partner.email(), partner.language(), "case", Map.of(
                "firstName", partner.firstName(),
                "caseNumber", supportCase.caseNumber(),
                "subject", supportCase.subject(),
                "kind", key,
                "text", text == null ? "" : text,
                "expectsAnswer", replyToken != null),
                "mail.case." + key + ".subject",
                List.of(supportCase.caseNumber(), supportCase.subject()),
                new OutgoingMail.Threading(messageId, thread.isEmpty() ? null : thread.get(thread.size() - 1),
                        thread, replyTo), envelopeFrom));
    }

}
