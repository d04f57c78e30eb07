package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.support.IntegrationTestBase;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.BiFunction;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Expression injection through task-query parameters (Camunda 7.24 CE): an expression that
 * would record a call on {@link ExpressionProbe} if evaluated is sent through every route of
 * Tasklist's API and engine REST, nested in {@code orQueries} (and at the top level), as a
 * support agent and as a process admin. Every one is refused with 400 and never evaluated.
 */
class TaskQueryExpressionGuardTest extends IntegrationTestBase {

    static final String AGENT = "qxagent";
    static final String AGENT_PASSWORD = "qx-agent-pass-1";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-test-secret";
    static final String GUARD_MESSAGE = "Expressions are not accepted in task queries or filters";

    @LocalServerPort
    int port;
    @Autowired
    ExpressionProbe probe;
    @Autowired
    FilterService filters;
    @Autowired
    TaskService tasks;
    @Autowired
    AuthorizationService authorizations;

    @BeforeEach
    void agentExists() {
        staffUser(AGENT, AGENT_PASSWORD, StaffGroups.SUPPORT_AGENTS);
    }

    // --- Tasklist's own API, in a logged-in Tasklist session ---------------------------------

    @ParameterizedTest
    @ValueSource(strings = {AGENT, ADMIN})
    void tasklistTaskQueriesRefuseExpressions(String user) {
        StaffHttp tasklist = tasklist(user);
        String api = "/camunda/api/engine/engine/default";
        assertRefused((http, marker) -> http.get(api + "/task?assigneeExpression=" + encoded(marker)), tasklist);
        assertRefused((http, marker) -> http.get(api + "/task/count?assigneeExpression=" + encoded(marker)), tasklist);
        assertRefused((http, marker) -> http.postJson(api + "/task", orQuery(marker)), tasklist);
        assertRefused((http, marker) -> http.postJson(api + "/task/count", orQuery(marker)), tasklist);
        assertRefused((http, marker) -> http.postJson(api + "/task", topLevel(marker)), tasklist);
    }

    @ParameterizedTest
    @ValueSource(strings = {AGENT, ADMIN})
    void tasklistFilterExtensionsRefuseExpressions(String user) {
        StaffHttp tasklist = tasklist(user);
        String filter = "/camunda/api/engine/engine/default/filter/" + supportFilterId();
        assertRefused((http, marker) -> http.postJson(filter + "/list", orQuery(marker)), tasklist);
        assertRefused((http, marker) -> http.postJson(filter + "/count", orQuery(marker)), tasklist);
        assertRefused((http, marker) -> http.postJson(filter + "/list?firstResult=0&maxResults=15",
                "{\"orQueries\":[{\"candidateGroupExpression\":\"" + ExpressionProbe.expressionFor(marker) + "\"}]}"),
                tasklist);
        // the filter itself still works for its users
        assertThat(tasklist.postJson(filter + "/count", "{}").statusCode()).isEqualTo(200);
    }

    /** Agents may not create filters at all: they are refused (403) before their query is even read. */
    @ParameterizedTest
    @ValueSource(strings = {AGENT, ADMIN})
    void tasklistRefusesFiltersSavedWithExpressions(String user) {
        String name = "qx-" + UUID.randomUUID();
        assertRefused((http, marker) -> http.postJson("/camunda/api/engine/engine/default/filter/create",
                filterWith(name, orQuery(marker))), tasklist(user), refusalOfFilterCreation(user),
                user.equals(AGENT) ? "CREATE" : GUARD_MESSAGE);
        assertThat(filters.createFilterQuery().filterName(name).count()).isZero();
    }

    // --- engine REST, HTTP Basic --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {AGENT, ADMIN})
    void engineRestTaskQueriesRefuseExpressions(String user) {
        StaffHttp rest = engineRest(user);
        assertRefused((http, marker) -> http.get("/engine-rest/task?assigneeExpression=" + encoded(marker)), rest);
        assertRefused((http, marker) -> http.postJson("/engine-rest/task", orQuery(marker)), rest);
        assertRefused((http, marker) -> http.postJson("/engine-rest/task/count", orQuery(marker)), rest);
        assertRefused((http, marker) -> http.postJson("/engine-rest/task?firstResult=0&maxResults=5",
                "{\"orQueries\":[{\"dueBeforeExpression\":\"" + ExpressionProbe.expressionFor(marker) + "\"}]}"), rest);
    }

    @ParameterizedTest
    @ValueSource(strings = {AGENT, ADMIN})
    void engineRestFilterExtensionsRefuseExpressions(String user) {
        String filter = "/engine-rest/filter/" + supportFilterId();
        StaffHttp rest = engineRest(user);
        assertRefused((http, marker) -> http.postJson(filter + "/list", orQuery(marker)), rest);
        assertRefused((http, marker) -> http.postJson(filter + "/count", orQuery(marker)), rest);
        // engine REST replaces the message here with its own ("Filter does not returns a valid single result")
        assertRefused((http, marker) -> http.postJson(filter + "/singleResult", orQuery(marker)), rest, 400, "");
    }

    @ParameterizedTest
    @ValueSource(strings = {AGENT, ADMIN})
    void engineRestRefusesFiltersSavedWithExpressions(String user) {
        String name = "qx-" + UUID.randomUUID();
        StaffHttp rest = engineRest(user);
        assertRefused((http, marker) -> http.postJson("/engine-rest/filter/create", filterWith(name, orQuery(marker))),
                rest, refusalOfFilterCreation(user),
                user.equals(AGENT) ? "CREATE" : GUARD_MESSAGE);
        assertRefused((http, marker) -> http.postJson("/engine-rest/filter/create", filterWith(name, topLevel(marker))),
                rest, refusalOfFilterCreation(user),
                user.equals(AGENT) ? "CREATE" : GUARD_MESSAGE);
        assertThat(filters.createFilterQuery().filterName(name).count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {ADMIN})
    void anUpdatedFilterMayNotGainExpressions(String user) {
        Filter filter = filters.saveFilter(filters.newTaskFilter("qx-update-" + UUID.randomUUID())
                .setQuery(tasks.createTaskQuery().taskCandidateGroup(StaffGroups.SUPPORT_AGENTS)));
        try {
            assertRefused((http, marker) -> http.putJson("/engine-rest/filter/" + filter.getId(),
                    filterWith(filter.getName(), orQuery(marker))), engineRest(user));
            assertThat(filters.getFilter(filter.getId()).<org.camunda.bpm.engine.impl.TaskQueryImpl>getQuery()
                    .getQueries()).hasSize(1);
        } finally {
            filters.deleteFilter(filter.getId());
        }
    }

    /**
     * A filter stored before the guard existed (written straight into the engine's table, as the
     * engine would have saved it): running it is refused too, through both APIs.
     */
    @ParameterizedTest
    @ValueSource(strings = {AGENT, ADMIN})
    void filtersStoredWithExpressionsAreNeverRun(String user) {
        String marker = UUID.randomUUID().toString();
        String filterId = "qx-stored-" + UUID.randomUUID();
        String query = "{\"orQueries\":[{\"taskAssigneeExpression\":\"" + ExpressionProbe.expressionFor(marker) + "\"}]}";
        jdbc.sql("insert into ACT_RU_FILTER (ID_, REV_, RESOURCE_TYPE_, NAME_, OWNER_, QUERY_, PROPERTIES_) "
                        + "values (?, 1, 'Task', ?, null, ?, '{}')")
                .params(filterId, filterId, query).update();
        Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        read.setGroupId(StaffGroups.SUPPORT_AGENTS);
        read.setResource(Resources.FILTER);
        read.setResourceId(filterId);
        read.addPermission(Permissions.READ);
        authorizations.saveAuthorization(read);
        try {
            StaffHttp rest = engineRest(user);
            StaffHttp tasklist = tasklist(user);
            for (HttpResponse<String> response : java.util.List.of(
                    rest.get("/engine-rest/filter/" + filterId + "/list"),
                    rest.get("/engine-rest/filter/" + filterId + "/count"),
                    rest.postJson("/engine-rest/filter/" + filterId + "/list", "{}"),
                    tasklist.get("/camunda/api/engine/engine/default/filter/" + filterId + "/list"),
                    tasklist.postJson("/camunda/api/engine/engine/default/filter/" + filterId + "/count", "{}"))) {
                assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(400);
                assertThat(response.body()).contains("Expressions are not accepted");
            }
            assertThat(probe.wasTouched(marker)).as("the stored expression was evaluated").isFalse();
        } finally {
            filters.deleteFilter(filterId);
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Sends a request carrying a fresh marker's expression: it must be refused with 400, unevaluated. */
    private void assertRefused(BiFunction<StaffHttp, String, HttpResponse<String>> request, StaffHttp http) {
        assertRefused(request, http, 400, GUARD_MESSAGE);
    }

    private void assertRefused(BiFunction<StaffHttp, String, HttpResponse<String>> request, StaffHttp http,
                               int status, String message) {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response = request.apply(http, marker);
        assertThat(probe.wasTouched(marker)).as("evaluated by " + response.uri()).isFalse();
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body())
                .isEqualTo(status);
        assertThat(response.body()).contains(message);
    }

    private static int refusalOfFilterCreation(String user) {
        return user.equals(AGENT) ? 403 : 400;
    }

    private StaffHttp tasklist(String user) {
        return StaffHttp.webappLogin(port, "tasklist", user, user.equals(ADMIN) ? ADMIN_PASSWORD : AGENT_PASSWORD);
    }

    private StaffHttp engineRest(String user) {
        return StaffHttp.basic(port, user, user.equals(ADMIN) ? ADMIN_PASSWORD : AGENT_PASSWORD);
    }

    private String supportFilterId() {
        return filters.createFilterQuery().filterName(StaffGroups.SUPPORT_FILTER).singleResult().getId();
    }

    private static String orQuery(String marker) {
        return "{\"candidateGroup\":\"support-agents\",\"orQueries\":[{\"assigneeExpression\":\""
                + ExpressionProbe.expressionFor(marker) + "\",\"candidateUser\":\"nobody\"}]}";
    }

    private static String topLevel(String marker) {
        return "{\"assigneeExpression\":\"" + ExpressionProbe.expressionFor(marker) + "\"}";
    }

    private static String filterWith(String name, String query) {
        return "{\"resourceType\":\"Task\",\"name\":\"" + name + "\",\"owner\":null,\"query\":" + query
                + ",\"properties\":{}}";
    }

    private static String encoded(String marker) {
        return URLEncoder.encode(ExpressionProbe.expressionFor(marker), StandardCharsets.UTF_8);
    }
}
