package com.partnerflow.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/** Every path of marketplace-account-unlinking.bpmn and the locks an open request puts on the account. */
class MarketplaceUnlinkingProcessTest extends MarketplaceTestSupport {

    @Autowired
    TaskService tasks;
    @Autowired
    CaseRepository cases;

    private record Linked(TestAccount account, String seller, String suffix, SignedInUser team) {
        String role(String kind) {
            return "PartnerCentralRoleFor" + kind + "-" + suffix;
        }

        SignedInUser lead() {
            return account.lead();
        }
    }

    /** A linked account with an alliance-team user mapped and a product linked. */
    private Linked linkedAccount() {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        String seller = newSeller("Unlink Ltd");
        UUID id = link(account.lead(), seller, true, false);
        ok(HttpMethod.POST, "/api/marketplace/listings", Map.of("kind", "PRODUCT", "listingId", "prod-abc123",
                "title", "Acme Analytics"), account.lead());
        return new Linked(account, seller, roleSuffixOf(id), team);
    }

    private String requestUnlink(Linked linked) {
        Map<String, Object> requested = ok(HttpMethod.POST, "/api/marketplace/unlink-requests",
                Map.of("reason", "NO_LONGER_SELLING", "confirmation", "confirm"), linked.lead());
        assertThat(requested).containsEntry("status", "OPEN");
        return (String) requested.get("caseNumber");
    }

    private SupportCase caseOf(String caseNumber) {
        return cases.findByNumber(SupportCase.parse(caseNumber)).orElseThrow();
    }

    private Task awaitReviewTask(String caseNumber) {
        return await().until(() -> tasks.createTaskQuery().taskCandidateGroup("support-agents")
                .processInstanceBusinessKey(caseNumber)
                .taskDefinitionKey("Task_ReviewUnlink").singleResult(), t -> t != null);
    }

    private void agentDecides(String caseNumber, String decision, String message) {
        Task task = awaitReviewTask(caseNumber);
        tasks.claim(task.getId(), "agent1");
        tasks.complete(task.getId(), Map.of("agentDecision", decision, "agentMessage", message));
    }

    private String unlinkStatus(Linked linked) {
        return jdbc.sql("SELECT status FROM marketplace_unlink WHERE account_id = ? ORDER BY created_at DESC "
                + "FETCH FIRST 1 ROWS ONLY").param(linked.account().accountId()).query(String.class).single();
    }

    private String endOf(String caseNumber) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(MarketplaceProcesses.UNLINKING)
                .processInstanceBusinessKey(caseNumber).singleResult().getEndActivityId();
    }

    private void assertLocked(Linked linked, String caseNumber) {
        var map = call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + linked.team().userId(),
                Map.of("roleName", linked.role("Ace")), linked.lead());
        assertProblem(map, HttpStatus.CONFLICT, "unlink-in-progress");
        assertThat(map.getBody()).containsEntry("caseNumber", caseNumber);
        assertThat((String) map.getBody().get("detail")).contains(caseNumber);
        assertProblem(call(HttpMethod.POST, "/api/marketplace/listings", Map.of("kind", "OFFER", "listingId", "offer-1",
                "title", "Private offer"), linked.lead()), HttpStatus.CONFLICT, "unlink-in-progress");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", newAwsAccountId()),
                linked.lead()), HttpStatus.CONFLICT, "unlink-in-progress");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/unlink-requests", Map.of("reason", "OTHER",
                "confirmation", "confirm"), linked.lead()), HttpStatus.CONFLICT, "unlink-in-progress");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAgentUnlinksAndTheLocksHoldWhileTheRequestIsOpen() {
        Linked linked = linkedAccount();
        // before confirming: what unlinking drops
        Map<String, Object> preview = ok(HttpMethod.GET, "/api/marketplace/unlink-preview", null, linked.lead());
        assertThat((List<Map<String, Object>>) preview.get("roleMappings")).extracting(m -> m.get("email"))
                .containsExactlyInAnyOrder(linked.lead().email(), linked.team().email());
        assertThat((List<Map<String, Object>>) preview.get("linkedListings")).extracting(m -> m.get("listingId"))
                .containsExactly("prod-abc123");
        assertThat((List<String>) preview.get("reasons")).contains("NO_LONGER_SELLING", "OTHER");
        // reason from the list and the word confirm
        assertProblem(call(HttpMethod.POST, "/api/marketplace/unlink-requests", Map.of("reason", "NO_LONGER_SELLING",
                "confirmation", "yes"), linked.lead()), HttpStatus.BAD_REQUEST, "confirmation-required");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/unlink-requests", Map.of("reason", "because",
                "confirmation", "confirm"), linked.lead()), HttpStatus.BAD_REQUEST, "invalid-unlink-reason");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/unlink-requests", Map.of("reason", "OTHER",
                "confirmation", "confirm"), linked.team()), HttpStatus.FORBIDDEN, "access-denied");

        String caseNumber = requestUnlink(linked);
        // trackable as a case of the account
        Map<String, Object> tracked = ok(HttpMethod.GET, "/api/cases/" + caseNumber, null, linked.lead());
        assertThat((Map<String, Object>) tracked.get("supportCase")).containsEntry("questionType", "Account linking");
        assertThat(ok(HttpMethod.GET, "/api/marketplace", null, linked.lead())).containsEntry("openUnlinkCase", caseNumber);
        assertLocked(linked, caseNumber);
        // taking access away is never blocked
        assertThat(call(HttpMethod.DELETE, "/api/marketplace/role-mappings/" + linked.team().userId(), null,
                linked.lead()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        Task review = awaitReviewTask(caseNumber);
        Map<String, Object> form = tasks.getVariablesLocal(review.getId());
        assertThat(form).containsEntry("awsAccountId", linked.seller()).containsEntry("unlinkReason", "No longer selling");
        assertThat((String) form.get("unlinkDrops")).contains(linked.lead().email(), "prod-abc123");
        assertThat((String) form.get("correspondence")).contains("Reason: No longer selling")
                .doesNotContain("NO_LONGER_SELLING");
        agentDecides(caseNumber, "UNLINK", "Your marketplace account is unlinked.");

        await().until(() -> unlinkStatus(linked), "UNLINKED"::equals);
        await().until(() -> caseOf(caseNumber).status() == CaseStatus.RESOLVED);
        await().until(() -> endOf(caseNumber) != null);
        assertThat(endOf(caseNumber)).isEqualTo("End_Unlinked");
        assertThat(records.link(linked.account().accountId())).isEmpty();
        assertThat(marketplace.mappings(linked.seller())).isEmpty();
        assertThat(marketplace.listings(linked.seller())).isEmpty();
        assertThat(auditEvents(linked.account().accountId(), "DisassociatePartnerAccount")).hasSize(1);
        List<Map<String, Object>> disassociated = auditEvents(linked.account().accountId(), "DisassociatePartnerUser");
        // the team user was unmapped by the lead while the request was open; the agent's unlink removed the lead's
        assertThat(disassociated).hasSize(2);
        assertThat((Map<String, Object>) disassociated.get(1).get("userIdentity")).containsEntry("type", "SupportAgent")
                .containsEntry("userName", "support agent agent1");
        // the locks are gone: the account may link again
        assertProblem(call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + linked.team().userId(),
                Map.of("roleName", linked.role("Ace")), linked.lead()), HttpStatus.CONFLICT, "not-linked");
        startLinking(linked.lead(), linked.seller());
    }

    @Test
    void thePartnerResolvingTheCaseCancelsTheRequestAndLiftsTheLocks() {
        Linked linked = linkedAccount();
        String caseNumber = requestUnlink(linked);
        awaitReviewTask(caseNumber);
        assertLocked(linked, caseNumber);

        ok(HttpMethod.POST, "/api/cases/" + caseNumber + "/resolution", null, linked.lead());

        assertThat(unlinkStatus(linked)).isEqualTo("CANCELLED");
        assertThat(history.createHistoricActivityInstanceQuery().activityId("End_UnlinkCancelled")
                .processInstanceId(history.createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(caseNumber).singleResult().getId())
                .finished().count()).isEqualTo(1);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(caseNumber).count()).isZero();
        assertThat(records.link(linked.account().accountId())).isPresent();
        ok(HttpMethod.PUT, "/api/marketplace/role-mappings/" + linked.team().userId(),
                Map.of("roleName", linked.role("Ace")), linked.lead());
        ok(HttpMethod.POST, "/api/marketplace/listings", Map.of("kind", "OFFER", "listingId", "offer-1",
                "title", "Private offer"), linked.lead());
    }

    @Test
    void theAgentAsksThePartnerWhoAnswersAndTheAgentDeclines() {
        Linked linked = linkedAccount();
        String caseNumber = requestUnlink(linked);
        agentDecides(caseNumber, "ASK", "Do you also want your private offers withdrawn?");
        await().until(() -> caseOf(caseNumber).status() == CaseStatus.WAITING_FOR_PARTNER);
        assertThat(mailbox.awaitMessage(linked.lead().email(), 2).subject()).contains(caseNumber, "We need your answer");
        assertLocked(linked, caseNumber);

        ok(HttpMethod.POST, "/api/cases/" + caseNumber + "/messages", Map.of("text", "Keep them, we changed our mind."),
                linked.lead());
        // the agent's form shows the answer
        assertThat((String) tasks.getVariablesLocal(awaitReviewTask(caseNumber).getId()).get("correspondence"))
                .contains("Keep them, we changed our mind.");
        agentDecides(caseNumber, "DECLINE", "We keep your account linked, as you asked.");

        await().until(() -> endOf(caseNumber) != null);
        assertThat(endOf(caseNumber)).isEqualTo("End_Declined");
        assertThat(unlinkStatus(linked)).isEqualTo("DECLINED");
        assertThat(caseOf(caseNumber).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(records.link(linked.account().accountId())).isPresent();
        ok(HttpMethod.PUT, "/api/marketplace/role-mappings/" + linked.team().userId(),
                Map.of("roleName", linked.role("Ace")), linked.lead());
    }

    @Test
    void anUnansweredQuestionClosesTheCaseAndEndsTheRequest() {
        Linked linked = linkedAccount();
        String caseNumber = requestUnlink(linked);
        agentDecides(caseNumber, "ASK", "Please confirm the seller account id.");
        await().until(() -> caseOf(caseNumber).status() == CaseStatus.WAITING_FOR_PARTNER);
        moveClockBy(Duration.ofDays(3).plusMinutes(1));
        mailbox.awaitMessage(linked.lead().email(), 3); // the reminder
        moveClockBy(Duration.ofDays(11));

        await().until(() -> endOf(caseNumber) != null);
        assertThat(endOf(caseNumber)).isEqualTo("End_ClosedUnanswered");
        assertThat(unlinkStatus(linked)).isEqualTo("UNANSWERED");
        assertThat(caseOf(caseNumber).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(records.link(linked.account().accountId())).isPresent();
    }

    @Test
    void anAccountThatIsNotLinkedHasNothingToUnlink() {
        TestAccount account = accounts.newAccount();
        assertProblem(call(HttpMethod.GET, "/api/marketplace/unlink-preview", null, account.lead()),
                HttpStatus.CONFLICT, "not-linked");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/unlink-requests", Map.of("reason", "OTHER",
                "confirmation", "confirm"), account.lead()), HttpStatus.CONFLICT, "not-linked");
        assertThat(ok(HttpMethod.GET, "/api/marketplace", null, account.lead())).containsEntry("linked", false);
    }
}
