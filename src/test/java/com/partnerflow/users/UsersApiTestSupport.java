package com.partnerflow.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.Role;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

/** HTTP helpers for the account's user and role API. */
abstract class UsersApiTestSupport extends IntegrationTestBase {

    @Autowired
    TestRestTemplate http;
    @Autowired
    PartnerDirectory directory;
    @Autowired
    TransactionTemplate tx;

    ResponseEntity<JsonNode> get(String path, SignedInUser caller) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(caller.bearer()), JsonNode.class);
    }

    ResponseEntity<JsonNode> post(String path, Object body, SignedInUser caller) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, caller.bearer()), JsonNode.class);
    }

    ResponseEntity<JsonNode> changeRoles(SignedInUser caller, Map<?, ?>... users) {
        return post("/api/account/role-assignments", Map.of("users", List.of(users)), caller);
    }

    static Map<String, Object> change(UUID userId, List<Role> assign, List<Role> unassign) {
        return Map.of("userId", userId, "assign", assign.stream().map(Enum::name).toList(),
                "unassign", unassign.stream().map(Enum::name).toList());
    }

    static Map<String, Object> assign(UUID userId, Role... roles) {
        return change(userId, List.of(roles), List.of());
    }

    static Map<String, Object> unassign(UUID userId, Role... roles) {
        return change(userId, List.of(), List.of(roles));
    }

    ResponseEntity<JsonNode> remove(SignedInUser caller, UUID userId, String confirmation) {
        return post("/api/account/users/" + userId + "/removal",
                confirmation == null ? Map.of() : Map.of("confirmation", confirmation), caller);
    }

    List<Role> rolesOf(UUID userId) {
        return directory.rolesOf(userId);
    }

    String statusOf(UUID userId) {
        return directory.findUser(userId).orElseThrow().status();
    }

    /** A user with exactly this address (the fixture's addresses carry a random suffix). */
    UUID userWithAddress(TestAccount account, String localPart, Role... roles) {
        return tx.execute(s -> {
            UUID id = directory.createUser(account.accountId(),
                    new NewUser(localPart + "@" + account.domain(), "Shared", "Login", "h", "en"));
            for (Role role : roles) {
                directory.assignRole(account.accountId(), id, role, "test-fixture");
            }
            return id;
        });
    }

    /** Users of the account without a role, not signed in (fast). */
    List<UUID> plainUsers(TestAccount account, int count) {
        return tx.execute(s -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(directory.createUser(account.accountId(), new NewUser("u" + i + "-"
                        + UUID.randomUUID().toString().substring(0, 8) + "@" + account.domain(), "User", "No" + i,
                        "h", "en")));
            }
            return ids;
        });
    }

    /** The audit events of an account with this name, oldest first. */
    List<Map<String, Object>> auditEvents(UUID accountId, String eventName) {
        return jdbc.sql("SELECT * FROM audit_event WHERE account_id = ? AND event_name = ? ORDER BY id")
                .params(accountId, eventName).query().listOfRows();
    }
}
