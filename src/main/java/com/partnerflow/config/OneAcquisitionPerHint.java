package com.partnerflow.config;

import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionStrategy;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.SequentialJobAcquisitionRunnable;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.spring.boot.starter.configuration.impl.DefaultJobConfiguration.JobConfiguration;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

/**
 * The engine answers every hint with two acquisitions: the one the hint wakes, which finds the
 * new job, and a second, straight after, which finds nothing. The hint's flag is only cleared after
 * the first has run, so that one counts it as a job added meanwhile and does not wait. Each job
 * brings two hints: its commit, and the end of its run (the engine's own, so that an exclusive job
 * of the same instance held back meanwhile runs next). A registration has two jobs (its code mail
 * and its welcome mail), so about 8 acquisitions, at least half of them empty (at 2 clients, 7 of
 * a registration's 13 transactions were acquisitions; hints that come together share one).
 *
 * <p>Here the flag is cleared just before each acquisition's query instead. A hint is sent after
 * its job has committed, so a hint that came before the query is answered by it; one that comes
 * while it runs sets the flag again and the next acquisition starts at once, as before. Idle
 * acquisitions (timers, retries, jobs committed on another node) keep their interval.
 *
 * <p>The job executor is the starter's, with the same properties, as {@code camunda.bpm.job-execution.*}
 * configures it; only the acquisition loop differs.
 */
@Configuration(proxyBeanMethods = false)
public class OneAcquisitionPerHint {

    @Bean
    @ConditionalOnProperty(prefix = "camunda.bpm.job-execution", name = "enabled", havingValue = "true", matchIfMissing = true)
    static JobExecutor jobExecutor(@Qualifier(JobConfiguration.CAMUNDA_TASK_EXECUTOR_QUALIFIER) TaskExecutor taskExecutor,
                                   CamundaBpmProperties properties) {
        JobExecutor configured = JobConfiguration.jobExecutor(taskExecutor, properties);
        HintedJobExecutor executor = new HintedJobExecutor();
        BeanUtils.copyProperties(configured, executor);
        return executor;
    }

    /** A {@link SpringJobExecutor} whose acquisitions each answer the hints received before them. */
    public static class HintedJobExecutor extends SpringJobExecutor {

        @Override
        protected void ensureInitialization() {
            super.ensureInitialization();
            acquireJobsRunnable = new SequentialJobAcquisitionRunnable(this) {
                @Override
                protected AcquiredJobs acquireJobs(JobAcquisitionContext context, JobAcquisitionStrategy strategy,
                                                   ProcessEngineImpl engine) {
                    if (strategy.getNumJobsToAcquire(engine.getName()) > 0) {
                        clearJobAddedNotification();
                    }
                    return super.acquireJobs(context, strategy, engine);
                }
            };
        }
    }
}
