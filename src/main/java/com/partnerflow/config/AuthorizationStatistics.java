package com.partnerflow.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, statistics that let the planner see how many authorizations carry a permission.
 * The engine checks a permission as {@code PERMS_ & bit = bit}; without statistics on that
 * expression PostgreSQL guesses 0.5 % of the rows. With one READ_VARIABLE authorization per open
 * agent task (see {@link AgentTaskGrants}) the real share is nearly all of them, and the guess made
 * the variable query behind Tasklist's list columns scan every authorization once per variable: 1.9
 * s for one page at 100,000 open cases, 6 ms with these statistics (the plan then looks each
 * variable's authorizations up by resource id). Created once, after the engine has made its
 * tables, with {@code IF NOT EXISTS}; {@code ANALYZE} (the first time here, then autovacuum)
 * fills them.
 *
 * <p>A generic plan throws that knowledge away again: the bit is a parameter there, so after five
 * runs of a prepared statement PostgreSQL could keep a plan that scans (1.4 s, measured with
 * PREPARE/EXECUTE). The commands of a signed-in staff user with authorization checks (Tasklist,
 * Cockpit, the engine REST) therefore plan each statement with its parameters:
 * {@code SET LOCAL plan_cache_mode = force_custom_plan}, for that command's transaction only. The
 * rest keeps PostgreSQL's cached plans, and needs them: planning every statement of the job
 * executor's and the partner API's commands again cost more than their execution (1,000 timers
 * fired in 15 s with custom plans on every connection, in 10 s without).
 */
@Component
public class AuthorizationStatistics extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationStatistics.class);

    /** Statistics object name → the permission bit it describes, for the bits agents' queries test. */
    static final Map<String, Integer> BITS = Map.of(
            "partnerflow_auth_perm_read", 2,
            "partnerflow_auth_perm_read_variable", 64,
            "partnerflow_auth_perm_read_instance_variable", 2_097_152);

    private DataSource dataSource;
    private boolean postgres;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setCustomPostCommandInterceptorsTxRequired(with(configuration.getCustomPostCommandInterceptorsTxRequired()));
        configuration.setCustomPostCommandInterceptorsTxRequiresNew(with(configuration.getCustomPostCommandInterceptorsTxRequiresNew()));
    }

    private List<CommandInterceptor> with(List<CommandInterceptor> interceptors) {
        List<CommandInterceptor> all = interceptors == null ? new ArrayList<>() : new ArrayList<>(interceptors);
        all.add(new CustomPlansForStaff());
        return all;
    }

    /** Inside the command's transaction, after the command context exists (a post-interceptor). */
    private final class CustomPlansForStaff extends CommandInterceptor {
        @Override
        public <T> T execute(Command<T> command) {
            CommandContext context = Context.getCommandContext();
            if (postgres && context != null && context.getAuthentication() != null
                    && context.isAuthorizationCheckEnabled()) {
                Connection connection = context.getDbSqlSession().getSqlSession().getConnection();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                } catch (SQLException e) {
                    throw new ProcessEngineException("Could not choose custom plans for a staff user's command", e);
                }
            }
            return next.execute(command);
        }
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        dataSource = configuration.getDataSource();
        postgres = "postgres".equals(configuration.getDatabaseType());
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        if (!postgres) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            boolean created = false;
            for (Map.Entry<String, Integer> bit : BITS.entrySet()) {
                if (!exists(connection, bit.getKey())) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("CREATE STATISTICS IF NOT EXISTS " + bit.getKey() + " ON (perms_ & "
                                + bit.getValue() + ") FROM act_ru_authorization");
                    }
                    created = true;
                }
            }
            if (created) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE act_ru_authorization");
                }
                log.info("Created planner statistics on the engine's authorization permissions ({})", BITS.keySet());
            }
        } catch (SQLException e) {
            // PostgreSQL before 14 has no statistics on expressions: slower agent lists, nothing wrong
            log.warn("Could not create planner statistics on act_ru_authorization ({}); agents' task lists"
                    + " stay correct but may be slow with many open cases", e.getMessage());
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM pg_statistic_ext WHERE stxname = ? AND stxnamespace = current_schema()::regnamespace")) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }
}
