package com.partnerflow.cases;

import com.partnerflow.links.SignedLinks;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/** Answers a waiting question (by email or through the API): the one way a partner's answer reaches its process. */
@Component
public class QuestionAnswers {

    private final RuntimeService runtime;
    private final ReplyExpectations expectations;
    private final SignedLinks links;

    public QuestionAnswers(RuntimeService runtime, ReplyExpectations expectations, SignedLinks links) {
        this.runtime = runtime;
        this.expectations = expectations;
        this.links = links;
    }

    /**
     * Moves the ask-partner-by-email instance on, marks the question answered and retires the
     * other tokens of the same exchange (the reminder's). The question's signed links (if it
     * offered any) are withdrawn first, in this transaction: an answer through a link racing
     * this reply waits for it and is then refused.
     *
     * @return false when the process is not (yet) waiting for the answer; then only its links
     * may have been withdrawn (a question that is not waiting is already answered or closed)
     */
    public boolean answer(ReplyExpectations.Expectation question) {
        links.revoke(question.processInstanceId());
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
