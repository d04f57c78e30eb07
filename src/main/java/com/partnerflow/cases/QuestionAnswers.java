package com.partnerflow.cases;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/** Answers a waiting question (by email or through the API): the one way a partner's answer reaches its process. */
@Component
public class QuestionAnswers {

    private final RuntimeService runtime;
    private final ReplyExpectations expectations;

    public QuestionAnswers(RuntimeService runtime, ReplyExpectations expectations) {
        this.runtime = runtime;
        this.expectations = expectations;
    }

    /**
     * Moves the ask-partner-by-email instance on, marks the question answered and retires the
     * other tokens of the same exchange (the reminder's).
     *
     * @return false, with nothing changed, when the process is not (yet) waiting for the answer
     */
    public boolean answer(ReplyExpectations.Expectation question) {
        try {
            runtime.createMessageCorrelation(CaseProcesses.MSG_PARTNER_REPLIED)
                    .processInstanceId(question.processInstanceId())
                    .setVariable(CaseProcesses.ASK_OUTCOME, "ANSWERED")
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException notWaiting) {
            return false;
        }
        expectations.markAnswered(question.tokenHash());
        expectations.closeForProcess(question.processInstanceId());
        return true;
    }
}
