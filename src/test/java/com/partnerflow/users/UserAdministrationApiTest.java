package com.partnerflow.users;

import org.junit.jupiter.api.Tag;
import static com.partnerflow.directory.Role.ACE_MANAGER;
import static com.partnerflow.directory.Role.ACE_USER;
import static com.partnerflow.directory.Role.ALLIANCE_TEAM;
import static com.partnerflow.directory.Role.CLOUD_ADMIN;
import static com.partnerflow.directory.Role.STANDARD_USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerflow.directory.UserRemoved;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Listing, deactivating, reactivating and removing the account's users over HTTP. */
@Tag("database")
class UserAdministrationApiTest extends UsersApiTestSupport {

    @Autowired
    RecordedUserRemovals removals;

    @Test
    void theListSearchesByNameAndAddressAndFiltersByStatus() {
        TestAccount account = accounts.newAccount();
        SignedInUser ann = accounts.addUser(account, "annika", ACE_USER);
        SignedInUser bob = accounts.addUser(account, "bob", STANDARD_USER);
        SignedInUser carl = accounts.addUser(account, "carl");
        accounts.addUser(accounts.newAccount(), "annika"); // another account's namesake stays out
        post("/api/account/users/" + bob.userId() + "/deactivation", null, account.lead());
        remove(account.lead(), carl.userId(), "confirm");

        ResponseEntity<JsonNode> all = get("/api/account/users", account.lead());
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ids(all.getBody())).containsExactly(account.lead().userId(), ann.userId(), bob.userId());
        JsonNode first = all.getBody().get(1);
        assertThat(first.get("email").asText()).isEqualTo(ann.email());
        assertThat(first.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(first.get("roles")).extracting(JsonNode::asText).containsExactly("ACE_USER");

        assertThat(ids(get("/api/account/users?q=ANNIKA", account.lead()).getBody())).containsExactly(ann.userId());
        // the fixture names users "Test <local part>": the full name matches too
        assertThat(ids(get("/api/account/users?q=test bob", account.lead()).getBody())).containsExactly(bob.userId());
        assertThat(ids(get("/api/account/users?status=DEACTIVATED", account.lead()).getBody()))
                .containsExactly(bob.userId());
        assertThat(ids(get("/api/account/users?status=removed,active&q=carl", account.lead()).getBody()))
                .containsExactly(carl.userId());
        ResponseEntity<JsonNode> bad = get("/api/account/users?status=GONE", account.lead());
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().get("code").asText()).isEqualTo("invalid-filter");
    }

    /**
     * Users created within one tick of the clock (a fast machine, or the engine clock held still)
     * still list in the order they registered: the list's order must not fall back on their
     * addresses, which are random ("annika-…" would come before "lead-…").
     */
    @Test
    void usersRegisteredAtTheSameInstantListInTheOrderTheyRegistered() {
        ClockUtil.setCurrentTime(ClockUtil.getCurrentTime());
        TestAccount account = accounts.newAccount();
        SignedInUser zoe = accounts.addUser(account, "zoe");
        SignedInUser ann = accounts.addUser(account, "annika");
        SignedInUser mia = accounts.addUser(account, "mia");

        assertThat(ids(get("/api/account/users", account.lead()).getBody()))
                .containsExactly(account.lead().userId(), zoe.userId(), ann.userId(), mia.userId());
    }

    @Test
    void deactivationEndsSessionsAtOnceAndReactivationLetsTheUserSignInAgain() {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", ALLIANCE_TEAM);
        SignedInUser ann = accounts.addUser(account, "ann", ACE_MANAGER);
        assertThat(get("/api/me", ann).getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<JsonNode> deactivated = post("/api/account/users/" + ann.userId() + "/deactivation", null, team);
        assertThat(deactivated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(deactivated.getBody().get("status").asText()).isEqualTo("DEACTIVATED");
        assertThat(deactivated.getBody().get("roles")).extracting(JsonNode::asText).containsExactly("ACE_MANAGER");
        assertThat(get("/api/me", ann).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM partner_session WHERE user_id = ? AND revoked_at IS NULL")
                .param(ann.userId()).query(Long.class).single()).isZero();
        assertThat(signInStatus(ann.email())).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertProblem(post("/api/account/users/" + ann.userId() + "/deactivation", null, team),
                HttpStatus.CONFLICT, "already-deactivated");

        ResponseEntity<JsonNode> reactivated = post("/api/account/users/" + ann.userId() + "/reactivation", null, team);
        assertThat(reactivated.getBody().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(rolesOf(ann.userId())).containsExactly(ACE_MANAGER); // roles were kept
        assertThat(get("/api/me", ann).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED); // old sessions stay ended
        assertThat(signInStatus(ann.email())).isEqualTo(HttpStatus.CREATED);
        assertProblem(post("/api/account/users/" + ann.userId() + "/reactivation", null, team),
                HttpStatus.CONFLICT, "already-active");

        Map<String, Object> event = auditEvents(account.accountId(), "UserDeactivated").get(0);
        assertThat(event).containsEntry("actor", team.email()).containsEntry("actor_user_id", team.userId())
                .containsEntry("target", ann.email()).containsEntry("target_user_id", ann.userId())
                .containsEntry("source_address", "127.0.0.1").containsEntry("parameters", "{\"sessionsEnded\":1}");
        assertThat(auditEvents(account.accountId(), "UserReactivated")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("target_user_id", ann.userId()));
    }

    @Test
    void theLeadIsNeitherDeactivatedNorRemovedAndNobodyDeactivatesOrRemovesThemselves() {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", ALLIANCE_TEAM);
        UUID lead = account.lead().userId();

        ResponseEntity<JsonNode> deactivate = post("/api/account/users/" + lead + "/deactivation", null, team);
        assertProblem(deactivate, HttpStatus.CONFLICT, "alliance-lead");
        assertThat(deactivate.getBody().get("detail").asText()).contains("reassign the alliance lead role first");
        ResponseEntity<JsonNode> removal = remove(team, lead, "confirm");
        assertProblem(removal, HttpStatus.CONFLICT, "alliance-lead");
        assertThat(removal.getBody().get("detail").asText()).contains("reassign the alliance lead role first");
        assertProblem(post("/api/account/users/" + team.userId() + "/deactivation", null, team),
                HttpStatus.CONFLICT, "own-user");
        assertProblem(remove(team, team.userId(), "confirm"), HttpStatus.CONFLICT, "own-user");
        assertThat(statusOf(lead)).isEqualTo("ACTIVE");
        assertThat(statusOf(team.userId())).isEqualTo("ACTIVE");
        assertThat(get("/api/me", account.lead()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void removalNeedsExactlyTheWordConfirm() {
        TestAccount account = accounts.newAccount();
        SignedInUser ann = accounts.addUser(account, "ann", ACE_USER);
        for (String wrong : new String[] {"Confirm", "confirmed", "CONFIRM", " confirm", "", null}) {
            ResponseEntity<JsonNode> answer = remove(account.lead(), ann.userId(), wrong);
            assertProblem(answer, HttpStatus.BAD_REQUEST, "confirmation-required");
            assertThat(answer.getBody().get("expected").asText()).isEqualTo("confirm");
            assertThat(answer.getBody().get("detail").asText()).contains("the word confirm");
        }
        // no body at all
        assertProblem(post("/api/account/users/" + ann.userId() + "/removal", null, account.lead()),
                HttpStatus.BAD_REQUEST, "confirmation-required");
        assertThat(statusOf(ann.userId())).isEqualTo("ACTIVE");
        assertThat(rolesOf(ann.userId())).containsExactly(ACE_USER);
        assertThat(auditEvents(account.accountId(), "UserRemoved")).isEmpty();
    }

    @Test
    void removalTakesRolesAndSessionsKeepsTheDataAndHandsWorkToTheLead() {
        TestAccount account = accounts.newAccount();
        SignedInUser admin = accounts.addUser(account, "cloud", CLOUD_ADMIN);
        SignedInUser ann = accounts.addUser(account, "ann", ACE_MANAGER, ALLIANCE_TEAM);

        ResponseEntity<JsonNode> removed = remove(admin, ann.userId(), "confirm");
        assertThat(removed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(removed.getBody().get("status").asText()).isEqualTo("REMOVED");
        assertThat(removed.getBody().get("roles")).isEmpty();
        assertThat(rolesOf(ann.userId())).isEmpty();
        assertThat(directory.findUser(ann.userId())).get()
                .satisfies(u -> assertThat(u.email()).isEqualTo(ann.email())); // the data stays
        assertThat(get("/api/me", ann).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(signInStatus(ann.email())).isEqualTo(HttpStatus.UNAUTHORIZED);
        // seats are freed
        assertThat(directory.holderCount(account.accountId(), ALLIANCE_TEAM)).isZero();

        assertThat(removals.of(ann.userId())).get().satisfies(r -> {
            assertThat(r.event()).isEqualTo(new UserRemoved(account.accountId(), ann.userId(),
                    account.lead().userId(), admin.email()));
            assertThat(r.inTransaction()).isTrue();
        });
        assertThat(auditEvents(account.accountId(), "RoleUnassigned")).extracting(e -> e.get("parameters"))
                .containsExactlyInAnyOrder("{\"role\":\"ACE_MANAGER\",\"reason\":\"user removed\"}",
                        "{\"role\":\"ALLIANCE_TEAM\",\"reason\":\"user removed\"}");
        assertThat(auditEvents(account.accountId(), "UserRemoved")).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("actor_user_id", admin.userId()).containsEntry("target_user_id", ann.userId())
                .containsEntry("parameters", "{\"previousStatus\":\"ACTIVE\",\"rolesRemoved\":[\"ACE_MANAGER\","
                        + "\"ALLIANCE_TEAM\"],\"sessionsEnded\":1}"));

        // a removed user is gone for good: not removed twice, not reactivated, given no roles
        assertProblem(remove(admin, ann.userId(), "confirm"), HttpStatus.CONFLICT, "already-removed");
        assertProblem(post("/api/account/users/" + ann.userId() + "/reactivation", null, admin),
                HttpStatus.CONFLICT, "user-removed");
        assertProblem(post("/api/account/users/" + ann.userId() + "/deactivation", null, admin),
                HttpStatus.CONFLICT, "user-removed");
        JsonNode roles = changeRoles(admin, assign(ann.userId(), ACE_USER)).getBody();
        assertThat(RoleAssignmentApiTest.reasons(roles, ann.userId()))
                .containsExactly("ASSIGN ACE_USER FAILED user-not-active");
        assertThat(removals.count(ann.userId())).isEqualTo(1);
    }

    @Test
    void aDeactivatedUserCanBeRemoved() {
        TestAccount account = accounts.newAccount();
        SignedInUser ann = accounts.addUser(account, "ann", ACE_USER);
        post("/api/account/users/" + ann.userId() + "/deactivation", null, account.lead());
        assertThat(remove(account.lead(), ann.userId(), "confirm").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(statusOf(ann.userId())).isEqualTo("REMOVED");
        assertThat(auditEvents(account.accountId(), "UserRemoved").get(0).get("parameters").toString())
                .contains("\"previousStatus\":\"DEACTIVATED\"", "\"sessionsEnded\":0");
    }

    @Test
    void usersOfOtherAccountsAndUnknownIdsAreNotFound() {
        TestAccount account = accounts.newAccount();
        SignedInUser stranger = accounts.addUser(accounts.newAccount(), "stranger", ACE_USER);
        for (String id : new String[] {stranger.userId().toString(), UUID.randomUUID().toString(), "not-a-uuid"}) {
            assertProblem(post("/api/account/users/" + id + "/deactivation", null, account.lead()),
                    HttpStatus.NOT_FOUND, "user-not-found");
            assertProblem(post("/api/account/users/" + id + "/reactivation", null, account.lead()),
                    HttpStatus.NOT_FOUND, "user-not-found");
            assertProblem(post("/api/account/users/" + id + "/removal", Map.of("confirmation", "confirm"),
                    account.lead()), HttpStatus.NOT_FOUND, "user-not-found");
        }
        assertThat(statusOf(stranger.userId())).isEqualTo("ACTIVE");
        assertThat(get("/api/me", stranger).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private HttpStatus signInStatus(String email) {
        return HttpStatus.valueOf(http.postForEntity("/api/sessions", Map.of("email", email, "password", GOOD_PASSWORD),
                JsonNode.class).getStatusCode().value());
    }

    static void assertProblem(ResponseEntity<JsonNode> answer, HttpStatus status, String code) {
        assertThat(answer.getStatusCode()).as(code).isEqualTo(status);
        assertThat(answer.getBody().get("code").asText()).isEqualTo(code);
    }

    private static List<UUID> ids(JsonNode users) {
        return StreamSupport.stream(users.spliterator(), false).map(u -> UUID.fromString(u.get("userId").asText()))
                .toList();
    }
}
