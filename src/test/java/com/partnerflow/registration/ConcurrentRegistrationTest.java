package com.partnerflow.registration;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.registration.RegistrationService.Verification;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.TestProfiles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two people of a new domain enter their codes at the same moment: exactly one creates the
 * account and leads it, the other joins. Runs on PostgreSQL, where the race is real.
 */
@Tag("database")
@EnabledIf("com.partnerflow.support.TestProfiles#onPostgres")
class ConcurrentRegistrationTest extends IntegrationTestBase {

    @Autowired
    PartnerDirectory directory;

    @RepeatedTest(3)
    void twoFirstRegistrantsOfOneDomainMakeOneLeadAndOneStandardUser() throws Exception {
        String domain = newDomain();
        Registration a = register("a@" + domain, "Race Corp");
        Registration b = register("b@" + domain, "Race Corp");
        awaitWaitingForCode(a);
        awaitWaitingForCode(b);
        String codeA = mailbox.awaitCode("a@" + domain, 1);
        String codeB = mailbox.awaitCode("b@" + domain, 1);

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Verification> va = CompletableFuture.supplyAsync(() -> {
                await(start);
                return registrations.verify(a.id(), codeA, "127.0.0.1");
            }, pool);
            CompletableFuture<Verification> vb = CompletableFuture.supplyAsync(() -> {
                await(start);
                return registrations.verify(b.id(), codeB, "127.0.0.1");
            }, pool);
            PartnerUser userA = ((Verification.Verified) va.get(30, TimeUnit.SECONDS)).user();
            PartnerUser userB = ((Verification.Verified) vb.get(30, TimeUnit.SECONDS)).user();

            assertThat(userA.accountId()).isEqualTo(userB.accountId());
            assertThat(List.of(userA.roles(), userB.roles()))
                    .containsExactlyInAnyOrder(List.of(Role.ALLIANCE_LEAD), List.of(Role.STANDARD_USER));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM role_assignment WHERE lead_of_account = ?")
                    .param(userA.accountId()).query(Long.class).single()).isEqualTo(1);
            assertThat(directory.accounts().stream().filter(acc -> acc.domains().contains(domain))).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestProfiles.onPostgres()).isTrue();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
