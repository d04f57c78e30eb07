package com.partnerflow.api;

import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A task listener's refusal of what an agent submitted, in one sentence the agent can act on.
 * The engine wraps any listener exception ("ENGINE-03051 There was an exception while invoking
 * the TaskListener …") and its REST layer prefixes "Cannot submit task form &lt;id&gt;:" and answers
 * 500; {@link TaskRefusalFilter} answers the sentence alone, as a 400, to Tasklist and to
 * engine-REST callers. The sentence is left on the current HTTP request for that filter, because
 * Camunda's REST layer keeps only the wrapped message; outside a request (Java API, jobs) the
 * exception is all there is.
 */
public final class TaskInputRefused extends ProcessEngineException {

    static final String REQUEST_ATTRIBUTE = TaskInputRefused.class.getName();

    private TaskInputRefused(String sentence) {
        super(sentence);
    }

    /** The refusal to throw; {@code sentence} is shown to the agent as it is. */
    public static TaskInputRefused because(String sentence) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(REQUEST_ATTRIBUTE, sentence, RequestAttributes.SCOPE_REQUEST);
        }
        return new TaskInputRefused(sentence);
    }
}
