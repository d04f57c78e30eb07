package com.partnerflow.cases;

import com.partnerflow.cases.CaseMailer.Kind;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one-line steps of support-case.bpmn and ask-partner-by-email.bpmn: each sends one kind
 * of case mail and/or sets the case status. Steps with more to them have classes of their own.
 */
@Configuration
public class CaseStepDelegates {

    private final CaseContext context;
    private final CaseMailer mailer;
    private final CaseRepository cases;
    private final ReplyExpectations expectations;

    public CaseStepDelegates(CaseContext context, CaseMailer mailer, CaseRepository cases,
                             ReplyExpectations expectations) {
        this.context = context;
        this.mailer = mailer;
        this.cases = cases;
        this.expectations = expectations;
    }

    /** "Confirm case received". */
    @Bean
    JavaDelegate sendCaseConfirmationDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            mailer.send(c, context.partnerOf(c), Kind.OPENED, null, mailer.newMessageId(), null);
        };
    }

    /** "Send answer": the agent's message, no answer expected; the case goes back to the agent. */
    @Bean
    JavaDelegate sendAgentAnswerDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            mailer.send(c, context.partnerOf(c), Kind.ANSWER,
                    (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE), mailer.newMessageId(), null);
        };
    }

    /** "Resolve case": the final answer, then the case is resolved. */
    @Bean
    JavaDelegate resolveCaseDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            mailer.send(c, context.partnerOf(c), Kind.RESOLVED,
                    (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE), mailer.newMessageId(), null);
            cases.setStatus(c.id(), CaseStatus.RESOLVED);
        };
    }

    /** "Close case as unanswered". */
    @Bean
    JavaDelegate closeUnansweredCaseDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            mailer.send(c, context.partnerOf(c), Kind.CLOSED_UNANSWERED, null, mailer.newMessageId(), null);
            cases.setStatus(c.id(), CaseStatus.CLOSED);
        };
    }

    /** "Record the partner's resolution": wherever the case stood, it is resolved and no question waits. */
    @Bean
    JavaDelegate recordPartnerResolutionDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            expectations.closeForCase(c.id());
            cases.setStatus(c.id(), CaseStatus.RESOLVED);
        };
    }

    /**
     * "Close the question" (no answer in time, or the mail bounced): the token stops working; the
     * outcome is UNANSWERED unless the bounce already set BOUNCED.
     */
    @Bean
    JavaDelegate closeQuestionDelegate() {
        return execution -> {
            expectations.closeForProcess(execution.getProcessInstanceId());
            if (execution.getVariable(CaseProcesses.ASK_OUTCOME) == null) {
                execution.setVariable(CaseProcesses.ASK_OUTCOME, "UNANSWERED");
            }
        };
    }
}
