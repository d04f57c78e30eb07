package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.config.StaffGroups;
import com.partnerflow.config.StaffHttp;
import com.partnerflow.directory.PartnerUser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Support agents on {@code /engine-rest} with exactly their Tasklist rights: their group's tasks
 * (list, claim, read the form's variables, complete with variables), nothing else.
 */
class AgentEngineRestTest extends CaseTestSupport {

    static final String AGENT = "restagent";
    static final String PASSWORD = "rest-agent-pass-1";

    @LocalServerPort
    int port;
    @Autowired
    FilterService filters;
    @Autowired
    AuthorizationService authorizations;

    StaffHttp agent;

    @BeforeEach
    void agentExists() {
        staffUser(AGENT, PASSWORD, StaffGroups.SUPPORT_AGENTS);
        agent = StaffHttp.basic(port, AGENT, PASSWORD);
    }

    @Test
    void anAgentWorksTheirGroupsCaseThroughEngineRest() {
        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        Task caseTask = awaitAgentTask(c);
        Task financeTask = tasks.newTask();
        financeTask.setName("Approve invoice");
        tasks.saveTask(financeTask);
        tasks.addCandidateGroup(financeTask.getId(), "finance");
        try {
            // the agents hold their cases' tasks by a grant per process (config.AgentTaskGrants); per task they
            // keep only the right to its variables; a task outside those processes keeps the engine's grant
            Authorization perTask = authorizations.createAuthorizationQuery().resourceType(Resources.TASK)
                    .resourceId(caseTask.getId()).groupIdIn(StaffGroups.SUPPORT_AGENTS).singleResult();
            assertThat(perTask.isPermissionGranted(TaskPermissions.READ_VARIABLE)).isTrue();
            assertThat(perTask.isPermissionGranted(TaskPermissions.READ)).isFalse();
            assertThat(perTask.isPermissionGranted(TaskPermissions.UPDATE)).isFalse();
            assertThat(authorizations.createAuthorizationQuery().resourceType(Resources.TASK)
                    .resourceId(financeTask.getId()).groupIdIn("finance").singleResult()
                    .isPermissionGranted(TaskPermissions.READ)).isTrue();
            HttpResponse<String> list = agent.get("/engine-rest/task?candidateGroup=support-agents&maxResults=1000");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains(caseTask.getId()).doesNotContain(financeTask.getId());
            assertThat(agent.get("/engine-rest/task?maxResults=1000").body()).doesNotContain(financeTask.getId());
            String filter = filters.createFilterQuery().filterName(StaffGroups.SUPPORT_FILTER).singleResult().getId();
            assertThat(agent.get("/engine-rest/filter/" + filter + "/list?maxResults=1000").body())
                    .contains(caseTask.getId());

            HttpResponse<String> form = agent.get("/engine-rest/task/" + caseTask.getId() + "/form-variables");
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("\"caseNumber\"").contains(c.caseNumber());
            assertThat(agent.get("/engine-rest/task/" + caseTask.getId() + "/deployed-form").statusCode())
                    .isEqualTo(200);

            assertThat(agent.postJson("/engine-rest/task/" + caseTask.getId() + "/claim",
                    "{\"userId\":\"" + AGENT + "\"}").statusCode()).isEqualTo(204);
            HttpResponse<String> completed = agent.postJson("/engine-rest/task/" + caseTask.getId() + "/complete",
                    "{\"variables\":{\"agentDecision\":{\"value\":\"ANSWER\"},"
                            + "\"agentMessage\":{\"value\":\"Answered from a script.\"}}}");
            assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
            assertThat(mailbox.awaitMessage(partner.email(), 2).text()).contains("Answered from a script.");

            // a task of another group: neither visible nor workable
            assertThat(agent.get("/engine-rest/task/" + financeTask.getId()).statusCode()).isIn(403, 404);
            assertThat(agent.postJson("/engine-rest/task/" + financeTask.getId() + "/claim",
                    "{\"userId\":\"" + AGENT + "\"}").statusCode()).isIn(403, 404);
            assertThat(agent.postJson("/engine-rest/task/" + financeTask.getId() + "/complete", "{}").statusCode())
                    .isIn(403, 404);
        } finally {
            tasks.deleteTask(financeTask.getId(), true);
        }
    }

    @Test
    void anAgentCanDoNothingOnEngineRestTheyCannotDoInTasklist() throws Exception {
        SupportCase c = openCase(newPartner("en"));
        Task caseTask = awaitAgentTask(c);
        String processInstanceId = caseTask.getProcessInstanceId();

        // no process instances, deployments, jobs, incidents or history to see
        assertThat(agent.get("/engine-rest/process-instance/count").body()).isEqualTo("{\"count\":0}");
        assertThat(agent.get("/engine-rest/deployment/count").body()).isEqualTo("{\"count\":0}");
        assertThat(agent.get("/engine-rest/job/count").statusCode()).isEqualTo(401); // config.AdminOnlyEngineResources
        assertThat(agent.get("/engine-rest/incident/count").body()).isEqualTo("{\"count\":0}");
        assertThat(agent.get("/engine-rest/history/process-instance/count").body()).isEqualTo("{\"count\":0}");
        assertThat(agent.get("/engine-rest/process-instance/" + processInstanceId + "/variables").statusCode())
                .isEqualTo(403);
        // of the case's variables, only its open task's own (the Tasklist columns and form copies)
        JsonNode variables = new ObjectMapper().readTree(
                agent.get("/engine-rest/variable-instance?processInstanceIdIn=" + processInstanceId).body());
        assertThat(variables).isNotEmpty();
        assertThat(variables).allSatisfy(v -> assertThat(v.get("taskId").asText()).isEqualTo(caseTask.getId()));
        assertThat(runtime.getVariables(processInstanceId)).isNotEmpty();

        // nothing to change or start
        assertThat(agent.postJson("/engine-rest/process-instance/" + processInstanceId + "/modification",
                "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"Task_WorkCase\"}]}").statusCode())
                .isEqualTo(403);
        assertThat(agent.postJson("/engine-rest/process-definition/key/" + CaseProcesses.SUPPORT_CASE + "/start",
                "{\"businessKey\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(agent.postJson("/engine-rest/message",
                "{\"messageName\":\"" + CaseProcesses.MSG_CASE_RESOLVED_BY_PARTNER + "\",\"businessKey\":\""
                        + c.caseNumber() + "\"}").statusCode()).isIn(400, 403);
        assertThat(agent.postJson("/engine-rest/task/create", "{\"name\":\"Own task\"}").statusCode()).isEqualTo(403);
        assertThat(agent.postJson("/engine-rest/filter/create",
                "{\"resourceType\":\"Task\",\"name\":\"Mine\",\"query\":{},\"properties\":{}}").statusCode())
                .isEqualTo(403);
        assertThat(agent.postJson("/engine-rest/user/create",
                "{\"profile\":{\"id\":\"intruder\"},\"credentials\":{\"password\":\"Intruder#2026\"}}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> deployment = agent.postMultipart("/engine-rest/deployment/create", "deployment-name",
                "evil", "evil.bpmn", "<definitions/>");
        assertThat(deployment.statusCode()).as(deployment.body()).isEqualTo(403);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count()).isEqualTo(1);

        // our own staff endpoints stay with the process admins
        assertThat(agent.get("/api/admin/accounts").statusCode()).isEqualTo(401);
    }

    @Test
    void aRefusedCompletionAnswersOnePlainSentenceInTasklistAndOnEngineRest() {
        SupportCase c = openCase(newPartner("en"));
        Task caseTask = awaitAgentTask(c);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(caseTask.getProcessInstanceId())
                .singleResult().getBusinessKey()).isEqualTo(c.caseNumber());
        tasks.claim(caseTask.getId(), AGENT);
        String noMessage = "{\"variables\":{\"agentDecision\":{\"value\":\"RESOLVE\"}}}";

        HttpResponse<String> rest = agent.postJson("/engine-rest/task/" + caseTask.getId() + "/complete", noMessage);
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(400);
        assertThat(rest.body()).contains("\"message\":\"Write the message to the partner (agentMessage).\"",
                "\"code\":\"task-input-refused\"").doesNotContain("ENGINE-", "Cannot", caseTask.getId());

        StaffHttp tasklist = StaffHttp.webappLogin(port, "tasklist", AGENT, PASSWORD);
        HttpResponse<String> submitted = tasklist.postJson("/camunda/api/engine/engine/default/task/"
                + caseTask.getId() + "/submit-form", "{\"variables\":{\"agentDecision\":{\"value\":\"DELETE\"},"
                + "\"agentMessage\":{\"value\":\"x\"}}}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(400);
        assertThat(submitted.body()).contains("\"message\":\"Choose what you do (agentDecision ANSWER, ASK, RESOLVE).\"")
                .doesNotContain("ENGINE-", "Cannot", caseTask.getId());
        assertThat(tasks.createTaskQuery().taskId(caseTask.getId()).count()).isEqualTo(1);

        // any other failure passes unchanged
        assertThat(agent.postJson("/engine-rest/task/no-such-task/complete", "{}").body()).doesNotContain("task-input-refused");
    }
}
