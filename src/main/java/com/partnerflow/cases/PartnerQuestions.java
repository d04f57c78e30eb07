package com.partnerflow.cases;

import com.partnerflow.directory.PartnerUser;
import com.partnerflow.links.IssuedLink;
import com.partnerflow.links.NewLink;
import com.partnerflow.links.SignedLinks;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Sends one question (or its reminder) that the running process then waits for: a fresh reply
 * token (the plain token exists only here and in the mail) recorded against this process
 * instance, so a reply to the question or to its reminder reaches the same wait state; a fresh
 * signed link too when the {@link QuestionMail} names a purpose. The step of ask-partner-by-email.
 */
@Component
public class PartnerQuestions {

    private final CaseContext context;
    private final CaseThreadMailer threads;
    private final CaseRepository cases;
    private final ReplyExpectations expectations;
    private final SignedLinks links;

    public PartnerQuestions(CaseContext context, CaseThreadMailer threads, CaseRepository cases,
                            ReplyExpectations expectations, SignedLinks links) {
        this.context = context;
        this.threads = threads;
        this.cases = cases;
        this.expectations = expectations;
        this.links = links;
    }

    /**
     * @param linkMessage  the message an answer through the signed link correlates
     * @param linkValidity how long the link works: as long as the question is open
     */
    public void ask(DelegateExecution execution, QuestionMail mail, boolean reminder, String linkMessage,
                    Duration linkValidity) {
        SupportCase c = context.caseOf(execution);
        PartnerUser opener = context.partnerOf(c);
        String recipient = mail.recipient(c, opener);
        String messageId = threads.newMessageId();
        String token = expectations.open(c.id(), execution.getProcessInstanceId(), recipient, messageId);
        IssuedLink link = mail.signedLinkPurpose(c, recipient)
                .map(purpose -> links.issue(NewLink.forProcess(execution, purpose, recipient, linkMessage, linkValidity)))
                .orElse(null);
        mail.send(new QuestionMail.Question(c, opener, recipient, reminder,
                (String) execution.getVariable(CaseProcesses.QUESTION_TEXT), messageId, token, link));
        cases.setStatus(c.id(), CaseStatus.WAITING_FOR_PARTNER);
    }
}
