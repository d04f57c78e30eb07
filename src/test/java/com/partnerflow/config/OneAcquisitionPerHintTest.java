package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.AcquireJobsCommandFactory;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultAcquireJobsCommandFactory;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Counts the acquisitions a job executor runs for jobs committed one after another, with idle
 * acquisitions a minute apart, so that only the hints wake it. A job brings two hints (its commit,
 * the end of its run): the engine's own executor answers each with two acquisitions,
 * {@link OneAcquisitionPerHint} with one. Each job is still run.
 */
class OneAcquisitionPerHintTest {

    private static final int JOBS = 5;

    @Test
    void eachHintIsAnsweredByOneAcquisition() {
        assertThat(acquisitionsFor(new OneAcquisitionPerHint.HintedJobExecutor())).isEqualTo(2 * JOBS);
    }

    /**
     * What the class exists for: should the engine stop doing this, the class can go. A job's end
     * may come while the second acquisition for its commit runs, which then answers both: 3 or 4.
     */
    @Test
    void theEnginesOwnExecutorAcquiresTwicePerHint() {
        assertThat(acquisitionsFor(new SpringJobExecutor())).isBetween(3 * JOBS, 4 * JOBS);
    }

    private static int acquisitionsFor(SpringJobExecutor executor) {
        ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();
        threads.setCorePoolSize(2);
        threads.initialize();
        executor.setTaskExecutor(threads);
        executor.setWaitTimeInMillis(60_000);
        executor.setMaxWait(60_000);
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneInMemProcessEngineConfiguration()
                .setJdbcUrl("jdbc:h2:mem:acquisitions-" + executor.getClass().getSimpleName() + ";DB_CLOSE_DELAY=-1")
                .setProcessEngineName("acquisitions-" + executor.getClass().getSimpleName())
                .setHistory(ProcessEngineConfiguration.HISTORY_NONE);
        configuration.setJobExecutor(executor);
        AtomicInteger acquisitions = count(executor);
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
            engine.getRepositoryService().createDeployment().addModelInstance("hinted.bpmn",
                    Bpmn.createExecutableProcess("hinted").camundaHistoryTimeToLive(1).startEvent()
                            .serviceTask().camundaAsyncBefore().camundaExpression("${true}")
                            .endEvent().done()).deploy();
            executor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> acquisitions.get() >= 1); // the first, at start
            acquisitions.set(0);
            for (int i = 0; i < JOBS; i++) {
                String id = engine.getRuntimeService().startProcessInstanceByKey("hinted").getId();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).count() == 0);
                awaitQuiet(acquisitions); // so that one job's end and the next one's commit are not answered together
            }
            assertThat(engine.getManagementService().createJobQuery().count()).isZero();
            return acquisitions.get();
        } finally {
            executor.shutdown();
            engine.close();
            threads.shutdown();
        }
    }

    /** Until two readings 300 ms apart agree: the acquisitions a job's end brings come within milliseconds. */
    private static void awaitQuiet(AtomicInteger acquisitions) {
        int[] seen = {-1};
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    int now = acquisitions.get();
                    boolean same = now == seen[0];
                    seen[0] = now;
                    return same;
                });
    }

    private static AtomicInteger count(JobExecutor executor) {
        AtomicInteger acquisitions = new AtomicInteger();
        AcquireJobsCommandFactory engines = new DefaultAcquireJobsCommandFactory(executor);
        executor.setAcquireJobsCmdFactory(numJobs -> { // kept by the executor's start, which only fills in a missing one
            acquisitions.incrementAndGet();
            return engines.getCommand(numJobs);
        });
        return acquisitions;
    }
}
