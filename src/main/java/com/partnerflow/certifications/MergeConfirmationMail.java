package com.partnerflow.certifications;

import com.partnerflow.cases.QuestionMail;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.certifications.MergeRequests.MergeRequest;
import com.partnerflow.directory.PartnerUser;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The merge's confirmation question, asked by ask-partner-by-email (call activity
 * {@code Activity_AskConfirmation}, in-variable {@code questionMail = mergeConfirmationMail}): it
 * goes to account #2's address, offers a signed confirm/decline link, and may be answered by
 * reply ("please proceed", read by {@link ConfirmationReplies}).
 */
@Component(MergeConfirmationMail.BEAN)
public class MergeConfirmationMail implements QuestionMail {

    public static final String BEAN = "mergeConfirmationMail";

    private final MergeMailer mailer;
    private final MergeRequests requests;

    public MergeConfirmationMail(MergeMailer mailer, MergeRequests requests) {
        this.mailer = mailer;
        this.requests = requests;
    }

    @Override
    public String recipient(SupportCase supportCase, PartnerUser opener) {
        return request(supportCase).mergeEmail();
    }

    @Override
    public Optional<String> signedLinkPurpose(SupportCase supportCase, String recipient) {
        return Optional.of("Confirm that certification account " + recipient + " is merged into "
                + request(supportCase).keepEmail() + " (" + supportCase.caseNumber() + ")");
    }

    @Override
    public void send(Question question) {
        MergeRequest r = request(question.supportCase());
        mailer.send(question.supportCase(), question.recipient(), question.opener(),
                question.reminder() ? MergeMailer.Kind.CONFIRMATION_REMINDER : MergeMailer.Kind.CONFIRMATION_REQUEST,
                r.keepEmail(), r.mergeEmail(), null, question.messageId(), question.replyToken(), question.link());
    }

    private MergeRequest request(SupportCase supportCase) {
        return requests.find(supportCase.id()).orElseThrow();
    }
}
