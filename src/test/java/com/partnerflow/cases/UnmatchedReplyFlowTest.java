package com.partnerflow.cases;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.partnerflow.mail.inbound.InboundAttachment;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.MailKind;
import com.partnerflow.support.ProcessTestBase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class UnmatchedReplyFlowTest extends ProcessTestBase {

    @Autowired
    private UnmatchedReplies unmatched;

    @Test
    void anAgentReviewsTheMailAndTheInstanceEnds() {
        String messageId = "<" + UUID.randomUUID() + "@partner.example>";
        unmatched.open(new InboundMail(messageId, List.of(), List.of(), "someone@partner.example",
                List.of("support@partnerflow.local"), "Hello", "A reply to nothing", "A reply to nothing",
                List.<InboundAttachment>of(), Instant.now(), MailKind.REPLY, null), "no reply token", null);

        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processDefinitionKey(CaseProcesses.UNMATCHED_REPLY).processInstanceBusinessKey(messageId)
                .singleResult();
        assertThat(instance).isWaitingAt("Task_ReviewUnmatchedReply");
        assertThat(task(instance)).hasCandidateGroup("support-agents");
        assertThat(instance).variables().containsEntry("mailFrom", "someone@partner.example")
                .containsEntry("unmatchedReason", "no reply token");

        complete(task(instance));

        assertThat(instance).hasPassed("End_Reviewed").isEnded();
    }
}
