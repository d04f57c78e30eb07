package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.config.StaffGroups;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
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
}
