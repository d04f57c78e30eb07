package com.partnerflow.config;

import com.partnerflow.cases.TaskListColumns;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The staff groups of the domain and what they may do, set up at start-up if missing:
 * process admins may do everything in the engine and the webapps; support agents may use
 * Tasklist only, and see only the tasks of the processes that offer them their work (granted
 * per process, see {@link AgentTaskGrants}). The first admin joins process-admins.
 */
@Component
public class StaffGroups {

    public static final String PROCESS_ADMINS = "process-admins";
    public static final String SUPPORT_AGENTS = "support-agents";
    /** Reads /actuator/prometheus and health details (operations.ActuatorAccessFilter); no right in the engine. */
    public static final String MONITORING = "monitoring";
    public static final String SUPPORT_FILTER = "Support cases";

    private static final Logger log = LoggerFactory.getLogger(StaffGroups.class);

    private final IdentityService identityService;
    private final AuthorizationService authorizations;
    private final FilterService filters;
    private final TaskService tasks;
    private final ProcessEngineConfiguration engineConfiguration;
    private final CamundaBpmProperties camunda;

    public StaffGroups(IdentityService identityService, AuthorizationService authorizations, FilterService filters,
                       TaskService tasks, ProcessEngineConfiguration engineConfiguration, CamundaBpmProperties camunda) {
        this.identityService = identityService;
        this.authorizations = authorizations;
        this.filters = filters;
        this.tasks = tasks;
        this.engineConfiguration = engineConfiguration;
        this.camunda = camunda;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void ensureGroups() {
        ensureGroup(PROCESS_ADMINS, "Process admins");
        ensureGroup(SUPPORT_AGENTS, "Support agents");
        ensureGroup(MONITORING, "Monitoring (metrics and health details only)");
        var admin = camunda.getAdminUser();
        if (admin != null && admin.getId() != null) {
            ensureMember(admin.getId(), PROCESS_ADMINS);
        }
        Filter supportFilter = ensureSupportFilter();
        if (engineConfiguration.isAuthorizationEnabled()) {
            for (Resources resource : Resources.values()) {
                grant(PROCESS_ADMINS, resource, "*", Permissions.ALL);
            }
            grant(SUPPORT_AGENTS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(SUPPORT_AGENTS, Resources.FILTER, supportFilter.getId(), Permissions.READ);
            grant(SUPPORT_AGENTS, Resources.PROCESS_DEFINITION, "*", Permissions.READ);
            for (String process : AgentTaskGrants.PROCESSES) {
                grant(SUPPORT_AGENTS, Resources.PROCESS_DEFINITION, process, AgentTaskGrants.PER_PROCESS);
            }
        }
    }

    /**
     * Created if missing; its query and columns are set on every start, so existing databases get
     * them too. The query names the agents' processes rather than their candidate group: the same
     * tasks (see {@link AgentTaskGrants}), without the join with the identity links, which more than
     * doubled the count at 100,000 open cases.
     */
    private Filter ensureSupportFilter() {
        Filter filter = filters.createFilterQuery().filterName(SUPPORT_FILTER).singleResult();
        if (filter == null) {
            filter = filters.newTaskFilter(SUPPORT_FILTER);
            log.info("Created Tasklist filter '{}'", SUPPORT_FILTER);
        }
        // a static query: expressions in stored queries are switched off (see application.yml)
        filter.setQuery(tasks.createTaskQuery()
                .processDefinitionKeyIn(AgentTaskGrants.PROCESSES.toArray(String[]::new)));
        filter.setProperties(Map.of("description", "Cases and unmatched replies for support agents",
                "priority", -10, "refresh", true, "variables", TaskListColumns.filterColumns()));
        filters.saveFilter(filter);
        return filter;
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        boolean present = authorizations.createAuthorizationQuery().groupIdIn(groupId)
                .resourceType(resource).resourceId(resourceId).count() > 0;
        if (present) {
            return;
        }
        Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        authorization.setGroupId(groupId);
        authorization.setResource(resource);
        authorization.setResourceId(resourceId);
        for (Permission permission : permissions) {
            authorization.addPermission(permission);
        }
        authorizations.saveAuthorization(authorization);
    }

    private void ensureGroup(String id, String name) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created staff group {}", id);
        }
    }

    void ensureMember(String userId, String groupId) {
        if (identityService.createUserQuery().userId(userId).count() == 1
                && identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
            identityService.createMembership(userId, groupId);
            log.info("Added '{}' to group {}", userId, groupId);
        }
    }
}
