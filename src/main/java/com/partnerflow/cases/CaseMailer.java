package com.partnerflow.cases;

import com.partnerflow.directory.PartnerUser;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The case's own mail to the partner who opened it (template mail/case.*, texts mail.case.*),
 * threaded by {@link CaseThreadMailer}. As a {@link QuestionMail} it is the question
 * ask-partner-by-email sends when the caller names no other.
 */
@Component(CaseMailer.BEAN)
public class CaseMailer implements QuestionMail {

    /** The default {@value CaseProcesses#QUESTION_MAIL} of ask-partner-by-email. */
    public static final String BEAN = "caseMailer";

    /** The kinds of case mail; each has subject and intro texts in i18n/messages*.properties. */
    public enum Kind { OPENED, QUESTION, ANSWER, REMINDER, RESOLVED, CLOSED_UNANSWERED }

    private final CaseThreadMailer threads;

    public CaseMailer(CaseThreadMailer threads) {
        this.threads = threads;
    }

    /** A mail that expects no answer. */
    public void send(SupportCase supportCase, PartnerUser partner, Kind kind, String text) {
        send(supportCase, partner, kind, text, threads.newMessageId(), null);
    }

    @Override
    public String recipient(SupportCase supportCase, PartnerUser opener) {
        return opener.email();
    }

    @Override
    public void send(Question question) {
        send(question.supportCase(), question.opener(), question.reminder() ? Kind.REMINDER : Kind.QUESTION,
                question.questionText(), question.messageId(), question.replyToken());
    }

    private void send(SupportCase supportCase, PartnerUser partner, Kind kind, String text, String messageId,
                      String replyToken) {
        String key = kind.name().toLowerCase().replace('_', '-');
        // mails without the agent's words (case received, closed unanswered) still show in the record
        String record = text == null || text.isBlank() ? "(" + key.replace('-', ' ') + " mail)" : text;
        threads.send(new CaseThreadMailer.CaseMail(supportCase, partner.email(), partner.language(), "case",
                "mail.case." + key + ".subject", Map.of(
                        "firstName", partner.firstName(),
                        "caseNumber", supportCase.caseNumber(),
                        "subject", supportCase.subject(),
                        "kind", key,
                        "text", text == null ? "" : text,
                        "expectsAnswer", replyToken != null),
                record, messageId, replyToken));
    }
}
