package com.partnerflow.users;

import org.junit.jupiter.api.Tag;
import static com.partnerflow.directory.Role.ACE_MANAGER;
import static com.partnerflow.directory.Role.ACE_USER;
import static com.partnerflow.directory.Role.ALLIANCE_LEAD;
import static com.partnerflow.directory.Role.ALLIANCE_TEAM;
import static com.partnerflow.directory.Role.CLOUD_ADMIN;
import static com.partnerflow.directory.Role.MARKETING_STAFF;
import static com.partnerflow.directory.Role.STANDARD_USER;
import static com.partnerflow.directory.Role.TECHNICAL_STAFF;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Bulk role changes over HTTP: each change on its own, counted, with its reason; bad requests change nothing. */
@Tag("database")
class RoleAssignmentApiTest extends UsersApiTestSupport {

    @Test
    void eachChangeSucceedsOrFailsOnItsOwnAndTheAnswerCountsThem() {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", ALLIANCE_TEAM);
        SignedInUser ann = accounts.addUser(account, "ann", STANDARD_USER);
        SignedInUser bob = accounts.addUser(account, "bob", ACE_USER);
        SignedInUser stranger = accounts.addUser(accounts.newAccount(), "stranger", STANDARD_USER);
        UUID unknown = UUID.randomUUID();

        // the alliance team may give staff roles and the team role, but not cloud admin
        ResponseEntity<JsonNode> answer = changeRoles(team,
                change(ann.userId(), List.of(ACE_MANAGER, TECHNICAL_STAFF, CLOUD_ADMIN), List.of()),
                change(bob.userId(), List.of(ACE_USER, ALLIANCE_LEAD), List.of(Role.MARKETING_STAFF)),
                assign(stranger.userId(), ACE_USER),
                assign(unknown, ACE_USER));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = answer.getBody();
        assertThat(body.get("succeeded").asInt()).isEqualTo(2);
        assertThat(body.get("failed").asInt()).isEqualTo(6);
        assertThat(body.get("takesEffect").asText()).contains("at once");
        assertThat(reasons(body, ann.userId())).containsExactly("ASSIGN ACE_MANAGER SUCCEEDED",
                "ASSIGN TECHNICAL_STAFF SUCCEEDED", "ASSIGN CLOUD_ADMIN FAILED missing-permission");
        assertThat(result(body, ann.userId()).get("changes").get(2).get("permission").asText())
                .startsWith("ASSIGN_CLOUD_ADMIN (held by ALLIANCE_LEAD, CLOUD_ADMIN)");
        assertThat(reasons(body, bob.userId())).containsExactly("UNASSIGN MARKETING_STAFF FAILED not-held",
                "ASSIGN ACE_USER FAILED already-held", "ASSIGN ALLIANCE_LEAD FAILED alliance-lead-not-assignable");
        // another account's user and an unknown id get the same answer: nothing about other accounts leaks
        assertThat(reasons(body, stranger.userId())).containsExactly("ASSIGN ACE_USER FAILED user-not-in-account");
        assertThat(reasons(body, unknown)).containsExactly("ASSIGN ACE_USER FAILED user-not-in-account");
        assertThat(result(body, stranger.userId()).get("email")).isNull();

        assertThat(rolesOf(ann.userId())).containsExactlyInAnyOrder(STANDARD_USER, ACE_MANAGER, TECHNICAL_STAFF);
        assertThat(rolesOf(bob.userId())).containsExactly(ACE_USER);
        assertThat(rolesOf(stranger.userId())).containsExactly(STANDARD_USER);
        assertThat(result(body, ann.userId()).get("roles")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("STANDARD_USER", "ACE_MANAGER", "TECHNICAL_STAFF");

        assertThat(auditEvents(account.accountId(), "RoleAssigned")).extracting(e -> e.get("parameters"))
                .containsExactlyInAnyOrder("{\"role\":\"ACE_MANAGER\"}", "{\"role\":\"TECHNICAL_STAFF\"}");
        List<Map<String, Object>> refused = auditEvents(account.accountId(), "RoleChangeRefused");
        assertThat(refused).hasSize(6).allSatisfy(e -> {
            assertThat(e.get("actor")).isEqualTo(team.email());
            assertThat(e.get("actor_user_id")).isEqualTo(team.userId());
            assertThat(e.get("source_address")).isEqualTo("127.0.0.1");
        });
        assertThat(auditEvents(stranger.accountId(), "RoleChangeRefused")).isEmpty();
    }

    @Test
    void roleChangesTakeEffectOnTheUsersNextRequest() {
        TestAccount account = accounts.newAccount();
        SignedInUser ann = accounts.addUser(account, "ann", STANDARD_USER);
        assertThat(get("/api/account/users", ann).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        changeRoles(account.lead(), assign(ann.userId(), ALLIANCE_TEAM));
        assertThat(get("/api/account/users", ann).getStatusCode()).isEqualTo(HttpStatus.OK);

        changeRoles(account.lead(), unassign(ann.userId(), ALLIANCE_TEAM));
        assertThat(get("/api/account/users", ann).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void onlyTheLeadOrACloudAdminGivesTheCloudAdminRole() {
        TestAccount account = accounts.newAccount();
        SignedInUser cloudAdmin = accounts.addUser(account, "cloud", CLOUD_ADMIN);
        SignedInUser ann = accounts.addUser(account, "ann", STANDARD_USER);
        SignedInUser bob = accounts.addUser(account, "bob", STANDARD_USER);

        assertThat(reasons(changeRoles(account.lead(), assign(ann.userId(), CLOUD_ADMIN)).getBody(), ann.userId()))
                .containsExactly("ASSIGN CLOUD_ADMIN SUCCEEDED");
        // a cloud admin gives cloud admin and staff roles, but not the alliance team role
        JsonNode byCloudAdmin = changeRoles(cloudAdmin, assign(bob.userId(), CLOUD_ADMIN, MARKETING_STAFF, ALLIANCE_TEAM))
                .getBody();
        assertThat(reasons(byCloudAdmin, bob.userId())).containsExactly("ASSIGN CLOUD_ADMIN SUCCEEDED",
                "ASSIGN MARKETING_STAFF SUCCEEDED", "ASSIGN ALLIANCE_TEAM FAILED missing-permission");
    }

    @Test
    void theLeadRoleIsNeverUnassignedInBulk() {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", ALLIANCE_TEAM);
        JsonNode body = changeRoles(team, unassign(account.lead().userId(), ALLIANCE_LEAD)).getBody();
        assertThat(reasons(body, account.lead().userId()))
                .containsExactly("UNASSIGN ALLIANCE_LEAD FAILED alliance-lead-not-assignable");
        assertThat(rolesOf(account.lead().userId())).containsExactly(ALLIANCE_LEAD);
    }

    @Test
    void aUserWhoseLastRoleIsTakenIsAStandardUser() {
        TestAccount account = accounts.newAccount();
        SignedInUser ann = accounts.addUser(account, "ann", ACE_USER, TECHNICAL_STAFF);

        JsonNode body = changeRoles(account.lead(), unassign(ann.userId(), ACE_USER, TECHNICAL_STAFF)).getBody();
        assertThat(body.get("succeeded").asInt()).isEqualTo(2);
        assertThat(result(body, ann.userId()).get("standardUserGiven").asBoolean()).isTrue();
        assertThat(rolesOf(ann.userId())).containsExactly(STANDARD_USER);
        assertThat(auditEvents(account.accountId(), "RoleAssigned")).extracting(e -> e.get("parameters"))
                .contains("{\"role\":\"STANDARD_USER\",\"reason\":\"no other role left\"}");

        // the standard user role goes only when another one comes
        JsonNode alone = changeRoles(account.lead(), unassign(ann.userId(), STANDARD_USER)).getBody();
        assertThat(reasons(alone, ann.userId())).containsExactly("UNASSIGN STANDARD_USER FAILED standard-user-is-default");
        JsonNode swapped = changeRoles(account.lead(), change(ann.userId(), List.of(ACE_USER), List.of(STANDARD_USER)))
                .getBody();
        assertThat(reasons(swapped, ann.userId())).containsExactly("ASSIGN ACE_USER SUCCEEDED",
                "UNASSIGN STANDARD_USER SUCCEEDED");
        assertThat(result(swapped, ann.userId()).get("standardUserGiven").asBoolean()).isFalse();
        assertThat(rolesOf(ann.userId())).containsExactly(ACE_USER);
    }

    @Test
    void theTwentyFirstAllianceTeamMemberIsRefusedAndAFreedSeatCanBeGivenInTheSameRequest() {
        TestAccount account = accounts.newAccount();
        List<UUID> users = plainUsers(account, 22);
        // 20 members in two requests of 10
        for (int batch = 0; batch < 2; batch++) {
            List<Map<?, ?>> changes = new ArrayList<>();
            for (UUID id : users.subList(batch * 10, batch * 10 + 10)) {
                changes.add(assign(id, ALLIANCE_TEAM, ACE_MANAGER));
            }
            JsonNode body = changeRoles(account.lead(), changes.toArray(Map[]::new)).getBody();
            assertThat(body.get("succeeded").asInt()).isEqualTo(20);
            assertThat(body.get("failed").asInt()).isZero();
        }
        JsonNode full = changeRoles(account.lead(), assign(users.get(20), ALLIANCE_TEAM, ACE_MANAGER, ACE_USER)).getBody();
        assertThat(reasons(full, users.get(20))).containsExactly("ASSIGN ALLIANCE_TEAM FAILED role-limit-reached",
                "ASSIGN ACE_MANAGER FAILED role-limit-reached", "ASSIGN ACE_USER SUCCEEDED");
        assertThat(result(full, users.get(20)).get("changes").get(0).get("limit").asInt()).isEqualTo(20);
        assertThat(directory.holderCount(account.accountId(), ALLIANCE_TEAM)).isEqualTo(20);
        assertThat(directory.holderCount(account.accountId(), ACE_MANAGER)).isEqualTo(20);

        // unassignments run first, so a seat freed in a request can be given in it
        JsonNode moved = changeRoles(account.lead(), assign(users.get(21), ALLIANCE_TEAM),
                unassign(users.get(0), ALLIANCE_TEAM)).getBody();
        assertThat(moved.get("succeeded").asInt()).isEqualTo(2);
        assertThat(rolesOf(users.get(21))).containsExactly(ALLIANCE_TEAM);
        assertThat(directory.holderCount(account.accountId(), ALLIANCE_TEAM)).isEqualTo(20);

        // the limit is per account: another account starts from none
        TestAccount other = accounts.newAccount();
        UUID first = plainUsers(other, 1).get(0);
        assertThat(reasons(changeRoles(other.lead(), assign(first, ALLIANCE_TEAM)).getBody(), first))
                .containsExactly("ASSIGN ALLIANCE_TEAM SUCCEEDED");
    }

    @Test
    void deactivatedUsersGetNoRolesButCanLoseThem() {
        TestAccount account = accounts.newAccount();
        SignedInUser ann = accounts.addUser(account, "ann", ACE_USER);
        post("/api/account/users/" + ann.userId() + "/deactivation", null, account.lead());

        JsonNode body = changeRoles(account.lead(), change(ann.userId(), List.of(TECHNICAL_STAFF), List.of(ACE_USER)))
                .getBody();
        assertThat(reasons(body, ann.userId())).containsExactly("UNASSIGN ACE_USER SUCCEEDED",
                "ASSIGN TECHNICAL_STAFF FAILED user-not-active");
        assertThat(rolesOf(ann.userId())).containsExactly(STANDARD_USER);
    }

    @Test
    void elevenUsersAreRefusedAndNothingChanges() {
        TestAccount account = accounts.newAccount();
        List<UUID> users = plainUsers(account, 11);
        Map<?, ?>[] changes = users.stream().map(id -> assign(id, ACE_USER)).toArray(Map[]::new);

        ResponseEntity<JsonNode> answer = changeRoles(account.lead(), changes);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("code").asText()).isEqualTo("too-many-users");
        assertThat(answer.getBody().get("maxUsers").asInt()).isEqualTo(10);
        assertThat(users).allSatisfy(id -> assertThat(rolesOf(id)).isEmpty());
        assertThat(auditEvents(account.accountId(), "RoleAssigned")).isEmpty();
        assertThat(auditEvents(account.accountId(), "RoleChangeRefused")).isEmpty();
    }

    @Test
    void malformedRequestsAreRefusedWholeWithTheirReason() {
        TestAccount account = accounts.newAccount();
        UUID ann = plainUsers(account, 1).get(0);
        SignedInUser lead = account.lead();

        assertProblem(post("/api/account/role-assignments", Map.of("users", List.of()), lead), "no-users");
        assertProblem(post("/api/account/role-assignments", null, lead), "no-users");
        assertProblem(changeRoles(lead, assign(ann, ACE_USER), assign(ann, TECHNICAL_STAFF)), "duplicate-user");
        assertProblem(changeRoles(lead, Map.of("userId", ann, "assign", List.of("ACE_USER", "WIZARD"))),
                "unknown-role");
        assertProblem(changeRoles(lead, Map.of("userId", ann, "assign", List.of("ACE_USER", "ACE_USER"))),
                "duplicate-role");
        assertProblem(changeRoles(lead, change(ann, List.of(ACE_USER), List.of(ACE_USER))), "contradictory-change");
        assertProblem(changeRoles(lead, Map.of("userId", ann)), "no-change");
        assertProblem(changeRoles(lead, Map.of("assign", List.of("ACE_USER"))), "user-id-missing");
        assertThat(rolesOf(ann)).isEmpty();
    }

    private static void assertProblem(ResponseEntity<JsonNode> answer, String code) {
        assertThat(answer.getStatusCode()).as(code).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("code").asText()).isEqualTo(code);
    }

    static JsonNode result(JsonNode body, UUID userId) {
        return StreamSupport.stream(body.get("results").spliterator(), false)
                .filter(r -> r.get("userId").asText().equals(userId.toString())).findFirst().orElseThrow();
    }

    /** "ACTION ROLE OUTCOME [reason]" per change of one user, in the order they ran. */
    static List<String> reasons(JsonNode body, UUID userId) {
        return StreamSupport.stream(result(body, userId).get("changes").spliterator(), false)
                .map(c -> (c.get("action").asText() + " " + c.get("role").asText() + " " + c.get("outcome").asText()
                        + (c.has("reason") ? " " + c.get("reason").asText() : "")))
                .toList();
    }
}
