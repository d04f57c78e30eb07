package com.partnerflow.links;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Withdraws the open signed links of the current process, for the paths on which a question is
 * settled without the link: {@code camunda:delegateExpression="${revokeSignedLinksDelegate}"} on
 * a service task, or as an execution listener (e.g. on the "answered by email" event's end).
 */
@Component("revokeSignedLinksDelegate")
public class RevokeSignedLinksDelegate implements JavaDelegate, ExecutionListener {

    private final SignedLinks links;

    public RevokeSignedLinksDelegate(SignedLinks links) {
        this.links = links;
    }

    @Override
    public void execute(DelegateExecution execution) {
        links.revoke(execution.getProcessInstanceId());
    }

    @Override
    public void notify(DelegateExecution execution) {
        links.revoke(execution.getProcessInstanceId());
    }
}
