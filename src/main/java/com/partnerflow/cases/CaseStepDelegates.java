package com.partnerflow.cases;

import com.partnerflow.cases.CaseMailer.Kind;
import com.partnerflow.links.SignedLinks;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
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
    private final SignedLinks links;
    private final PartnerQuestions questions;
    private final CaseTimers timers;
    private final Map<String, QuestionMail> questionMails;

    public CaseStepDelegates(CaseContext context, CaseMailer mailer, CaseRepository cases,
                             ReplyExpectations expectations, SignedLinks links, PartnerQuestions questions,
                             CaseTimers timers, Map<String, QuestionMail> questionMails) {
        this.context = context;
        this.mailer = mailer;
        this.cases = cases;
        this.expectations = expectations;
        this.links = links;
        this.questions = questions;
        this.timers = timers;
        this.questionMails = questionMails;
    }

    /**
     * "Send question" and "Send reminder", by the caller's {@link QuestionMail} (see
     * {@link PartnerQuestions}). A signed link, if the question offers one, is valid as long as
     * the question is open, and its answer ends the wait ({@code Event_AnsweredByLink}).
     * <p>Serves {@code Task_SendQuestion} (ask-partner-by-email).
     */
    @Bean
    JavaDelegate sendQuestionDelegate() {
        return execution -> ask(execution, false);
    }

    /** Serves {@code Task_SendReminder} (ask-partner-by-email). */
    @Bean
    JavaDelegate sendReminderDelegate() {
        return execution -> ask(execution, true);
    }

    private void ask(DelegateExecution execution, boolean reminder) {
        questions.ask(execution, questionMail(execution), reminder, CaseProcesses.MSG_QUESTION_LINK_ANSWERED,
                timers.closeAfter(execution));
    }

    private QuestionMail questionMail(DelegateExecution execution) {
        Object name = execution.getVariable(CaseProcesses.QUESTION_MAIL);
        QuestionMail mail = questionMails.get(name == null ? CaseMailer.BEAN : name.toString());
        if (mail == null) {
            throw new IllegalStateException("No question mail " + name + " (a QuestionMail bean): "
                    + questionMails.keySet());
        }
        return mail;
    }

    /** A case mail to the partner who opened the case, no answer expected. */
    private SupportCase tellPartner(DelegateExecution execution, Kind kind, String text) {
        SupportCase c = context.caseOf(execution);
        mailer.send(c, context.partnerOf(c), kind, text);
        return c;
    }

    /**
     * "Confirm case received".
     * <p>Serves {@code Task_ConfirmCaseReceived} (alliance-lead-change-request, certification-account-merge,
     * marketplace-account-unlinking, support-case).
     */
    @Bean
    JavaDelegate sendCaseConfirmationDelegate() {
        return execution -> tellPartner(execution, Kind.OPENED, null);
    }

    /**
     * "Send answer": the agent's message, no answer expected; the case goes back to the agent.
     * <p>Serves {@code Task_SendAnswer} (support-case).
     */
    @Bean
    JavaDelegate sendAgentAnswerDelegate() {
        return execution -> tellPartner(execution, Kind.ANSWER,
                (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE));
    }

    /**
     * "Resolve case": the final answer, then the case is resolved.
     * <p>Serves {@code Task_ResolveUnlinked} (marketplace-account-unlinking), {@code Task_ResolveDeclined}
     * (marketplace-account-unlinking), {@code Task_ResolveCase} (support-case).
     */
    @Bean
    JavaDelegate resolveCaseDelegate() {
        return execution -> cases.setStatus(tellPartner(execution, Kind.RESOLVED,
                (String) execution.getVariable(CaseProcesses.AGENT_MESSAGE)).id(), CaseStatus.RESOLVED);
    }

    /**
     * "Close case as unanswered".
     * <p>Serves {@code Task_CloseUnanswered} (certification-account-merge, marketplace-account-unlinking,
     * support-case).
     */
    @Bean
    JavaDelegate closeUnansweredCaseDelegate() {
        return execution -> cases.setStatus(tellPartner(execution, Kind.CLOSED_UNANSWERED, null).id(),
                CaseStatus.CLOSED);
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
     * "Close the question" (no answer in time, the mail bounced, answered through the signed
     * link): the outcome is BOUNCED when the bounce set it, ANSWERED when the link did
     * ({@code linkDecision}), else UNANSWERED. Its tokens and links close when the block ends.
     * <p>Serves {@code Task_CloseUnansweredQuestion} (ask-partner-by-email), {@code Task_CloseBouncedQuestion}
     * (ask-partner-by-email), {@code Task_CloseAnsweredByLink} (ask-partner-by-email).
     */
    @Bean
    JavaDelegate closeQuestionDelegate() {
        return execution -> {
            if (execution.getVariable(CaseProcesses.ASK_OUTCOME) == null) {
                execution.setVariable(CaseProcesses.ASK_OUTCOME,
                        execution.getVariable(SignedLinks.DECISION_VARIABLE) != null ? "ANSWERED" : "UNANSWERED");
            }
        };
    }

    /**
     * The end of an ask-partner-by-email instance, whichever way it ends (answered, timed out,
     * bounced, or cancelled with its caller, e.g. when the partner withdraws the case): its reply
     * tokens stop working and its open signed links are withdrawn.
     */
    @Bean
    ExecutionListener questionEndedListener() {
        return execution -> {
            expectations.closeForProcess(execution.getProcessInstanceId());
            links.revoke(execution.getProcessInstanceId());
        };
    }
}
