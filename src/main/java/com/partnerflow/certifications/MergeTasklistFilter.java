package com.partnerflow.certifications;

import com.partnerflow.cases.TaskListColumns;
import com.partnerflow.config.StaffGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The Tasklist filter "Certification merges" for support agents: every task of the merge
 * cases (one "Follow merge case" task per open case, plus the work waiting on an agent), with
 * the case number, on whom the case waits and since when shown on each task.
 */
@Component
public class MergeTasklistFilter {

    public static final String NAME = "Certification merges";

    private static final Logger log = LoggerFactory.getLogger(MergeTasklistFilter.class);

    private final FilterService filters;
    private final TaskService tasks;
    private final AuthorizationService authorizations;
    private final ProcessEngineConfiguration engineConfiguration;

    public MergeTasklistFilter(FilterService filters, TaskService tasks, AuthorizationService authorizations,
                               ProcessEngineConfiguration engineConfiguration) {
        this.filters = filters;
        this.tasks = tasks;
        this.authorizations = authorizations;
        this.engineConfiguration = engineConfiguration;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE + 10) // after StaffGroups created the groups
    public void ensureFilter() {
        Filter filter = filters.createFilterQuery().filterName(NAME).singleResult();
        if (filter == null) {
            filter = filters.newTaskFilter(NAME);
            log.info("Created Tasklist filter '{}'", NAME);
        }
        // a static query (expressions in stored queries are switched off), set on every start; by process,
        // not candidate group: the same tasks, see config.AgentTaskGrants
        filter.setQuery(tasks.createTaskQuery().processDefinitionKey(MergeProcess.KEY));
        // the columns are task-local variables (see TaskListColumns), so agents see them as admins do
        List<Map<String, String>> columns = new ArrayList<>(TaskListColumns.filterColumns());
        columns.add(Map.of("name", "waitingOn", "label", "Waiting on"));
        columns.add(Map.of("name", "mergeAccountEmail", "label", "Merge away"));
        columns.add(Map.of("name", "keepAccountEmail", "label", "Keep"));
        filter.setProperties(Map.of(
                "description", "Certification account merges: on whom each case waits, and since when",
                "priority", -5, "refresh", true, "variables", columns));
        filters.saveFilter(filter);
        if (engineConfiguration.isAuthorizationEnabled() && authorizations.createAuthorizationQuery()
                .groupIdIn(StaffGroups.SUPPORT_AGENTS).resourceType(Resources.FILTER).resourceId(filter.getId())
                .count() == 0) {
            Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            grant.setGroupId(StaffGroups.SUPPORT_AGENTS);
            grant.setResource(Resources.FILTER);
            grant.setResourceId(filter.getId());
            grant.addPermission(Permissions.READ);
            authorizations.saveAuthorization(grant);
        }
    }
}
