package com.partnerflow.config;

import java.util.List;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
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
 * part in this user's checks (the engine's "auto" mode finds them): a revoke on a single task
 * must still hide it. Tenant checks are separate and untouched. Installed by {@link AgentTaskGrants}.
 */
public class ProcessWideTaskReadCheck extends AuthorizationManager {

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
