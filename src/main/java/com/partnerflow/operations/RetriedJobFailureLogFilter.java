package com.partnerflow.operations;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.camunda.bpm.engine.impl.context.Context;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * No stack trace per failed attempt of a job that will be retried. The engine logs a failing
 * job twice: the job executor's "Exception while executing job" (ENGINE-14006), which
 * {@code enableReducedJobExceptionLogging} (application.yml) keeps for the last attempt, and the
 * command's "Exception while closing command context" (ENGINE-16004), which 7.24 logs at every
 * attempt regardless. With 1,000 mails waiting through an SMTP outage that was 4,000 stack traces
 * in half an hour. This filter drops ENGINE-16004 on the threads that execute jobs (they have the
 * engine's job executor context; the job itself is no longer known when the line is logged):
 * there ENGINE-14006 reports the failure, in full at the last attempt. The attempts' errors stay
 * on the job (Cockpit, {@code partnerflow_jobs_*}); other commands (requests, acquisition) are
 * logged as before.
 */
@Component
public class RetriedJobFailureLogFilter extends TurboFilter {

    static final String COMMAND_FAILED = "ENGINE-16004";
    private static final String NAME = "partnerflow-retried-job-failures";

    /** Installs the filter (once per logging set-up: a restart of logging drops it, the next ready event adds it). */
    @EventListener(ApplicationReadyEvent.class)
    public void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging
                && logging.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
            setName(NAME);
            start();
            logging.addTurboFilter(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || format == null || !format.startsWith(COMMAND_FAILED)) {
            return FilterReply.NEUTRAL;
        }
        return Context.getJobExecutorContext() != null ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
