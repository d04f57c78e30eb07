package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.config.AgentTaskGrants;
import com.partnerflow.config.StaffGroups;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Support agents work in Tasklist only, and see only the tasks offered to their group. */
class AgentTasklistAccessTest extends CaseTestSupport {

    @Autowired
    IdentityService identity;
    @Autowired
    AuthorizationService authorizations;
    @Autowired
    FilterService filters;

    @Test
    void agentsSeeTheirGroupsTasksAndNothingElse() {
        SupportCase c = openCase(newPartner("en"));
        Task caseTask = awaitAgentTask(c);
        Task financeTask = tasks.newTask();
        financeTask.setName("Approve invoice");
        tasks.saveTask(financeTask);
        tasks.addCandidateGroup(financeTask.getId(), "finance");

        identity.setAuthentication("agent-under-test", List.of(StaffGroups.SUPPORT_AGENTS));
        try {
            List<String> visible = tasks.createTaskQuery().list().stream().map(Task::getId).toList();
            assertThat(visible).contains(caseTask.getId()).doesNotContain(financeTask.getId());
            assertThat(runtime.createProcessInstanceQuery().count()).isZero();
            Filter filter = filters.createFilterQuery().filterName(StaffGroups.SUPPORT_FILTER).singleResult();
            assertThat(filter).isNotNull();
            assertThat(filters.list(filter.getId())).extracting(t -> ((Task) t).getId()).contains(caseTask.getId());
        } finally {
            identity.clearAuthentication();
            tasks.deleteTask(financeTask.getId(), true);
        }
        List<String> agentGroups = List.of(StaffGroups.SUPPORT_AGENTS);
        assertThat(authorizations.isUserAuthorized("agent-under-test", agentGroups, Permissions.ACCESS,
                Resources.APPLICATION, "tasklist")).isTrue();
        assertThat(authorizations.isUserAuthorized("agent-under-test", agentGroups, Permissions.ACCESS,
                Resources.APPLICATION, "cockpit")).isFalse();
    }

    /**
     * config.ProcessWideTaskReadCheck: the Support cases filter asks for the agents' processes only,
     * and agents hold READ_TASK on each, so its per-task check is dropped (and the filter still
     * finds the same tasks); any other query keeps it, and so does every query of a user with a
     * revoking authorization, for which the engine's revoke rules decide.
     */
    @Test
    void theSupportFilterIsCheckedPerProcessAndEveryOtherQueryTaskByTask() {
        SupportCase c = openCase(newPartner("en"));
        Task caseTask = awaitAgentTask(c);
        Filter filter = filters.createFilterQuery().filterName(StaffGroups.SUPPORT_FILTER).singleResult();
        String[] agentProcesses = AgentTaskGrants.PROCESSES.toArray(String[]::new);
        List<String> agentGroups = List.of(StaffGroups.SUPPORT_AGENTS);

        assertThat(checksEachTask("agent-under-test", agentGroups,
                (TaskQueryImpl) tasks.createTaskQuery().processDefinitionKeyIn(agentProcesses))).isFalse();
        assertThat(checksEachTask("agent-under-test", agentGroups, (TaskQueryImpl) tasks.createTaskQuery())).isTrue();
        assertThat(checksEachTask("agent-under-test", agentGroups, (TaskQueryImpl) tasks.createTaskQuery()
                .processDefinitionKeyIn("support-case", "partner-registration"))).isTrue();
        assertThat(checksEachTask("clerk-under-test", List.of("finance"),
                (TaskQueryImpl) tasks.createTaskQuery().processDefinitionKeyIn(agentProcesses)))
                .as("a user holding nothing on the processes is checked task by task").isTrue();

        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        List<String> holding = configuration.getCommandExecutorTxRequired().execute(context -> context
                .getAuthorizationManager().filterAuthenticatedGroupIds(List.of(StaffGroups.SUPPORT_AGENTS, "no-such-group")));
        assertThat(holding)
                .as("of a user's groups, those holding any authorization").containsExactly(StaffGroups.SUPPORT_AGENTS);

        identity.setAuthentication("agent-under-test", agentGroups);
        try {
            assertThat(filters.list(filter.getId())).extracting(t -> ((Task) t).getId()).contains(caseTask.getId());
            assertThat(filters.count(filter.getId())).isEqualTo(tasks.createTaskQuery().processDefinitionKeyIn(agentProcesses).count());
        } finally {
            identity.clearAuthentication();
        }

        Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
        revoke.setUserId("agent-under-test");
        revoke.setResource(Resources.PROCESS_DEFINITION);
        revoke.setResourceId("support-case");
        revoke.addPermission(ProcessDefinitionPermissions.READ_TASK);
        authorizations.saveAuthorization(revoke);
        try {
            assertThat(checksEachTask("agent-under-test", agentGroups,
                    (TaskQueryImpl) tasks.createTaskQuery().processDefinitionKeyIn(agentProcesses)))
                    .as("with a revoke in play the engine decides task by task, as it would without us").isTrue();
        } finally {
            authorizations.deleteAuthorization(revoke.getId());
        }
    }

    /** Whether the engine's task query would check each task for this user (the SQL join on authorizations). */
    private boolean checksEachTask(String userId, List<String> groups, TaskQueryImpl query) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        identity.setAuthentication(userId, groups);
        try {
            return configuration.getCommandExecutorTxRequired().execute(context -> {
                context.getAuthorizationManager().configureTaskQuery(query);
                return query.getAuthCheck().getShouldPerformAuthorizatioCheck();
            });
        } finally {
            identity.clearAuthentication();
        }
    }
}
