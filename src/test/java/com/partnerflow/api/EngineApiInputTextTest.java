package com.partnerflow.api;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.config.StaffGroups;
import com.partnerflow.config.StaffHttp;
import com.partnerflow.support.IntegrationTestBase;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * NUL and other refused characters through the engine's own APIs, which Camunda reads outside
 * Spring MVC: on PostgreSQL each of these answered 500 before (it refuses 0x00 in text).
 */
@Tag("database")
class EngineApiInputTextTest extends IntegrationTestBase {

    private static final String AGENT = "textagent";
    private static final String AGENT_PASSWORD = "text-agent-pass-1";

    @LocalServerPort
    int port;

    @BeforeEach
    void agentExists() {
        staffUser(AGENT, AGENT_PASSWORD, StaffGroups.SUPPORT_AGENTS);
    }

    @Test
    void engineRestRefusesNulInBodiesAndQueries() {
        StaffHttp admin = StaffHttp.basic(port, "admin", "admin-test-secret");
        String id = UUID.randomUUID().toString();

        assertInvalidCharacters(admin.postJson("/engine-rest/task/create",
                "{\"id\":\"" + id + "\",\"name\":\"bad\\u0000name\"}"));
        assertInvalidCharacters(admin.get("/engine-rest/task?nameLike=%25%00%25"));
        assertInvalidCharacters(admin.postJson("/engine-rest/task", "{\"orQueries\":[{\"nameLike\":\"\\ud800\"}]}"));
        assertThat(engine.getTaskService().createTaskQuery().taskId(id).count()).isZero();

        // the same requests with clean text go through, body intact
        assertThat(admin.postJson("/engine-rest/task/create", "{\"id\":\"" + id + "\",\"name\":\"good name\"}")
                .statusCode()).isEqualTo(204);
        assertThat(engine.getTaskService().createTaskQuery().taskId(id).singleResult().getName()).isEqualTo("good name");
        assertThat(admin.get("/engine-rest/task?nameLike=%25good%25").statusCode()).isEqualTo(200);
        engine.getTaskService().deleteTask(id, true);
    }

    @Test
    void theWebappsApiRefusesNulForAnAgent() {
        StaffHttp tasklist = StaffHttp.webappLogin(port, "tasklist", AGENT, AGENT_PASSWORD);
        String api = "/camunda/api/engine/engine/default";
        assertInvalidCharacters(tasklist.postJson(api + "/task", "{\"nameLike\":\"%\\u0000%\"}"));
        assertInvalidCharacters(tasklist.get(api + "/task?nameLike=%00"));
        assertThat(tasklist.postJson(api + "/task", "{\"nameLike\":\"%case%\"}").statusCode()).isEqualTo(200);
    }

    private static void assertInvalidCharacters(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("\"code\":\"invalid-characters\"");
    }
}
