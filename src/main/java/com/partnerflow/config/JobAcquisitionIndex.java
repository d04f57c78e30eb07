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
 *
 * <p>On PostgreSQL a second, partial index holds only the locked jobs. The acquisition query skips
 * a job whose process instance has another exclusive job in progress ({@code NOT EXISTS} over the
 * locked jobs); PostgreSQL answers that with one hashed list of all locked jobs per acquisition,
 * and without an index on them that list came from reading the whole table: 30 ms per acquisition
 * of 3 jobs with 100,000 timers waiting, most of the 9 s that 1,000 timers due at once took to
 * fire. From the partial index it is 0.1 ms. H2 (development) has no partial indexes.
 */
@Component
public class JobAcquisitionIndex extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(JobAcquisitionIndex.class);

    static final String INDEX = "partnerflow_job_due_date";
    static final String LOCKED_INDEX = "partnerflow_job_locked";

    private DataSource dataSource;
    private String table;
    private boolean postgres;

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        dataSource = configuration.getDataSource();
        String prefix = configuration.getDatabaseTablePrefix();
        table = (prefix == null ? "" : prefix) + "ACT_RU_JOB";
        postgres = "postgres".equals(configuration.getDatabaseType());
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX IF NOT EXISTS " + INDEX + " ON " + table + " (DUEDATE_)");
                if (postgres) {
                    statement.execute("CREATE INDEX IF NOT EXISTS " + LOCKED_INDEX + " ON " + table
                            + " (LOCK_EXP_TIME_) WHERE LOCK_OWNER_ IS NOT NULL");
                }
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
            throw new ProcessEngineException("could not prepare job acquisition (indexes " + INDEX + ", "
                    + LOCKED_INDEX + " on " + table + ")", e);
        }
    }
}
