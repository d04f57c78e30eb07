package com.partnerflow.certifications;

import com.partnerflow.cases.CaseThreadMailer;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.links.IssuedLink;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Mail of a merge case (template mail/certification-merge.*, texts mail.cert-merge.* in English
 * and Japanese): threaded in the case's conversation and recorded in its correspondence by
 * {@link CaseThreadMailer}, like the case's own mail.
 */
@Component
public class MergeMailer {

    /** The kinds of merge mail; each has subject and intro texts. */
    public enum Kind {
        CONFIRMATION_REQUEST, CONFIRMATION_REMINDER, APPROVED, REJECTED, DECLINED, CLOSED_UNCONFIRMED,
        MERGE_STARTED, MERGE_DONE, CERTIFICATIONS_VISIBLE, STATUS_UPDATE;

        String key() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final CaseThreadMailer threads;

    public MergeMailer(CaseThreadMailer threads) {
        this.threads = threads;
    }

    /** A mail to the partner who opened the case; no answer expected. */
    public void tellPartner(SupportCase supportCase, PartnerUser partner, Kind kind, String keepEmail,
                            String mergeEmail, String text) {
        send(supportCase, partner.email(), partner, kind, keepEmail, mergeEmail, text, threads.newMessageId(), null,
                null);
    }

    /**
     * @param to         the recipient's address (the partner's, or account #2's)
     * @param partner    the partner who opened the case: name and language of the mail
     * @param text       a text of ours or the agent's shown in the mail, or null
     * @param replyToken the reply token when an answer is expected, else null
     * @param link       the signed link of a confirmation request, else null
     */
    void send(SupportCase supportCase, String to, PartnerUser partner, Kind kind, String keepEmail, String mergeEmail,
              String text, String messageId, String replyToken, IssuedLink link) {
        Map<String, Object> model = new HashMap<>();
        model.put("firstName", partner.firstName());
        model.put("caseNumber", supportCase.caseNumber());
        model.put("subject", supportCase.subject());
        model.put("kind", kind.key());
        model.put("text", text == null ? "" : text);
        model.put("keepEmail", keepEmail);
        model.put("mergeEmail", mergeEmail);
        model.put("expectsAnswer", replyToken != null);
        model.put("confirmUrl", link == null ? null : link.confirmUrl().toString());
        model.put("declineUrl", link == null ? null : link.declineUrl().toString());
        String record = "(" + kind.key().replace('-', ' ') + " mail to " + to + ")"
                + (text == null || text.isBlank() ? "" : "\n" + text);
        threads.send(new CaseThreadMailer.CaseMail(supportCase, to, partner.language(), "certification-merge",
                "mail.cert-merge." + kind.key() + ".subject", model, record, messageId, replyToken));
    }
}
