package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.support.IntegrationTestBase;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.impl.util.ProductPropertiesUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the engine and its webapps tell callers who should not know it. */
class WebappLeaksTest extends IntegrationTestBase {

    static final String AGENT = "leakagent";
    static final String AGENT_PASSWORD = "leak-agent-pass-1";

    @LocalServerPort
    int port;
    @Autowired
    org.camunda.bpm.engine.HistoryService historyService;

    @BeforeEach
    void agentExists() {
        staffUser(AGENT, AGENT_PASSWORD, StaffGroups.SUPPORT_AGENTS);
    }

    @Test
    void theEngineListNeedsCredentials() {
        StaffHttp anonymous = StaffHttp.basic(port, null, null);
        assertThat(anonymous.get("/engine-rest/engine").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/engine-rest/engine/").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/engine-rest/version").statusCode()).isEqualTo(401);
        HttpResponse<String> admin = StaffHttp.basic(port, "admin", "admin-test-secret").get("/engine-rest/engine");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("\"name\":\"default\"");
    }

    /** Jobs without a process (the history cleanup's, batches') are checked against nothing by the engine. */
    @Test
    void anAgentReachesNoJobsBatchesOrHistoryCleanupAndAnAdminDoes() {
        String cleanupJob = historyService.findHistoryCleanupJobs().get(0).getId();
        StaffHttp tasklist = StaffHttp.webappLogin(port, "tasklist", AGENT, AGENT_PASSWORD);
        StaffHttp rest = StaffHttp.basic(port, AGENT, AGENT_PASSWORD);
        String webapp = "/camunda/api/engine/engine/default";
        for (String route : new String[] {"/job/count", "/job?maxResults=10", "/job/" + cleanupJob,
                "/job-definition/count", "/batch/count", "/history/job-log/count", "/history/cleanup/configuration"}) {
            assertThat(tasklist.get(webapp + route).statusCode()).as("Tasklist API " + route).isEqualTo(403);
            assertThat(rest.get("/engine-rest" + route).statusCode()).as("engine REST " + route).isEqualTo(401);
            assertThat(rest.get("/engine-rest/engine/default" + route).statusCode()).as("named engine " + route)
                    .isEqualTo(401);
        }
        assertThat(tasklist.postJson(webapp + "/job/" + cleanupJob + "/execute", "{}").statusCode()).isEqualTo(403);
        assertThat(rest.postJson("/engine-rest/job/" + cleanupJob + "/execute", "{}").statusCode()).isEqualTo(401);
        assertThat(rest.postJson("/engine-rest/history/cleanup?immediatelyDue=true", "{}").statusCode()).isEqualTo(401);
        // what agents do need still answers
        assertThat(rest.get("/engine-rest/task/count").statusCode()).isEqualTo(200);
        assertThat(tasklist.get(webapp + "/task/count").statusCode()).isEqualTo(200);

        StaffHttp admin = StaffHttp.basic(port, "admin", "admin-test-secret");
        assertThat(admin.get("/engine-rest/job/" + cleanupJob).statusCode()).isEqualTo(200);
        StaffHttp cockpit = StaffHttp.webappLogin(port, "cockpit", "admin", "admin-test-secret");
        assertThat(cockpit.get(webapp + "/job/count").statusCode()).isEqualTo(200);
    }

    @Test
    void anAgentsTasklistSessionReadsNoCockpitStatistics() {
        StaffHttp agent = StaffHttp.webappLogin(port, "tasklist", AGENT, AGENT_PASSWORD);
        String base = "/camunda/api/cockpit/plugin/base/default";
        for (String route : new String[] {base + "/process-definition/statistics", base + "/process-definition/statistics-count",
                base + "/incident/count", base + "/process-instance/count"}) {
            HttpResponse<String> response = route.endsWith("statistics") ? agent.get(route)
                    : agent.postJson(route, "{}");
            assertThat(response.statusCode()).as(route + ": " + response.body()).isEqualTo(403);
        }
        // Tasklist itself still answers the agent
        assertThat(agent.get("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(200);

        StaffHttp admin = StaffHttp.webappLogin(port, "cockpit", "admin", "admin-test-secret");
        HttpResponse<String> statistics = admin.get(base + "/process-definition/statistics");
        assertThat(statistics.statusCode()).isEqualTo(200);
        assertThat(statistics.body()).contains("support-case");
        assertThat(StaffHttp.basic(port, null, null).get(base + "/process-definition/statistics").statusCode())
                .isIn(401, 403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void theLoginPagesDoNotNameTheEngineVersion(String app) {
        String version = ProductPropertiesUtil.getProductVersion();
        assertThat(version).matches("7\\.\\d+\\.\\d+.*");
        HttpResponse<String> page = StaffHttp.basic(port, null, null).get("/camunda/app/" + app + "/default/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("cam-widget-footer").doesNotContain(version);
    }
}
