package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.support.IntegrationTestBase;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/** /engine-rest answers to process admins and support agents, /api/admin to process admins only. */
class AdminApiSecurityTest extends IntegrationTestBase {

    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identity;

    @Test
    void anonymousCallersAreRefused() {
        assertThat(http.getForEntity("/engine-rest/process-definition", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/engine-rest/process-instance", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/api/admin/accounts", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void wrongPasswordIsRefused() {
        // a process admin of its own: Camunda delays every login of a user after a wrong password,
        // which would refuse the shared admin in the tests that follow
        staffUser("pwcheck", "right-pass-1", StaffGroups.PROCESS_ADMINS);
        assertThat(http.withBasicAuth("pwcheck", "wrong").getForEntity("/engine-rest/process-definition", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void agentsGetEngineRestButNotTheStaffApi() {
        staffUser("agentsmith", "agent-pass-1", StaffGroups.SUPPORT_AGENTS);
        assertThat(http.withBasicAuth("agentsmith", "agent-pass-1")
                .getForEntity("/engine-rest/process-definition", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth("agentsmith", "agent-pass-1")
                .getForEntity("/api/admin/accounts", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void usersOutsideTheStaffGroupsAreRefused() {
        staffUser("outsider", "outsider-pass-1");
        assertThat(http.withBasicAuth("outsider", "outsider-pass-1")
                .getForEntity("/engine-rest/task", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("outsider", "outsider-pass-1")
                .getForEntity("/api/admin/accounts", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void processAdminsGetIn() {
        var response = http.withBasicAuth("admin", "admin-test-secret")
                .getForEntity("/engine-rest/process-definition?key=partner-registration", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("\"key\":\"partner-registration\"");
        assertThat(identity.createUserQuery().userId("admin").memberOfGroup(StaffGroups.PROCESS_ADMINS).count())
                .isEqualTo(1);
    }

    @Test
    void theDevMailboxIsThereInTheDevAndTestProfiles() {
        assertThat(http.getForEntity("/dev/mailbox", String.class).getBody()).contains("Development mailbox");
        assertThat(http.getForEntity("/dev/mailbox/messages", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }
}
