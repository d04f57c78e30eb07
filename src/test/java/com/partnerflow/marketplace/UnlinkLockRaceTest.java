package com.partnerflow.marketplace;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An unlink request and a mapping at the same moment: the mapping either commits before the
 * request opens, or is refused with 409 — never a mapping made while the request is open. Runs
 * on PostgreSQL, where the transactions really overlap.
 */
@Tag("database")
@EnabledIf("com.partnerflow.support.TestProfiles#onPostgres")
class UnlinkLockRaceTest extends MarketplaceTestSupport {

    @Autowired
    UnlinkService unlinks;
    @Autowired
    RoleMappingService mappings;
    @Autowired
    TransactionTemplate tx;

    private record Setup(TestAccount account, PartnerPrincipal lead, SignedInUser ace, String aceRole) {
    }

    private Setup linked() {
        TestAccount account = accounts.newAccount();
        SignedInUser ace = accounts.addUser(account, "ace", Role.ACE_USER);
        UUID linking = link(account.lead(), newSeller("Race Ltd"), false, false);
        PartnerPrincipal lead = new PartnerPrincipal(account.lead().userId(), account.accountId(),
                account.lead().email(), "Test", "lead", List.of(Role.ALLIANCE_LEAD, Role.CLOUD_ADMIN));
        return new Setup(account, lead, ace, "PartnerCentralRoleForAce-" + roleSuffixOf(linking));
    }

    @Test
    void aMappingWaitsForAnUnlinkRequestBeingOpenedAndIsThenRefused() throws Exception {
        Setup s = linked();
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<String> unlink = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
                String caseNumber = unlinks.request(s.lead(), "OTHER", "confirm", "127.0.0.1").caseNumber();
                requested.countDown();
                awaitLatch(commit);
                return caseNumber;
            }), pool);
            assertThat(requested.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Object> map = CompletableFuture.supplyAsync(() -> {
                try {
                    return mappings.map(s.lead(), s.ace().userId(), s.aceRole(), "127.0.0.1");
                } catch (ApiProblem refused) {
                    return refused;
                }
            }, pool);
            // the mapping waits on the account's lock while the request's transaction is open
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !map.isDone());
            commit.countDown();
            String caseNumber = unlink.get(30, TimeUnit.SECONDS);
            Object outcome = map.get(30, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOf(ApiProblem.class);
            assertThat(((ApiProblem) outcome).code()).isEqualTo("unlink-in-progress");
            assertThat(((ApiProblem) outcome).getBody().getDetail()).contains(caseNumber);
            assertThat(auditEvents(s.account().accountId(), "AssociatePartnerUser")).hasSize(1); // the linker only
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
    }

    @RepeatedTest(3)
    void aMappingAndAnUnlinkRequestAtOnceNeverLeaveAMappingMadeWhileTheRequestIsOpen() throws Exception {
        Setup s = linked();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<String> unlink = CompletableFuture.supplyAsync(() -> {
                awaitBarrier(start);
                return unlinks.request(s.lead(), "OTHER", "confirm", "127.0.0.1").caseNumber();
            }, pool);
            CompletableFuture<Boolean> mapped = CompletableFuture.supplyAsync(() -> {
                awaitBarrier(start);
                try {
                    mappings.map(s.lead(), s.ace().userId(), s.aceRole(), "127.0.0.1");
                    return true;
                } catch (ApiProblem refused) {
                    assertThat(refused.code()).isEqualTo("unlink-in-progress");
                    return false;
                }
            }, pool);
            unlink.get(30, TimeUnit.SECONDS);
            boolean mappingMade = mapped.get(30, TimeUnit.SECONDS);
            List<Long> order = jdbc.sql("""
                    SELECT id FROM audit_event WHERE account_id = ? AND (event_name = 'MarketplaceUnlinkRequested'
                    OR (event_name = 'AssociatePartnerUser' AND target_user_id = ?)) ORDER BY id""")
                    .params(s.account().accountId(), s.ace().userId()).query(Long.class).list();
            String firstEvent = jdbc.sql("SELECT event_name FROM audit_event WHERE id = ?").param(order.get(0))
                    .query(String.class).single();
            if (mappingMade) {
                // committed before the request opened, so the request saw it (and drops it)
                assertThat(firstEvent).isEqualTo("AssociatePartnerUser");
                assertThat(unlinks.preview(s.lead()).roleMappings()).extracting(UnlinkService.MappingDropped::userId)
                        .contains(s.ace().userId());
            } else {
                assertThat(order).hasSize(1);
                assertThat(marketplace.mappings(records.link(s.account().accountId()).orElseThrow().awsAccountId()))
                        .noneMatch(m -> m.partnerUserId().equals(s.ace().userId()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
