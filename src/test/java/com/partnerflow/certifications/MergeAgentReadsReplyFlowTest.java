package com.partnerflow.certifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.certifications.system.LocalCertificationSystem;
import com.partnerflow.support.ProcessTestBase;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The agent's reading of an unclear confirmation (Task_CheckReply of certification-account-merge):
 * confirmed starts the merge, declined closes the case. Kept small on purpose: the instance is
 * put at "Record the answer" by process instance modification, so the way the confirmation is
 * asked (about to move into the ask block) does not matter here; the full path stays in
 * CertificationMergeProcessTest.
 */
class MergeAgentReadsReplyFlowTest extends ProcessTestBase {

    @Autowired
    CertificationMerges merges;
    @Autowired
    LocalCertificationSystem certificationSystem;
    @Autowired
    CaseRepository caseRepository;
    @Autowired
    MergeRequests mergeRequests;

    /** An open merge case whose instance is about to record account #2's answer, with no answer given. */
    private ProcessInstance atRecordAnswer(UUID[] caseIdOut) {
        TestAccount account = accounts.newAccount();
        String keep = account.lead().email();
        String merge = "old-" + UUID.randomUUID().toString().substring(0, 8) + "@personal.example";
        certificationSystem.createAccount(keep, "AWS Builder ID", "Pat Partner");
        certificationSystem.createAccount(merge, "Amazon.com account", "Pat Partner");
        certificationSystem.addExam(merge, "SAA-C03", "AWS Certified Solutions Architect – Associate",
                Instant.parse("2024-05-02T00:00:00Z"), Instant.parse("2027-05-02T00:00:00Z"));
        var view = merges.open(principal(account.lead()), keep, merge, null);
        SupportCase c = caseRepository.findByNumber(SupportCase.parse(view.caseNumber())).orElseThrow();
        caseIdOut[0] = c.id();
        ProcessInstance instance = runtime.createProcessInstanceQuery().processDefinitionKey(MergeProcess.KEY)
                .processInstanceBusinessKey(c.caseNumber()).singleResult();
        runtime.createProcessInstanceModification(instance.getId())
                .cancelAllForActivity("Task_ConfirmCaseReceived")
                .startBeforeActivity("Task_RecordAnswer")
                .execute();
        return instance;
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONFIRM", "DECLINE"})
    void noReadableAnswerGoesToAnAgentWhoseReadingDecides(String agentDecision) {
        UUID[] caseId = new UUID[1];
        ProcessInstance instance = atRecordAnswer(caseId);

        execute(job(instance));
        assertThat(instance).hasPassed("Task_RecordAnswer").isWaitingAt("Task_CheckReply");
        assertThat(instance).variables().containsEntry(MergeProcess.CONFIRMATION_DECISION, "UNCLEAR");
        assertThat(task("Task_CheckReply", instance)).hasCandidateGroup("support-agents");

        tasks.complete(task("Task_CheckReply", instance).getId(), Map.of(CaseProcesses.AGENT_DECISION, agentDecision));

        if (agentDecision.equals("CONFIRM")) {
            assertThat(instance).hasPassed("Gateway_StartMerge").isWaitingAt("Task_RequestMerge");
            execute(job("Task_RequestMerge", instance));
            assertThat(mergeRequests.find(caseId[0]).orElseThrow().externalMergeId()).isNotNull();
            execute(job("Task_TellMergeStarted", instance));
            assertThat(instance).isWaitingAt("Event_MergePollTimer");
        } else {
            assertThat(instance).hasPassed("Gateway_DeclineJoin").isWaitingAt("Task_TellDeclined");
            execute(job("Task_TellDeclined", instance));
            assertThat(instance).hasPassed("End_Declined").isEnded();
        }
    }
}
