package perfbench.bare;

import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;
import perfbench.Batches;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's bare engine: Camunda's Spring Boot starters (engine, REST, webapps) and nothing of
 * Partnerflow, started by {@code com.partnerflow.benchmark.PerformanceBenchmark} in a JVM of its own
 * with the application's own {@code application.yml} as configuration, so its engine settings
 * (history, authorization, job executor, retry cycle, generic properties) are the application's.
 * It serves the baseline model (start, service task, user task for the support agents) and, for the
 * task list, the same staff set-up as {@code config.StaffGroups}: a "Support cases" filter and an
 * agent allowed into Tasklist who sees the tasks offered to the group.
 * <p>
 * Spring Security's defaults are off: the application's security guards only its own partner API.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration"})
public class BareEngineApplication {

    public static final String AGENTS = "support-agents";
    public static final String FILTER = "Support cases";

    public static void main(String[] args) {
        SpringApplication.run(BareEngineApplication.class, args);
    }

    /** The baseline's one service step: reads and writes a variable, as a small delegate does. */
    @Bean
    JavaDelegate baselineStep() {
        return execution -> execution.setVariable("checked", execution.getVariable("requestedBy") != null);
    }

    @Bean
    StaffSetUp staffSetUp(IdentityService identity, AuthorizationService authorizations, FilterService filters,
                          TaskService tasks, @Value("${benchmark.agent-password}") String agentPassword) {
        return new StaffSetUp(identity, authorizations, filters, tasks, agentPassword);
    }

    /** The agent, the group, the filter and the grants of {@code config.StaffGroups}, made once. */
    static final class StaffSetUp {
        private final IdentityService identity;
        private final AuthorizationService authorizations;
        private final FilterService filters;
        private final TaskService tasks;
        private final String agentPassword;

        StaffSetUp(IdentityService identity, AuthorizationService authorizations, FilterService filters,
                   TaskService tasks, String agentPassword) {
            this.identity = identity;
            this.authorizations = authorizations;
            this.filters = filters;
            this.tasks = tasks;
            this.agentPassword = agentPassword;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void ensure() {
            if (identity.createGroupQuery().groupId(AGENTS).count() == 0) {
                Group group = identity.newGroup(AGENTS);
                group.setName("Support agents");
                group.setType("WORKFLOW");
                identity.saveGroup(group);
            }
            if (identity.createUserQuery().userId("agent").count() == 0) {
                User agent = identity.newUser("agent");
                agent.setPassword(agentPassword);
                identity.saveUser(agent);
                identity.createMembership("agent", AGENTS);
            }
            Filter filter = filters.createFilterQuery().filterName(FILTER).singleResult();
            if (filter == null) {
                filter = filters.newTaskFilter(FILTER)
                        .setQuery(tasks.createTaskQuery().taskCandidateGroup(AGENTS).includeAssignedTasks());
                filter.setProperties(Map.of("priority", -10, "refresh", true));
                filters.saveFilter(filter);
            }
            grant(Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(Resources.FILTER, filter.getId(), Permissions.READ);
            grant(Resources.PROCESS_DEFINITION, "*", Permissions.READ);
        }

        private void grant(Resource resource, String resourceId, Permission permission) {
            if (authorizations.createAuthorizationQuery().groupIdIn(AGENTS).resourceType(resource)
                    .resourceId(resourceId).count() > 0) {
                return;
            }
            Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            authorization.setGroupId(AGENTS);
            authorization.setResource(resource);
            authorization.setResourceId(resourceId);
            authorization.addPermission(permission);
            authorizations.saveAuthorization(authorization);
        }
    }

    /** Benchmark-only: fills the engine with open baseline instances (waiting at the user task). */
    @RestController
    @RequestMapping("/bench")
    static class SeedController {
        private final RuntimeService runtime;
        private final TransactionTemplate transaction;

        SeedController(RuntimeService runtime, TransactionTemplate transaction) {
            this.runtime = runtime;
            this.transaction = transaction;
        }

        @PostMapping("/open-instances")
        Map<String, Object> seed(@RequestParam int count, @RequestParam(defaultValue = "100") int batch,
                                 @RequestParam(defaultValue = "2") int threads) throws Exception {
            long start = System.nanoTime();
            Batches.inBatches(transaction, count, batch, threads, i -> runtime.startProcessInstanceByKey("baseline",
                    "seed-" + i, Map.of("requestedBy", "seed-" + i)));
            return Map.of("count", count, "millis", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
