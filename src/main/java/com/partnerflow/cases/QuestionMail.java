package com.partnerflow.cases;

import com.partnerflow.directory.PartnerUser;
import com.partnerflow.links.IssuedLink;
import java.util.Optional;

/**
 * Whom ask-partner-by-email asks and in which mail. A caller names the Spring bean with the
 * in-variable {@value CaseProcesses#QUESTION_MAIL}; without it the case's own question goes to
 * the partner who opened the case ({@link CaseMailer}). The block itself keeps what every
 * question shares: the reply token, the reminder and the timeout, the bounce, the case status,
 * and a signed link when {@link #signedLinkPurpose} names one.
 */
public interface QuestionMail {

    /** The address asked: the only one whose reply counts. */
    String recipient(SupportCase supportCase, PartnerUser opener);

    /**
     * The yes/no question a signed link in the mail answers, as the link's page states it;
     * empty for a question answered by reply only.
     */
    default Optional<String> signedLinkPurpose(SupportCase supportCase, String recipient) {
        return Optional.empty();
    }

    /** Sends the question, or its reminder, through {@link CaseThreadMailer}. */
    void send(Question question);

    /**
     * One question (or reminder) to send.
     *
     * @param opener       the partner who opened the case: name and language of the mail
     * @param questionText the caller's {@value CaseProcesses#QUESTION_TEXT}, may be null
     * @param replyToken   goes into the Reply-To address and nowhere else
     * @param link         the signed link, or null when {@link #signedLinkPurpose} is empty
     */
    record Question(SupportCase supportCase, PartnerUser opener, String recipient, boolean reminder,
                    String questionText, String messageId, String replyToken, IssuedLink link) {

        @Override
        public String toString() { // the token and the link's URLs are the secret of the answer
            return "Question[" + supportCase.caseNumber() + ", to=" + recipient + ", reminder=" + reminder + "]";
        }
    }
}
