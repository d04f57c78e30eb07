package com.partnerflow.cases;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;

/**
 * A node died (kill -9) right after a reply committed: the reply's continuation job (the async
 * step after "Wait for the partner's reply") is locked by the dead node's job executor. The
 * live node must take it over once the lock expires: within the configured 30 s, not
 * Camunda's default 5 minutes.
 */
@Tag("database")
class DeadNodeJobRecoveryTest extends CaseTestSupport {

    @Test
    void aJobLockedByADeadNodeRunsOnTheLiveNodeOnceItsLockExpires() {
        JobExecutor jobExecutor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
        assertThat(jobExecutor.getLockTimeInMillis()).isEqualTo(30_000);
        Asked asked = askedCase("en");
        String askInstance = runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                .processInstanceBusinessKey(asked.supportCase().caseNumber()).singleResult().getId();

        // the reply commits together with the dead node's lock on its continuation, as if that
        // node had acquired the job in the same instant and then died
        tx.executeWithoutResult(status -> {
            assertThat(deliver(replyTo(asked.question(), asked.partner().email(), "Keep #1")))
                    .startsWith("reply correlated");
            int locked = jdbc.sql("UPDATE ACT_RU_JOB SET LOCK_OWNER_ = 'dead-node', LOCK_EXP_TIME_ = ? "
                            + "WHERE PROCESS_INSTANCE_ID_ = ?")
                    .params(new Timestamp(ClockUtil.getCurrentTime().getTime() + jobExecutor.getLockTimeInMillis()),
                            askInstance)
                    .update();
            assertThat(locked).isEqualTo(1);
        });

        // while the lock holds, nobody runs the job: the case still waits for the partner
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> management.createJobQuery().processInstanceId(askInstance).count() == 1);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(asked.supportCase().caseNumber())
                .taskDefinitionKey("Task_WorkCase").count()).isZero();

        // 31 seconds later (on the engine clock) the lock has expired and the live node takes over
        moveClockBy(Duration.ofSeconds(31));
        awaitAgentTask(asked.supportCase());
        assertThat(management.createJobQuery().processInstanceId(askInstance).count()).isZero();
        assertThat(caseRepository.find(asked.supportCase().id()).orElseThrow().status())
                .isEqualTo(CaseStatus.WAITING_FOR_AGENT);
    }
}
