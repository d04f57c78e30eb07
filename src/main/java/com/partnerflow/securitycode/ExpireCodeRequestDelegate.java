package com.partnerflow.securitycode;

import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The code's validity ran out unused: its hash is wiped and an open request ends as EXPIRED.
 * <p>Serves {@code Task_ExpireCodeRequest} (security-code-delivery).
 */
@Component("expireCodeRequestDelegate")
public class ExpireCodeRequestDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ExpireCodeRequestDelegate.class);

    private final CodeRequests requests;

    public ExpireCodeRequestDelegate(CodeRequests requests) {
        this.requests = requests;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID requestId = UUID.fromString((String) execution.getVariable(CodeDeliveryProcess.CODE_REQUEST_ID));
        CodeRequest request = requests.lock(requestId).orElseThrow();
        requests.expireCodes(requestId);
        if (request.status() == CodeRequest.Status.OPEN) {
            requests.setStatus(requestId, CodeRequest.Status.EXPIRED);
        }
        log.info("Code request {} ({}) expired unused", requestId, request.purpose());
    }
}
