package com.partnerflow.cases;

import com.partnerflow.cases.CaseMailer.Kind;
import com.partnerflow.directory.PartnerUser;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Steps of ask-partner-by-email.bpmn that mail a question: each mail gets a fresh reply token
 * (the plain token exists only in this method and in the mail), recorded against this process
 * instance, so a reply to the question or to its reminder reaches the same wait state.
 */
@Configuration
public class AskPartnerDelegates {

    private final CaseContext context;
    private final CaseMailer mailer;
    private final CaseRepository cases;
    private final ReplyExpectations expectations;

    public AskPartnerDelegates(CaseContext context, CaseMailer mailer, CaseRepository cases,
                               ReplyExpectations expectations) {
        this.context = context;
        this.mailer = mailer;
        this.cases = cases;
        this.expectations = expectations;
    }

    @Bean
    JavaDelegate sendQuestionDelegate() {
        return execution -> ask(execution, Kind.QUESTION);
    }

    @Bean
    JavaDelegate sendReminderDelegate() {
        return execution -> ask(execution, Kind.REMINDER);
    }

    private void ask(DelegateExecution execution, Kind kind) {
        SupportCase c = context.caseOf(execution);
        PartnerUser partner = context.partnerOf(c);
        String messageId = mailer.newMessageId();
        String token = expectations.open(c.id(), execution.getProcessInstanceId(), partner.email(), messageId);
        mailer.send(c, partner, kind, (String) execution.getVariable(CaseProcesses.QUESTION_TEXT), messageId, token);
        cases.setStatus(c.id(), CaseStatus.WAITING_FOR_PARTNER);
    }
}
