package com.partnerflow.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.partnerflow.directory.Role;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Every path of partner-task.bpmn over the partner API, and who sees partner tasks. */
class PartnerTaskProcessTest extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;
    @Autowired
    StandardTaskCatalogue catalogue;
    @Autowired
    TaskService camundaTasks;
    @Autowired
    IdentityService identity;

    @BeforeEach
    void catalogue() {
        catalogue.ensure();
    }

    private ResponseEntity<Map<String, Object>> call(HttpMethod method, String path, Object body, SignedInUser caller) {
        return http.exchange(path, method, new HttpEntity<>(body, caller.bearer()), JSON);
    }

    private Map<String, Object> ok(HttpMethod method, String path, Object body, SignedInUser caller) {
        ResponseEntity<Map<String, Object>> response = call(method, path, body, caller);
        assertThat(response.getStatusCode().is2xxSuccessful()).as("%s %s → %s", method, path, response.getBody())
                .isTrue();
        return response.getBody();
    }

    private List<Map<String, Object>> list(String path, SignedInUser caller) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(caller.bearer()), LIST).getBody();
    }

    private static void assertProblem(ResponseEntity<Map<String, Object>> response, HttpStatus status, String code) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getBody()).containsEntry("code", code);
    }

    private String assign(SignedInUser lead, String taskKey, SignedInUser assignee) {
        ResponseEntity<Map<String, Object>> created = call(HttpMethod.POST, "/api/partner-tasks",
                Map.of("taskKey", taskKey, "assigneeUserId", assignee.userId()), lead);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) created.getBody().get("id");
    }

    private ProcessInstance processOf(String taskId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(PartnerTaskProcess.KEY)
                .processInstanceBusinessKey(taskId).singleResult();
    }

    private String endOf(String taskId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(PartnerTaskProcess.KEY)
                .processInstanceBusinessKey(taskId).singleResult().getEndActivityId();
    }

    @SuppressWarnings("unchecked")
    private static Object assigneeId(Map<String, Object> task) {
        return ((Map<String, Object>) task.get("assignee")).get("userId");
    }

    @Test
    void theAssigneeOpensCompletesAndConfirmsATask() {
        TestAccount account = accounts.newAccount();
        SignedInUser user = accounts.addUser(account, "sam", Role.STANDARD_USER);
        String solution = assign(account.lead(), "solution-build-cloud-essentials", user);
        assign(account.lead(), "account-company-description", user);
        assign(account.lead(), "program-competency", user);
        assertThat(processOf(solution)).isWaitingAt("Gateway_AwaitAssignee");

        assertThat(ok(HttpMethod.GET, "/api/partner-tasks/summary", null, user))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ACCOUNT", 1, "SOLUTION", 1, "PROGRAM", 1));
        List<Map<String, Object>> solutions = list("/api/partner-tasks?type=SOLUTION", user);
        assertThat(solutions).extracting(t -> t.get("id")).containsExactly(solution);
        assertThat(solutions.get(0)).containsEntry("stage", "BUILD").containsEntry("status", "OPEN");
        assertThat(ok(HttpMethod.GET, "/api/partner-tasks/" + solution, null, user))
                .containsEntry("title", "Enroll in the Cloud Essentials Knowledge Badge Readiness Path");

        assertProblem(call(HttpMethod.POST, "/api/partner-tasks/" + solution + "/completion", Map.of(), user),
                HttpStatus.BAD_REQUEST, "confirmation-required");
        // one confirmation shape everywhere: the old {"confirmed": true} is not it
        assertProblem(call(HttpMethod.POST, "/api/partner-tasks/" + solution + "/completion",
                Map.of("confirmed", true), user), HttpStatus.BAD_REQUEST, "confirmation-required");
        assertProblem(call(HttpMethod.POST, "/api/partner-tasks/" + solution + "/completion",
                Map.of("confirmation", "confirm"), account.lead()), HttpStatus.FORBIDDEN, "not-your-task");
        Map<String, Object> done = ok(HttpMethod.POST, "/api/partner-tasks/" + solution + "/completion",
                Map.of("confirmation", "confirm"), user);
        assertThat(done).containsEntry("status", "COMPLETED");
        assertThat(endOf(solution)).isEqualTo("End_Completed");
        assertThat(list("/api/partner-tasks?type=SOLUTION", user)).isEmpty();
        assertThat(ok(HttpMethod.GET, "/api/partner-tasks/summary", null, user)).containsEntry("SOLUTION", 0);
        assertProblem(call(HttpMethod.POST, "/api/partner-tasks/" + solution + "/completion",
                Map.of("confirmation", "confirm"), user), HttpStatus.CONFLICT, "task-not-open");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE account_id = ? AND event_name = 'PartnerTaskCompleted'")
                .param(account.accountId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStandardUserDismissesWithAReasonAndTheLeadReadsItAndReassigns() {
        TestAccount account = accounts.newAccount();
        SignedInUser sam = accounts.addUser(account, "sam", Role.STANDARD_USER);
        SignedInUser kim = accounts.addUser(account, "kimura", Role.MARKETING_STAFF);
        String task = assign(account.lead(), "solution-market-case-study", sam);

        assertProblem(call(HttpMethod.POST, "/api/partner-tasks/" + task + "/dismissal", Map.of("reason", " "), sam),
                HttpStatus.BAD_REQUEST, "reason-required");
        Map<String, Object> dismissed = ok(HttpMethod.POST, "/api/partner-tasks/" + task + "/dismissal",
                Map.of("reason", "Marketing owns case studies."), sam);
        assertThat(dismissed).containsEntry("status", "RETURNED").containsEntry("dismissReason",
                "Marketing owns case studies.");
        assertThat(assigneeId(dismissed)).isEqualTo(account.lead().userId().toString());
        assertThat(((Map<String, Object>) dismissed.get("dismissedBy")).get("email")).isEqualTo(sam.email());
        assertThat(list("/api/partner-tasks", sam)).isEmpty();
        assertProblem(call(HttpMethod.GET, "/api/partner-tasks/" + task, null, sam), HttpStatus.NOT_FOUND,
                "task-not-found");
        // back with the lead, reason shown
        assertThat(list("/api/partner-tasks?type=SOLUTION", account.lead())).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("dismissReason", "Marketing owns case studies."));
        assertThat(processOf(task)).isWaitingAt("Gateway_AwaitAssignee");
        assertProblem(call(HttpMethod.POST, "/api/partner-tasks/" + task + "/dismissal", Map.of("reason", "no"),
                account.lead()), HttpStatus.CONFLICT, "lead-cannot-dismiss");

        // change assignee: search by name, then choose
        List<Map<String, Object>> found = list("/api/partner-tasks/assignee-candidates?name=KIMU", account.lead());
        assertThat(found).extracting(p -> p.get("email")).containsExactly(kim.email());
        Map<String, Object> reassigned = ok(HttpMethod.PUT, "/api/partner-tasks/" + task + "/assignee",
                Map.of("userId", kim.userId()), account.lead());
        assertThat(reassigned).containsEntry("status", "OPEN").containsEntry("dismissReason", null);
        assertThat(assigneeId(reassigned)).isEqualTo(kim.userId().toString());
        assertThat(list("/api/partner-tasks", kim)).extracting(t -> t.get("id")).containsExactly(task);
        ok(HttpMethod.POST, "/api/partner-tasks/" + task + "/completion", Map.of("confirmation", "confirm"), kim);
        assertThat(endOf(task)).isEqualTo("End_Completed");
        assertThat(history.createHistoricActivityInstanceQuery().activityId("Task_ReturnToLead")
                .processInstanceId(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(task)
                        .singleResult().getId()).count()).isEqualTo(1);
    }

    @Test
    void theLeadChangesTheAssigneeAtAnyTimeAndOnlyTheLeadAssigns() {
        TestAccount account = accounts.newAccount();
        SignedInUser sam = accounts.addUser(account, "sam", Role.STANDARD_USER);
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        String task = assign(account.lead(), "account-assign-cloud-admin", sam);

        ok(HttpMethod.PUT, "/api/partner-tasks/" + task + "/assignee", Map.of("userId", team.userId()), account.lead());
        assertThat(list("/api/partner-tasks", sam)).isEmpty();
        assertThat(list("/api/partner-tasks?type=ACCOUNT", team)).hasSize(1);
        ok(HttpMethod.PUT, "/api/partner-tasks/" + task + "/assignee", Map.of("userId", account.lead().userId()),
                account.lead());
        assertThat(processOf(task)).isWaitingAt("Gateway_AwaitAssignee");

        assertProblem(call(HttpMethod.PUT, "/api/partner-tasks/" + task + "/assignee", Map.of("userId", sam.userId()),
                team), HttpStatus.FORBIDDEN, "access-denied");
        assertProblem(call(HttpMethod.POST, "/api/partner-tasks", Map.of("taskKey", "program-competency",
                "assigneeUserId", sam.userId()), team), HttpStatus.FORBIDDEN, "access-denied");
        assertProblem(call(HttpMethod.POST, "/api/partner-tasks", Map.of("taskKey", "no-such-task",
                "assigneeUserId", sam.userId()), account.lead()), HttpStatus.BAD_REQUEST, "unknown-task");
        SignedInUser stranger = accounts.newAccount().lead();
        assertProblem(call(HttpMethod.PUT, "/api/partner-tasks/" + task + "/assignee",
                Map.of("userId", stranger.userId()), account.lead()), HttpStatus.BAD_REQUEST, "assignee-not-found");
        assertThat(list("/api/partner-tasks?scope=account", account.lead())).extracting(t -> t.get("id"))
                .containsExactly(task);
    }

    @Test
    void removingAUserReturnsTheirOpenTasksToTheLead() {
        TestAccount account = accounts.newAccount();
        SignedInUser leaving = accounts.addUser(account, "leaving", Role.TECHNICAL_STAFF);
        String first = assign(account.lead(), "program-well-architected", leaving);
        String second = assign(account.lead(), "solution-sell-software-offering", leaving);
        String done = assign(account.lead(), "solution-grow-ace-opportunity", leaving);
        ok(HttpMethod.POST, "/api/partner-tasks/" + done + "/completion", Map.of("confirmation", "confirm"), leaving);

        // removed through the partner API, which publishes UserRemoved inside its transaction
        ok(HttpMethod.POST, "/api/account/users/" + leaving.userId() + "/removal", Map.of("confirmation", "confirm"),
                account.lead());

        for (String task : List.of(first, second)) {
            Map<String, Object> returned = ok(HttpMethod.GET, "/api/partner-tasks/" + task, null, account.lead());
            assertThat(returned).containsEntry("status", "RETURNED");
            assertThat((String) returned.get("dismissReason")).contains(leaving.email(), "removed");
            assertThat(assigneeId(returned)).isEqualTo(account.lead().userId().toString());
            assertThat(processOf(task)).isWaitingAt("Gateway_AwaitAssignee");
        }
        assertThat(ok(HttpMethod.GET, "/api/partner-tasks/" + done, null, account.lead()))
                .containsEntry("status", "COMPLETED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE account_id = ? AND event_name = 'PartnerTaskReturned'")
                .param(account.accountId()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void partnerTasksAreNeverInTasklistAndNeverSeenByOtherAccounts() {
        TestAccount account = accounts.newAccount();
        SignedInUser sam = accounts.addUser(account, "sam", Role.STANDARD_USER);
        SignedInUser colleague = accounts.addUser(account, "pat", Role.STANDARD_USER);
        String task = assign(account.lead(), "account-link-marketplace", sam);
        SignedInUser otherLead = accounts.newAccount().lead();

        assertProblem(call(HttpMethod.GET, "/api/partner-tasks/" + task, null, otherLead), HttpStatus.NOT_FOUND,
                "task-not-found");
        assertProblem(call(HttpMethod.PUT, "/api/partner-tasks/" + task + "/assignee",
                Map.of("userId", otherLead.userId()), otherLead), HttpStatus.NOT_FOUND, "task-not-found");
        assertThat(list("/api/partner-tasks?scope=account", otherLead)).isEmpty();
        // a colleague who is neither assignee nor lead does not see it either
        assertProblem(call(HttpMethod.GET, "/api/partner-tasks/" + task, null, colleague), HttpStatus.NOT_FOUND,
                "task-not-found");
        assertProblem(call(HttpMethod.POST, "/api/partner-tasks/" + task + "/dismissal", Map.of("reason", "x"),
                colleague), HttpStatus.NOT_FOUND, "task-not-found");

        // no Camunda task exists for a partner task: Tasklist has nothing to show to anyone
        String processInstanceId = processOf(task).getId();
        assertThat(camundaTasks.createTaskQuery().processInstanceId(processInstanceId).count()).isZero();
        identity.setAuthentication("agent", List.of("support-agents"));
        try {
            assertThat(camundaTasks.createTaskQuery().processDefinitionKey(PartnerTaskProcess.KEY).count()).isZero();
        } finally {
            identity.clearAuthentication();
        }
    }
}
