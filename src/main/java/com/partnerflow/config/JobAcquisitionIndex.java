package com.partnerflow.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Job acquisition by an index on the due date. The job executor asks every few seconds for jobs
 * that are due and not locked; the engine has no index for that, so with 100,000 timers waiting
 * for days each acquisition read all of them: starts ran at 0.69 of their speed and 1,000 timers
 * falling due at once took 20.7 s to fire. application.yml sets {@code ensureJobDueDateNotNull}
 * (every new job gets a due date, so the query loses its {@code DUEDATE_ IS NULL OR}) and
 * {@code jobExecutorAcquireByDueDate} (oldest first, read from the index); this plugin creates the
 * index and gives the jobs made before that setting, which the query no longer finds, the due
 * date "now". Both happen at each start, before the job executor runs, and do nothing once done.
 */
@Component
public class JobAcquisitionIndex extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(JobAcquisitionIndex.class);

    static final String INDEX = "partnerflow_job_due_date";

    private DataSource dataSource;
    private String table;

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        dataSource = configuration.getDataSource();
        String prefix = configuration.getDatabaseTablePrefix();
        table = (prefix == null ? "" : prefix) + "ACT_RU_JOB";
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX IF NOT EXISTS " + INDEX + " ON " + table + " (DUEDATE_)");
            }
            try (PreparedStatement undated = connection.prepareStatement(
                    "UPDATE " + table + " SET DUEDATE_ = ? WHERE DUEDATE_ IS NULL")) {
                undated.setTimestamp(1, new Timestamp(ClockUtil.getCurrentTime().getTime()));
                int dated = undated.executeUpdate();
                if (dated > 0) {
                    log.info("Gave {} job(s) without a due date the due date now, so that the job executor finds them",
                            dated);
                }
            }
        } catch (SQLException e) {
            throw new ProcessEngineException("could not prepare job acquisition (index " + INDEX + " on " + table + ")", e);
        }
    }
}
