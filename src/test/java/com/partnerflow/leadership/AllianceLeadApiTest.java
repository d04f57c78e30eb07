package com.partnerflow.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The alliance-lead endpoints over HTTP with real sessions: who may call them, and every refusal. */
class AllianceLeadApiTest extends LeadTestSupport {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };
    private static final String REASSIGN = "/api/account/alliance-lead-reassignments";
    private static final String CHANGE = "/api/account/alliance-lead-change-requests";

    @Autowired
    TestRestTemplate http;

    private ResponseEntity<Map<String, Object>> post(String path, Object body, SignedInUser caller) {
        HttpHeaders headers = caller == null ? new HttpHeaders() : caller.bearer();
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JSON);
    }

    private ResponseEntity<Map<String, Object>> get(String path, SignedInUser caller) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(caller.bearer()), JSON);
    }

    private static Map<String, Object> reassignTo(UUID userId, String word) {
        Map<String, Object> body = new HashMap<>();
        body.put("newLeadUserId", userId == null ? null : userId.toString());
        body.put("confirmation", word);
        return body;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLeadHandsOverAndTheRoleActsAtOnce() {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser bob = accounts.addUser(account, "bob", Role.TECHNICAL_STAFF);

        ResponseEntity<Map<String, Object>> done = post(REASSIGN, reassignTo(bob.userId(), "confirm"), lead);

        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(done.getHeaders().getLocation()).hasPath("/api/account/alliance-lead");
        assertThat(done.getBody()).containsKey("reassignmentId");
        assertThat((Map<String, Object>) done.getBody().get("previousLead"))
                .containsEntry("email", lead.email()).containsEntry("roles", List.of("STANDARD_USER"));
        assertThat((Map<String, Object>) done.getBody().get("newLead"))
                .containsEntry("email", bob.email()).containsEntry("roles", List.of("ALLIANCE_LEAD", "TECHNICAL_STAFF"));
        assertThat((String) done.getBody().get("effective")).startsWith("immediately");

        // everyone sees the new lead; roles are read per request, so the old lead lost the permission at once
        Map<String, Object> seen = get("/api/account/alliance-lead", lead).getBody();
        assertThat((Map<String, Object>) seen.get("allianceLead")).containsEntry("email", bob.email());
        assertThat(seen.get("openChangeRequest")).isNull();
        ResponseEntity<Map<String, Object>> again = post(REASSIGN, reassignTo(bob.userId(), "confirm"), lead);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // and the new lead may hand it back
        assertThat(post(REASSIGN, reassignTo(lead.userId(), "confirm"), bob).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(leadOf(account.accountId())).isEqualTo(lead.userId());
        assertThat(rolesOf(bob)).containsExactly(Role.TECHNICAL_STAFF);
    }

    @Test
    void onlyTheLeadMayReassignAndTheRefusalNamesThePermission() {
        TestAccount account = accounts.newAccount();
        SignedInUser bob = accounts.addUser(account, "bob");
        for (Role role : List.of(Role.ALLIANCE_TEAM, Role.CLOUD_ADMIN, Role.ACE_MANAGER, Role.STANDARD_USER)) {
            SignedInUser other = accounts.addUser(account, "other", role);
            ResponseEntity<Map<String, Object>> refused = post(REASSIGN, reassignTo(bob.userId(), "confirm"), other);
            assertThat(refused.getStatusCode()).as(role.name()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(refused.getBody()).containsEntry("code", "access-denied")
                    .containsEntry("permission", "REASSIGN_ALLIANCE_LEAD (held by ALLIANCE_LEAD)");
        }
        assertThat(post(REASSIGN, reassignTo(bob.userId(), "confirm"), null).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(leadOf(account.accountId())).isEqualTo(account.lead().userId());
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser bob = accounts.addUser(account, "bob");
        SignedInUser gone = accounts.addUser(account, "gone");
        setStatus(gone, "DEACTIVATED");
        SignedInUser removed = accounts.addUser(account, "removed");
        setStatus(removed, "REMOVED");
        SignedInUser stranger = accounts.addUser(accounts.newAccount(), "stranger");

        for (String word : new String[] {"Confirm", "CONFIRM", "confirm ", "yes", null}) {
            ResponseEntity<Map<String, Object>> r = post(REASSIGN, reassignTo(bob.userId(), word), lead);
            assertThat(r.getStatusCode()).as(String.valueOf(word)).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(r.getBody()).containsEntry("code", "confirmation-required").containsEntry("expected", "confirm");
            assertThat((String) r.getBody().get("detail")).contains("\"confirm\"");
        }
        ResponseEntity<Map<String, Object>> unknown = post(REASSIGN, reassignTo(UUID.randomUUID(), "confirm"), lead);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody()).containsEntry("code", "user-not-found");
        ResponseEntity<Map<String, Object>> foreign = post(REASSIGN, reassignTo(stranger.userId(), "confirm"), lead);
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(foreign.getBody()).containsEntry("code", "user-not-found");
        for (SignedInUser inactive : List.of(gone, removed)) {
            ResponseEntity<Map<String, Object>> r = post(REASSIGN, reassignTo(inactive.userId(), "confirm"), lead);
            assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(r.getBody()).containsEntry("code", "user-not-active");
        }
        ResponseEntity<Map<String, Object>> self = post(REASSIGN, reassignTo(lead.userId(), "confirm"), lead);
        assertThat(self.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(self.getBody()).containsEntry("code", "already-alliance-lead");
        ResponseEntity<Map<String, Object>> missing = post(REASSIGN, reassignTo(null, "confirm"), lead);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody()).containsKey("fields");

        assertThat(leadOf(account.accountId())).isEqualTo(lead.userId());
        assertThat(rolesOf(lead)).containsExactly(Role.ALLIANCE_LEAD);
        assertThat(auditOf(account.accountId(), "AllianceLeadReassigned")).isEmpty();
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(AllianceLeadProcesses.REASSIGNMENT)
                .variableValueEquals(AllianceLeadProcesses.ACCOUNT_ID, account.accountId().toString()).count()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anyUserAsksForAChangeOncePerAccountAndTracksItAsACase() {
        TestAccount account = accounts.newAccount();
        SignedInUser requester = accounts.addUser(account, "requester");
        SignedInUser colleague = accounts.addUser(account, "colleague", Role.ALLIANCE_TEAM);
        SignedInUser candidate = accounts.addUser(account, "candidate");

        ResponseEntity<Map<String, Object>> opened = post(CHANGE,
                Map.of("reason", "Our lead left.", "proposedLeadUserId", candidate.userId().toString()), requester);

        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String caseNumber = (String) opened.getBody().get("caseNumber");
        assertThat(opened.getBody()).containsEntry("status", "OPEN")
                .containsEntry("proposedLeadUserId", candidate.userId().toString());
        assertThat(opened.getHeaders().getLocation()).hasPath("/api/cases/" + caseNumber);
        // the requester tracks it with the case API
        ResponseEntity<List<Map<String, Object>>> mine = http.exchange("/api/cases", HttpMethod.GET,
                new HttpEntity<>(requester.bearer()), new ParameterizedTypeReference<>() { });
        assertThat(mine.getBody()).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("caseNumber", caseNumber).containsEntry("questionType", "Alliance lead change"));
        Map<String, Object> lead = get("/api/account/alliance-lead", colleague).getBody();
        assertThat((Map<String, Object>) lead.get("openChangeRequest")).containsEntry("caseNumber", caseNumber);

        // a second request of the account points to the first
        ResponseEntity<Map<String, Object>> second = post(CHANGE, Map.of("reason", "Lead is gone."), colleague);
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(second.getBody()).containsEntry("code", "change-request-open").containsEntry("caseNumber", caseNumber)
                .containsEntry("requestId", opened.getBody().get("requestId"));
        assertThat(auditOf(account.accountId(), "AllianceLeadChangeRequested")).hasSize(1);
    }

    @Test
    void changeRequestsRefuseBadInput() {
        TestAccount account = accounts.newAccount();
        SignedInUser requester = accounts.addUser(account, "requester", Role.MARKETING_STAFF);
        SignedInUser gone = accounts.addUser(account, "gone");
        setStatus(gone, "DEACTIVATED");
        SignedInUser stranger = accounts.addUser(accounts.newAccount(), "stranger");

        ResponseEntity<Map<String, Object>> byLead = post(CHANGE, Map.of("reason", "x"), account.lead());
        assertThat(byLead.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(byLead.getBody()).containsEntry("code", "caller-is-alliance-lead");
        ResponseEntity<Map<String, Object>> noReason = post(CHANGE, Map.of("reason", " "), requester);
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noReason.getBody()).containsKey("fields");
        ResponseEntity<Map<String, Object>> foreign = post(CHANGE,
                Map.of("reason", "x", "proposedLeadUserId", stranger.userId().toString()), requester);
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(foreign.getBody()).containsEntry("code", "user-not-found");
        ResponseEntity<Map<String, Object>> inactive = post(CHANGE,
                Map.of("reason", "x", "proposedLeadUserId", gone.userId().toString()), requester);
        assertThat(inactive.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(inactive.getBody()).containsEntry("code", "user-not-active");
        ResponseEntity<Map<String, Object>> theLead = post(CHANGE,
                Map.of("reason", "x", "proposedLeadUserId", account.lead().userId().toString()), requester);
        assertThat(theLead.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(theLead.getBody()).containsEntry("code", "already-alliance-lead");

        assertThat(leadRepository.openOf(account.accountId())).isEmpty();
        assertThat(caseRepository.openedBy(requester.userId())).isEmpty();
    }
}
