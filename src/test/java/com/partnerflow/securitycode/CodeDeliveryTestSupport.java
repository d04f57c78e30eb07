package com.partnerflow.securitycode;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

/** Waiting for the security-code-delivery process of a code request (MFA challenge or password reset). */
public final class CodeDeliveryTestSupport {

    private CodeDeliveryTestSupport() {
    }

    public static HistoricProcessInstance deliveryOf(HistoryService history, Object codeRequestId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(CodeDeliveryProcess.KEY)
                .variableValueEquals(CodeDeliveryProcess.CODE_REQUEST_ID, codeRequestId.toString()).singleResult();
    }

    /**
     * Waits until the code was sent and its transaction committed: the process listens for the
     * code's use again. (The mail can reach the mailbox a moment before that commit.)
     */
    public static void awaitCodeSent(RuntimeService runtime, HistoryService history, Object codeRequestId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HistoricProcessInstance process = deliveryOf(history, codeRequestId);
            return process != null && runtime.createEventSubscriptionQuery().processInstanceId(process.getId())
                    .eventName(CodeDeliveryProcess.MSG_CODE_USED).count() == 1;
        });
    }

    public static void awaitDeliveryEnded(HistoryService history, UUID codeRequestId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryOf(history, codeRequestId).getEndTime() != null);
    }
}
