package com.partnerflow.invitations;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.http.ResponseEntity;

/**
 * Requests racing on one invitation, on PostgreSQL where the race is real: one link used twice at
 * the same moment makes one user; one address invited twice at once gets one open invitation.
 */
@Tag("database")
@EnabledIf("com.partnerflow.support.TestProfiles#onPostgres")
class InvitationRaceTest extends InvitationTestSupport {

    @RepeatedTest(3)
    void twoRegistrationsThroughOneLinkMakeOneUser() throws Exception {
        TestAccount account = accounts.newAccount();
        String email = "race@" + account.domain();
        UUID id = inviteOne(account.lead(), invitee(email, "ACE_USER", "TECHNICAL_STAFF"));
        String token = awaitLinkToken(email, 1);

        List<ResponseEntity<Map<String, Object>>> answers = together(
                () -> registerThrough(token, GOOD_PASSWORD), () -> registerThrough(token, "Other#2026b"));

        assertThat(answers).extracting(a -> a.getStatusCode().value()).containsExactlyInAnyOrder(201, 410);
        assertThat(answers).filteredOn(a -> a.getStatusCode().value() == 410).singleElement()
                .satisfies(a -> assertThat(a.getBody()).containsEntry("code", "invitation-used"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM partner_user WHERE email = ?").param(email).query(Long.class).single())
                .isEqualTo(1);
        UUID userId = invitations.find(id).orElseThrow().userId();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM role_assignment WHERE user_id = ?").param(userId)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(auditEvents("InvitationAccepted", email)).isEqualTo(1);
        assertThat(awaitEndedAt(id)).isEqualTo("End_Accepted");
    }

    @RepeatedTest(3)
    @SuppressWarnings("unchecked")
    void oneAddressInvitedTwiceAtOnceGetsOneOpenInvitation() throws Exception {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        String email = "twice@" + account.domain();

        List<ResponseEntity<Map<String, Object>>> answers = together(
                () -> invite(account.lead(), List.of(invitee(email, "ACE_USER"))),
                () -> invite(team, List.of(invitee(email, "ACE_MANAGER"))));

        assertThat(answers).extracting(a -> ((List<Map<String, Object>>) a.getBody().get("results")).get(0).get("outcome"))
                .containsExactlyInAnyOrder("INVITED", "FAILED");
        assertThat(answers).extracting(a -> ((List<Map<String, Object>>) a.getBody().get("results")).get(0).get("code"))
                .containsExactlyInAnyOrder(null, "already-invited");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE email = ?").param(email).query(Long.class).single())
                .isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(InvitationProcess.KEY)
                .processInstanceBusinessKey(invitations.findOpenFor(email).orElseThrow().id().toString()).count())
                .isEqualTo(1);
    }

    private static <T> List<T> together(Supplier<T> first, Supplier<T> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<T> a = CompletableFuture.supplyAsync(() -> {
                await(start);
                return first.get();
            }, pool);
            CompletableFuture<T> b = CompletableFuture.supplyAsync(() -> {
                await(start);
                return second.get();
            }, pool);
            return List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
