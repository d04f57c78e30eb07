package com.partnerflow.leadership;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestProfiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;

/**
 * Hand-overs of the alliance lead role racing each other: whatever runs at the same moment, the
 * account has exactly one lead, one hand-over from a given lead wins and the others get 409 (or
 * 403, when the caller is already no longer lead) with nothing changed. Runs on PostgreSQL, where the race is real (row locks, READ COMMITTED).
 */
@Tag("database")
@EnabledIf("com.partnerflow.support.TestProfiles#onPostgres")
class AllianceLeadRaceTest extends LeadTestSupport {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;

    @RepeatedTest(3)
    void fourConcurrentReassignmentsToDifferentUsersLeaveOneLead() throws Exception {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        List<SignedInUser> targets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            targets.add(accounts.addUser(account, "target" + i));
        }
        List<Callable<HttpStatusCode>> calls = targets.stream().<Callable<HttpStatusCode>>map(t -> () -> http.exchange(
                "/api/account/alliance-lead-reassignments", HttpMethod.POST,
                new HttpEntity<>(Map.of("newLeadUserId", t.userId().toString(), "confirmation", "confirm"), lead.bearer()),
                JSON).getStatusCode()).toList();

        List<HttpStatusCode> outcomes = runTogether(calls);

        assertThat(outcomes.stream().filter(s -> s.value() == 201)).hasSize(1);
        // a loser checked while the winner's hand-over was in flight gets 409; one whose session was
        // read after it committed finds its caller no longer lead and gets 403 (no permission)
        assertThat(outcomes.stream().filter(s -> s.value() == 409 || s.value() == 403)).hasSize(3);
        SignedInUser winner = targets.get(outcomes.indexOf(HttpStatusCode.valueOf(201)));
        assertThat(leadRows(account.accountId())).isEqualTo(1);
        assertThat(leadOf(account.accountId())).isEqualTo(winner.userId());
        assertThat(rolesOf(lead)).containsExactly(Role.STANDARD_USER);
        for (SignedInUser t : targets) {
            assertThat(rolesOf(t)).isEqualTo(t == winner ? List.of(Role.ALLIANCE_LEAD) : List.of());
        }
        assertThat(auditOf(account.accountId(), "AllianceLeadReassigned")).hasSize(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM alliance_lead_handover WHERE account_id = ?")
                .param(account.accountId()).query(Long.class).single()).isEqualTo(1);
        assertThat(TestProfiles.onPostgres()).isTrue();
    }

    @RepeatedTest(3)
    void aReassignmentRacingOneFromItsNewLeadLeavesOneLead() throws Exception {
        TestAccount account = accounts.newAccount();
        SignedInUser a = account.lead();
        SignedInUser b = accounts.addUser(account, "b");
        SignedInUser c = accounts.addUser(account, "c");
        // b acts as if already lead (as a request authenticated a moment later would)
        PartnerPrincipal asB = new PartnerPrincipal(b.userId(), b.accountId(), b.email(), "Test", "b",
                List.of(Role.ALLIANCE_LEAD));
        PartnerPrincipal asA = principal(a);

        List<String> outcomes = runTogether(List.of(
                () -> attempt(() -> leads.reassign(asA, b.userId(), "confirm", "192.0.2.1")),
                () -> attempt(() -> leads.reassign(asB, c.userId(), "confirm", "192.0.2.2"))));

        assertThat(outcomes.get(0)).isEqualTo("ok"); // nobody else takes the role from a
        assertThat(leadRows(account.accountId())).isEqualTo(1);
        if (outcomes.get(1).equals("ok")) { // b's hand-over ran after a's had committed
            assertThat(leadOf(account.accountId())).isEqualTo(c.userId());
            assertThat(rolesOf(b)).containsExactly(Role.STANDARD_USER);
        } else {
            assertThat(outcomes.get(1)).isEqualTo("alliance-lead-changed");
            assertThat(leadOf(account.accountId())).isEqualTo(b.userId());
            assertThat(rolesOf(c)).isEmpty();
        }
        assertThat(rolesOf(a)).containsExactly(Role.STANDARD_USER);
    }

    @RepeatedTest(3)
    void anAgentsApprovalRacingTheLeadsOwnHandOverLeavesOneLead() throws Exception {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser candidate = accounts.addUser(account, "candidate");
        SignedInUser successor = accounts.addUser(account, "successor");
        SupportCase supportCase = caseOf(requestChange(accounts.addUser(account, "requester"), "Lead left.", candidate));
        Task review = awaitReviewTask(supportCase);
        tasks.claim(review.getId(), "agent1");
        Map<String, Object> approval = new HashMap<>();
        approval.put(CaseProcesses.AGENT_DECISION, "APPROVE");
        approval.put(AllianceLeadProcesses.NEW_LEAD_EMAIL, candidate.email());
        PartnerPrincipal asLead = principal(lead);

        List<String> outcomes = runTogether(List.of(
                () -> attempt(() -> tasks.complete(review.getId(), approval)),
                () -> attempt(() -> leads.reassign(asLead, successor.userId(), "confirm", "192.0.2.1"))));

        assertThat(leadRows(account.accountId())).isEqualTo(1);
        assertThat(outcomes.get(0)).isEqualTo("ok"); // a refused choice is no failure: the form comes back
        // who won is what the lead row says; the mails after the approval run later, on the job executor
        boolean approvalWon = leadOf(account.accountId()).equals(candidate.userId());
        if (approvalWon) {
            assertThat(outcomes.get(1)).isEqualTo("alliance-lead-changed");
            assertThat(leadOf(account.accountId())).isEqualTo(candidate.userId());
        } else {
            assertThat(outcomes.get(1)).isEqualTo("ok");
            assertThat(leadOf(account.accountId())).isEqualTo(successor.userId());
            assertThat((String) tasks.getVariable(awaitReviewTask(supportCase).getId(), CaseProcesses.AGENT_NOTICE))
                    .startsWith("The alliance lead changed while you decided");
        }
        assertThat(auditOf(account.accountId(), "AllianceLeadReassigned")).hasSize(1);
    }

    private static String attempt(Runnable action) {
        try {
            action.run();
            return "ok";
        } catch (ApiProblem problem) {
            return problem.code();
        }
    }

    /** Starts the calls at the same moment, each on its own thread, and returns their results in order. */
    private static <T> List<T> runTogether(List<Callable<T>> calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.size());
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return call.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
