package com.partnerflow.cases;

import com.partnerflow.cases.CaseMailer.Kind;
import com.partnerflow.directory.PartnerUser;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of support-case.bpmn and ask-partner-by-email.bpmn: each sends one kind of case
 * mail and/or sets the case status. The agent task's listener has a class of its own.
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

    /**
     * "Send question" and "Send reminder": each mail gets a fresh reply token (the plain token
     * exists only here and in the mail), recorded against this ask-partner-by-email instance, so
     * a reply to the question or to its reminder reaches the same wait state.
     * <p>Serves {@code Task_SendQuestion} (ask-partner-by-email).
     */
    @Bean
    JavaDelegate sendQuestionDelegate() {
        return execution -> ask(execution, Kind.QUESTION);
    }

    /** Serves {@code Task_SendReminder} (ask-partner-by-email). */
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

    /**
     * "Confirm case received".
     * <p>Serves {@code Task_ConfirmCaseReceived} (alliance-lead-change-request, certification-account-merge,
     * marketplace-account-unlinking, support-case).
     */
    @Bean
    JavaDelegate sendCaseConfirmationDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            mailer.send(c, context.partnerOf(c), Kind.OPENED, null, mailer.newMessageId(), null);
        };
    }

    /**
     * "Send answer": the agent's message, no answer expected; the case goes back to the agent.
     * <p>Serves {@code Task_SendAnswer} (support-case).
     */
    @Bean
    JavaDelegate sendAgentAnswerDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            mailer.send(c, context.partnerOf(c), Kind.ANSWER,
                    (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE), mailer.newMessageId(), null);
        };
    }

    /**
     * "Resolve case": the final answer, then the case is resolved.
     * <p>Serves {@code Task_ResolveUnlinked} (marketplace-account-unlinking), {@code Task_ResolveDeclined}
     * (marketplace-account-unlinking), {@code Task_ResolveCase} (support-case).
     */
    @Bean
    JavaDelegate resolveCaseDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            mailer.send(c, context.partnerOf(c), Kind.RESOLVED,
                    (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE), mailer.newMessageId(), null);
            cases.setStatus(c.id(), CaseStatus.RESOLVED);
        };
    }

    /**
     * "Close case as unanswered".
     * <p>Serves {@code Task_CloseUnanswered} (certification-account-merge, marketplace-account-unlinking,
     * support-case).
     */
    @Bean
    JavaDelegate closeUnansweredCaseDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            mailer.send(c, context.partnerOf(c), Kind.CLOSED_UNANSWERED, null, mailer.newMessageId(), null);
            cases.setStatus(c.id(), CaseStatus.CLOSED);
        };
    }

    /**
     * "Record the partner's resolution": wherever the case stood, it is resolved and no question waits.
     * <p>Serves {@code Task_RecordPartnerResolution} (alliance-lead-change-request,
     * marketplace-account-unlinking, support-case).
     */
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
     * <p>Serves {@code Task_CloseUnansweredQuestion} (ask-partner-by-email), {@code Task_CloseBouncedQuestion}
     * (ask-partner-by-email).
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
