package com.partnerflow.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every action of the user and role API for a caller of each role (and one with no role at all),
 * through the real HTTP API: allowed, or refused with {@code 403} naming the permission. The table
 * is written out here, from the domain page and README "Who may call what", not derived from
 * {@code Permission}, so a change of the matrix shows up as a failing row.
 */
class PermissionMatrixApiTest extends UsersApiTestSupport {

    /** Columns of {@code assignable}, in order. */
    private static final List<Role> ASSIGNABLE = List.of(Role.ALLIANCE_TEAM, Role.STANDARD_USER, Role.CHANNEL_USER,
            Role.CLOUD_ADMIN, Role.MARKETING_STAFF, Role.TECHNICAL_STAFF, Role.ACE_MANAGER, Role.ACE_USER);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # caller        | list | generic | audit | deactivate | reactivate | remove | roles | assignable
            ALLIANCE_LEAD   | x    | x       | x     | x          | x          | x      | x     | xxxxxxxx
            ALLIANCE_TEAM   | x    | x       | x     | x          | x          | x      | x     | xxx.xxxx
            CLOUD_ADMIN     | x    | .       | .     | x          | x          | x      | x     | .xxxxxxx
            STANDARD_USER   | .    | .       | .     | .          | .          | .      | .     | ........
            CHANNEL_USER    | .    | .       | .     | .          | .          | .      | .     | ........
            MARKETING_STAFF | .    | .       | .     | .          | .          | .      | .     | ........
            TECHNICAL_STAFF | .    | .       | .     | .          | .          | .      | .     | ........
            ACE_MANAGER     | .    | .       | .     | .          | .          | .      | .     | ........
            ACE_USER        | .    | .       | .     | .          | .          | .      | .     | ........
            NONE            | .    | .       | .     | .          | .          | .      | .     | ........
            """)
    void eachRoleMayDoExactlyItsActions(String callerRole, String list, String generic, String audit,
                                        String deactivate, String reactivate, String remove, String roles,
                                        String assignable) {
        TestAccount account = accounts.newAccount();
        SignedInUser caller = switch (callerRole) {
            case "ALLIANCE_LEAD" -> account.lead();
            case "NONE" -> accounts.addUser(account, "caller");
            default -> accounts.addUser(account, "caller", Role.valueOf(callerRole));
        };
        SignedInUser target = accounts.addUser(account, "target", Role.ACE_USER);

        check(list, "VIEW_USERS", () -> get("/api/account/users", caller));
        check(generic, "VIEW_GENERIC_LOGIN_REPORT", () -> get("/api/account/users/generic-logins", caller));
        check(audit, "VIEW_AUDIT_LOG", () -> get("/api/account/audit-events", caller));

        UUID fresh = plainUsers(account, 1).get(0);
        ResponseEntity<JsonNode> assigned = changeRoles(caller, assign(fresh, ASSIGNABLE.toArray(Role[]::new)));
        check(roles, "ASSIGN_STAFF_ROLES or ASSIGN_ALLIANCE_TEAM or ASSIGN_CLOUD_ADMIN", () -> assigned);
        if (assigned.getStatusCode() == HttpStatus.OK) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < ASSIGNABLE.size(); i++) {
                expected.add("ASSIGN " + ASSIGNABLE.get(i) + (assignable.charAt(i) == 'x' ? " SUCCEEDED"
                        : " FAILED missing-permission"));
            }
            assertThat(RoleAssignmentApiTest.reasons(assigned.getBody(), fresh)).containsExactlyElementsOf(expected);
            // and back again: unassigning needs the same permission per role
            List<Role> given = new ArrayList<>(directory.rolesOf(fresh));
            given.remove(Role.STANDARD_USER);
            JsonNode back = changeRoles(caller, unassign(fresh, given.toArray(Role[]::new))).getBody();
            assertThat(back.get("failed").asInt()).isZero();
        } else {
            assertThat(directory.rolesOf(fresh)).isEmpty();
        }

        check(deactivate, "DEACTIVATE_USERS", () -> post("/api/account/users/" + target.userId() + "/deactivation",
                null, caller));
        assertThat(statusOf(target.userId())).isEqualTo(deactivate.equals("x") ? "DEACTIVATED" : "ACTIVE");
        check(reactivate, "DEACTIVATE_USERS", () -> post("/api/account/users/" + target.userId() + "/reactivation",
                null, caller));
        assertThat(statusOf(target.userId())).isEqualTo("ACTIVE");
        check(remove, "REMOVE_USERS", () -> remove(caller, target.userId(), "confirm"));
        assertThat(statusOf(target.userId())).isEqualTo(remove.equals("x") ? "REMOVED" : "ACTIVE");
    }

    @ParameterizedTest
    @CsvSource({"/api/account/users", "/api/account/users/generic-logins", "/api/account/audit-events"})
    void withoutATokenNothingIsAnswered(String path) {
        ResponseEntity<JsonNode> answer = http.getForEntity(path, JsonNode.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<JsonNode> change = http.postForEntity("/api/account/role-assignments",
                Map.of("users", List.of()), JsonNode.class);
        assertThat(change.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static void check(String allowed, String permission, Supplier<ResponseEntity<JsonNode>> call) {
        ResponseEntity<JsonNode> answer = call.get();
        if (allowed.equals("x")) {
            assertThat(answer.getStatusCode()).as(permission + ": " + answer.getBody()).isEqualTo(HttpStatus.OK);
        } else {
            assertThat(answer.getStatusCode()).as(permission).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(answer.getBody().get("code").asText()).isEqualTo("access-denied");
            assertThat(answer.getBody().get("permission").asText()).startsWith(permission + " (held by ");
        }
    }
}
