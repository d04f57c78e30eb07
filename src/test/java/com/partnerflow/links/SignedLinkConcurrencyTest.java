package com.partnerflow.links;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Two clicks on one link at the same moment (a double click, or confirm and decline from two
 * devices): exactly one answer counts, the other is told the link was already used.
 */
@Tag("database")
class SignedLinkConcurrencyTest extends LinkTestSupport {

    @Autowired
    PlatformTransactionManager transactions;

    @RepeatedTest(3)
    void twoSimultaneousAnswersToOneLinkCountOnce() throws Exception {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "twice@" + newDomain(), Duration.ofDays(7));
        String token = tokenOf(link);

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<ResponseEntity<String>> confirm = CompletableFuture.supplyAsync(() -> {
                await(start);
                return press(token, "confirm");
            }, pool);
            CompletableFuture<ResponseEntity<String>> decline = CompletableFuture.supplyAsync(() -> {
                await(start);
                return press(token, "decline");
            }, pool);
            ResponseEntity<String> a = confirm.get(60, TimeUnit.SECONDS);
            ResponseEntity<String> b = decline.get(60, TimeUnit.SECONDS);

            assertThat(List.of(a.getStatusCode(), b.getStatusCode()))
                    .containsExactlyInAnyOrder(HttpStatus.OK, HttpStatus.CONFLICT);
            String winner = a.getStatusCode() == HttpStatus.OK ? "CONFIRM" : "DECLINE";
            ResponseEntity<String> loser = a.getStatusCode() == HttpStatus.OK ? b : a;
            assertThat(loser.getBody()).contains("This question has already been answered");

            assertThat(process).isEnded().hasPassed(winner.equals("CONFIRM") ? "End_Confirmed" : "End_Declined");
            assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(process.getId())
                    .activityId(WAIT_EVENT).count()).isEqualTo(1);
            assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(process.getId())
                    .variableName(SignedLinks.DECISION_VARIABLE).singleResult().getValue()).isEqualTo(winner);
            assertThat(linkRow(link)).containsEntry("status", "USED").containsEntry("decision", winner);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_name = 'SignedLinkUsed' AND parameters LIKE ?")
                    .param("%" + link.id() + "%").query(Long.class).single()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAnswerWaitsForAnotherInFlightAndIsRefusedWhenThatOneCommits() throws Exception {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "wait@" + newDomain(), Duration.ofDays(7));

        ResponseEntity<String> answered = pressWhileAnotherAnswerHoldsTheLink(link, false);

        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(answered.getBody()).contains("This question has already been answered");
        assertThat(linkRow(link)).containsEntry("status", "USED").containsEntry("decision", "DECLINE");
        assertWaiting(process); // the other "answer" here only switched the row
    }

    @Test
    void anAnswerWaitsForAnotherInFlightAndCountsWhenThatOneRollsBack() throws Exception {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "retry@" + newDomain(), Duration.ofDays(7));

        ResponseEntity<String> answered = pressWhileAnotherAnswerHoldsTheLink(link, true);

        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(process).isEnded().hasPassed("End_Confirmed");
        assertThat(linkRow(link)).containsEntry("status", "USED").containsEntry("decision", "CONFIRM");
    }

    @Test
    @DisabledIf("com.partnerflow.support.TestProfiles#onPostgres") // PostgreSQL waits for the lock as long as it takes
    void onH2AnAnswerBlockedLongerThanTheLockTimeoutIsToldToComeBack() throws Exception {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "slow@" + newDomain(), Duration.ofDays(7));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> holder = pool.submit(() -> holdLink(link, locked, release, true));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            ResponseEntity<String> answered = pool.submit(() -> press(tokenOf(link), "confirm")).get(30, TimeUnit.SECONDS);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);

            assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(answered.getBody()).contains("This link is being answered right now");
            assertThat(statusOf(link)).isEqualTo("ISSUED");
            assertWaiting(process);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /**
     * Another transaction switches the link to USED and keeps its row lock; meanwhile the link's
     * button is pressed. The press must wait for that transaction, which then commits or rolls back.
     */
    private ResponseEntity<String> pressWhileAnotherAnswerHoldsTheLink(IssuedLink link, boolean rollBack)
            throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> holder = pool.submit(() -> holdLink(link, locked, release, rollBack));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            Future<ResponseEntity<String>> press = pool.submit(() -> press(tokenOf(link), "confirm"));
            // within H2's 2 s lock timeout
            org.awaitility.Awaitility.await().during(Duration.ofMillis(400)).atMost(Duration.ofMillis(1500))
                    .until(() -> !press.isDone());
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            return press.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private void holdLink(IssuedLink link, CountDownLatch locked, CountDownLatch release, boolean rollBack) {
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            assertThat(jdbc.sql("""
                    UPDATE signed_link SET status = 'USED', decision = 'DECLINE', used_at = created_at
                    WHERE id = ? AND status = 'ISSUED'""").param(link.id()).update()).isEqualTo(1);
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (rollBack) {
                tx.setRollbackOnly();
            }
        });
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
