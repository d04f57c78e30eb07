package com.partnerflow.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.AuthorizationCheck;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;

/**
 * The engine's task query, with its read check decided once per query where one decision is
 * enough. The engine lets a user read a task when they hold READ on the task or READ_TASK on its
 * process definition, and checks that row by row, in SQL, for every task the query touches. When
 * the query is restricted to some process definition keys (Tasklist's <i>Support cases</i>
 * filter is) and the user holds READ_TASK on each of them, every task it can find passes that
 * check; the row-by-row check then only costs time: at 100,000 open cases it is most of the
 * agent's task count. This manager asks the per-process question first, through the engine's own
 * {@code isAuthorized} (user, groups and the {@code *} grants), and drops the per-row check only
 * when the answer is yes for every key.
 * <p>
 * It leaves the engine's check in place when the query is not restricted that way, when it holds
 * {@code or()} branches, when a key is not granted, and whenever revoking authorizations take
 * part in this user's checks (the engine's "auto" mode finds them): then the engine's revoke rules
 * decide, row by row. Tenant checks are separate and untouched. Installed by {@link AgentTaskGrants}.
 * <p>
 * It also answers the question every authorized command starts with, which of the user's groups
 * hold any authorization, by looking those groups up instead of listing the distinct groups of
 * the whole table: with one READ_VARIABLE grant per open agent task that list read 100,000 rows,
 * 20 ms for each command an agent's Tasklist page makes. Same answer, one index lookup per group.
 */
public class ProcessWideTaskReadCheck extends AuthorizationManager {

    /** Per session, as the engine caches its group list: group → holds at least one authorization. */
    private final Map<String, Boolean> groupsHoldingAny = new HashMap<>();

    @Override
    public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
        if (authenticatedGroupIds == null || authenticatedGroupIds.isEmpty()) {
            return List.of();
        }
        List<String> holding = new ArrayList<>();
        for (String group : new LinkedHashSet<>(authenticatedGroupIds)) {
            if (group != null && groupsHoldingAny.computeIfAbsent(group, this::holdsAnyAuthorization)) {
                holding.add(group);
            }
        }
        return holding;
    }

    private boolean holdsAnyAuthorization(String group) {
        String prefix = Context.getProcessEngineConfiguration().getDatabaseTablePrefix();
        String table = (prefix == null ? "" : prefix) + "ACT_RU_AUTHORIZATION";
        Connection connection = getCommandContext().getDbSqlSession().getSqlSession().getConnection();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM " + table + " WHERE GROUP_ID_ = ? FETCH FIRST 1 ROWS ONLY")) {
            query.setString(1, group);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw new ProcessEngineException("could not read the authorizations of group " + group, e);
        }
    }

    @Override
    public void configureTaskQuery(TaskQueryImpl query) {
        super.configureTaskQuery(query);
        AuthorizationCheck check = query.getAuthCheck();
        if (check.isAuthorizationCheckEnabled() && !check.isRevokeAuthorizationCheckEnabled()
                && check.getAuthUserId() != null && grantedForEveryKey(query, check)) {
            check.getPermissionChecks().clear();
        }
    }

    private boolean grantedForEveryKey(TaskQueryImpl query, AuthorizationCheck check) {
        List<String> keys = restrictingKeys(query);
        if (keys.isEmpty()) {
            return false;
        }
        for (String key : keys) {
            if (!isAuthorized(check.getAuthUserId(), check.getAuthGroupIds(), ProcessDefinitionPermissions.READ_TASK,
                    Resources.PROCESS_DEFINITION, key)) {
                return false;
            }
        }
        return true;
    }

    /** The keys every task the query can find belongs to; empty when it is not restricted to keys. */
    static List<String> restrictingKeys(TaskQueryImpl query) {
        if (query.getQueries().size() != 1) {
            return List.of();
        }
        String[] keys = query.getProcessDefinitionKeys();
        String key = query.getProcessDefinitionKey();
        if (keys != null && keys.length > 0) {
            // both set: the query asks for their intersection, which lies within either
            return List.of(keys);
        }
        return key == null ? List.of() : List.of(key);
    }

    /** Opens this manager wherever the engine asks for its {@link AuthorizationManager}. */
    static class Factory implements SessionFactory {

        @Override
        public Class<?> getSessionType() {
            return AuthorizationManager.class;
        }

        @Override
        public Session openSession() {
            return new ProcessWideTaskReadCheck();
        }
    }
}
