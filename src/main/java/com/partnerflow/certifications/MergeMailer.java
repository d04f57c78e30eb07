package com.partnerflow.certifications;

import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseSettings;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.links.IssuedLink;
import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Mail of a merge case (template mail/certification-merge.*, texts mail.cert-merge.* in English
 * and Japanese): threaded in the case's conversation and recorded in its correspondence, like
 * the case's own mail.
 */
@Component
public class MergeMailer {

    /** The kinds of merge mail; each has subject and intro texts. */
    public enum Kind {
        CONFIRMATION_REQUEST, CONFIRMATION_REMINDER, APPROVED, REJECTED, DECLINED, CLOSED_UNCONFIRMED,
        MERGE_STARTED, MERGE_DONE, CERTIFICATIONS_VISIBLE;

        String key() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final MailService mail;
    private final CaseRepository cases;
    private final CaseSettings settings;

    public MergeMailer(MailService mail, CaseRepository cases, CaseSettings settings) {
        this.mail = mail;
        this.cases = cases;
        this.settings = settings;
    }

    public String newMessageId() {
        return "<" + UUID.randomUUID() + "@" + settings.mailDomain() + ">";
    }

    /**
     * @param to         the recipient's address (the partner's, or account #2's)
     * @param partner    the partner who opened the case: name and language of the mail
     * @param replyToken the reply token when an answer is expected, else null
     * @param link       the signed link of a confirmation request, else null
     */
    public void send(SupportCase supportCase, String to, PartnerUser partner, Kind kind, Map<String, Object> details,
                     String messageId, String replyToken, IssuedLink link) {
        List<String> thread = cases.mailThread(supportCase.id());
        cases.addMessage(supportCase.id(), "OUT", "EMAIL", settings.supportAddress(),
                "(" + kind.key().replace('-', ' ') + " mail to " + to + ")"
                        + (details.get("text") instanceof String t && !t.isBlank() ? "\n" + t : ""),
                messageId, List.of());
        Map<String, Object> model = new HashMap<>(details);
        model.put("firstName", partner.firstName());
        model.put("caseNumber", supportCase.caseNumber());
        model.put("subject", supportCase.subject());
        model.put("kind", kind.key());
        model.putIfAbsent("text", "");
        model.putIfAbsent("keepEmail", "");
        model.putIfAbsent("mergeEmail", "");
        model.put("expectsAnswer", replyToken != null);
        model.put("confirmUrl", link == null ? null : link.confirmUrl().toString());
        model.put("declineUrl", link == null ? null : link.declineUrl().toString());
        String replyTo = replyToken == null ? settings.supportAddress() : settings.replyAddress(replyToken);
        // a question's bounce names its question by the VERP envelope sender; other mail bounces to the default
        String envelopeFrom = replyToken == null ? null : settings.bounceAddress(replyToken);
        mail.send(new OutgoingMail(to, partner.language(), "certification-merge", model,
                "mail.cert-merge." + kind.key() + ".subject", List.of(supportCase.caseNumber(), supportCase.subject()),
                new OutgoingMail.Threading(messageId, thread.isEmpty() ? null : thread.get(thread.size() - 1), thread,
                        replyTo), envelopeFrom));
    }

}
