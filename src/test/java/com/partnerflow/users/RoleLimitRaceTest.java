package com.partnerflow.users;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * 21 people give a limited role to 21 different users at the same moment, each in a request (and
 * transaction) of their own: exactly 20 hold it afterwards, and the one refused is told the limit
 * was reached. Runs on PostgreSQL, where the race is real.
 */
@Tag("database")
@EnabledIf("com.partnerflow.support.TestProfiles#onPostgres")
class RoleLimitRaceTest extends UsersApiTestSupport {

    private static final int REQUESTS = 21;

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ALLIANCE_TEAM", "ACE_MANAGER"})
    void twentyOneConcurrentAssignmentsLeaveExactlyTwenty(Role role) throws Exception {
        TestAccount account = accounts.newAccount();
        List<UUID> users = plainUsers(account, REQUESTS);
        // a session of the lead per request, so the requests do not queue on one session row
        List<SignedInUser> callers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            SignedInUser lead = account.lead();
            callers.add(new SignedInUser(lead.userId(), lead.accountId(), lead.email(), signIn(lead.userId())));
        }

        CountDownLatch ready = new CountDownLatch(REQUESTS);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            List<CompletableFuture<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                SignedInUser caller = callers.get(i);
                UUID user = users.get(i);
                answers.add(CompletableFuture.supplyAsync(() -> {
                    ready.countDown();
                    awaitLatch(start);
                    return changeRoles(caller, assign(user, role));
                }, pool));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();

            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                ResponseEntity<JsonNode> answer = answers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
                outcomes.addAll(RoleAssignmentApiTest.reasons(answer.getBody(), users.get(i)));
            }
            assertThat(outcomes).filteredOn(o -> o.endsWith("SUCCEEDED")).hasSize(20);
            assertThat(outcomes).filteredOn(o -> !o.endsWith("SUCCEEDED"))
                    .containsExactly("ASSIGN " + role + " FAILED role-limit-reached");
        } finally {
            pool.shutdownNow();
        }
        assertThat(directory.holderCount(account.accountId(), role)).isEqualTo(20);
        assertThat(jdbc.sql("SELECT seat FROM role_assignment WHERE account_id = ? AND role = ? ORDER BY seat")
                .params(account.accountId(), role.name()).query(Integer.class).list())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(auditEvents(account.accountId(), "RoleAssigned")).hasSize(20);
        assertThat(TestProfiles.onPostgres()).isTrue();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("start latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
