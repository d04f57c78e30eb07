package com.partnerflow.cases;

import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The one place where a case's mail is threaded: our own Message-ID, In-Reply-To and References
 * from the case's correspondence, the case number in the subject, the record in the
 * correspondence, and, when an answer is expected, the reply token in the Reply-To address
 * ({@code support+<token>@…}) and the VERP envelope sender. {@link CaseMailer} (the case's own
 * mail) and the merge's mail differ only in template, texts and model.
 */
@Component
public class CaseThreadMailer {

    /**
     * One mail of a case's conversation.
     *
     * @param to         the recipient's address
     * @param language   the language of the mail
     * @param template   {@code mail/<template>.txt|html}
     * @param subjectKey the subject's message key; it is formatted with the case number and subject
     * @param model      the template's variables
     * @param record     what the correspondence shows of the mail (agents read it)
     * @param messageId  from {@link #newMessageId()}
     * @param replyToken the question's reply token, or null when no answer is expected
     */
    public record CaseMail(SupportCase supportCase, String to, String language, String template, String subjectKey,
                           Map<String, Object> model, String record, String messageId, String replyToken) {

        @Override
        public String toString() { // the reply token is the secret of the answer: never print it
            return "CaseMail[" + supportCase.caseNumber() + ", to=" + to + ", template=" + template + "]";
        }
    }

    private final MailService mail;
    private final CaseRepository cases;
    private final CaseSettings settings;

    public CaseThreadMailer(MailService mail, CaseRepository cases, CaseSettings settings) {
        this.mail = mail;
        this.cases = cases;
        this.settings = settings;
    }

    /** A fresh Message-ID in our domain. */
    public String newMessageId() {
        return "<" + UUID.randomUUID() + "@" + settings.mailDomain() + ">";
    }

    /**
     * Records the message in the correspondence, then sends it in the case's thread (a failed
     * send rolls the record back with the caller's transaction).
     */
    public void send(CaseMail m) {
        List<String> thread = cases.mailThread(m.supportCase().id());
        cases.addMessage(m.supportCase().id(), "OUT", "EMAIL", settings.supportAddress(), m.record(), m.messageId(),
                List.of());
        String replyTo = m.replyToken() == null ? settings.supportAddress() : settings.replyAddress(m.replyToken());
        // a question's bounce names its question by the VERP envelope sender; other mail bounces to the default
        String envelopeFrom = m.replyToken() == null ? null : settings.bounceAddress(m.replyToken());
        mail.send(new OutgoingMail(m.to(), m.language(), m.template(), m.model(), m.subjectKey(),
                List.of(m.supportCase().caseNumber(), m.supportCase().subject()),
                new OutgoingMail.Threading(m.messageId(), thread.isEmpty() ? null : thread.get(thread.size() - 1),
                        thread, replyTo), envelopeFrom));
    }
}
