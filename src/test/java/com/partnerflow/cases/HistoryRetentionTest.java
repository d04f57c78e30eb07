package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.directory.PartnerUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What full history keeps of a case, and that the cleanup removes it when its time has come. */
class HistoryRetentionTest extends CaseTestSupport {

    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService management;

    @Test
    void theAgentTasksCopiesOfTheCorrespondenceStayOutOfHistory() {
        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        Task task = awaitAgentTask(c);
        String processId = processIdOf(c);

        assertThat((String) tasks.getVariableLocal(task.getId(), "correspondence")).contains(c.description());
        assertThat(historyService.createHistoricVariableInstanceQuery().taskIdIn(task.getId()).count()).isZero();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(processId)
                .variableName("correspondence").count()).isZero();
        assertThat(historyService.createHistoricDetailQuery().taskId(task.getId()).count()).isZero();
        // what the process decided stays: its own variables and the task itself
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(processId).count())
                .isPositive();
        assertThat(historyService.createHistoricTaskInstanceQuery().taskId(task.getId()).count()).isOne();
    }

    @Test
    void theNightlyCleanupIsScheduledAndRemovesHistoryWhoseTimeHasCome() {
        assertThat(historyService.findHistoryCleanupJobs()).isNotEmpty();

        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        String processId = processIdOf(c);
        agentDecides(c, "RESOLVE", "Done.");
        awaitCaseEnded(c);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(processId)
                .singleResult().getRemovalTime()).as("removal time = end + the model's time to live")
                .isAfter(Date.from(Instant.now().plus(Duration.ofDays(364))));

        // as if its year had passed: the cleanup removes it and leaves every other history alone
        Batch batch = historyService.setRemovalTimeToHistoricProcessInstances()
                .absoluteRemovalTime(Date.from(Instant.now().minus(Duration.ofDays(1))))
                .byIds(processId).hierarchical().executeAsync();
        await().atMost(Duration.ofSeconds(60)).until(() -> management.createBatchQuery().batchId(batch.getId()).count() == 0);
        long others = historyService.createHistoricProcessInstanceQuery().count() - 1;

        Job cleanup = historyService.cleanUpHistoryAsync(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(processId).count() == 0);
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(processId).count()).isZero();
        assertThat(historyService.createHistoricProcessInstanceQuery().count()).isGreaterThanOrEqualTo(others);
        assertThat(cleanup).isNotNull();
    }
}
