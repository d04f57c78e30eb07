package com.partnerflow.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.support.ProcessTestBase;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of marketplace-account-linking.bpmn on the engine alone, through LinkingService (what
 * the controller calls). The HTTP answers, permissions and audit shapes stay in
 * MarketplaceLinkingProcessTest.
 */
class MarketplaceLinkingFlowTest extends ProcessTestBase {

    @Autowired
    LinkingService linkings;
    @Autowired
    Marketplace marketplace;
    @Autowired
    MarketplaceRecords records;
    @Autowired
    PartnerDirectory directory;

    private String newSeller(String legalName) {
        String id = String.valueOf(100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
        marketplace.registerSeller(id, legalName);
        return id;
    }

    private ProcessInstance processOf(UUID linkingId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(MarketplaceProcesses.LINKING)
                .processInstanceBusinessKey(linkingId.toString()).singleResult();
    }

    private ProcessInstance submitted(PartnerPrincipal caller, String seller) {
        UUID id = linkings.start(caller, seller, "127.0.0.1").linkingId();
        ProcessInstance instance = processOf(id);
        assertThat(instance).isWaitingAt("Task_ReviewAccount");
        linkings.reviewAccount(caller, id, null);
        assertThat(instance).isWaitingAt("Task_ReviewRoles");
        linkings.reviewRoles(caller, id, false, false);
        assertThat(instance).isWaitingAt("Task_ReviewAndSubmit");
        linkings.submit(caller, id);
        assertThat(instance).isWaitingAt("Task_CreateRoles");
        return instance;
    }

    private static UUID linkingIdOf(ProcessInstance instance) {
        return UUID.fromString(instance.getBusinessKey());
    }

    @Test
    void theThreeStepsCreateTheRolesAndLinkTheAccount() {
        TestAccount account = accounts.newAccount();
        String seller = newSeller("Flow Seller Ltd");
        ProcessInstance instance = submitted(principal(account.lead()), seller);
        assertThat(marketplace.roles(seller)).isEmpty();

        execute(job(instance));

        assertThat(instance).hasPassed("Task_CreateRoles", "Task_RecordLink", "End_Linked").isEnded();
        assertThat(marketplace.roles(seller)).hasSize(3);
        assertThat(records.link(account.accountId()).orElseThrow().awsAccountId()).isEqualTo(seller);
        assertThat(directory.rolesOf(account.lead().userId())).contains(Role.CLOUD_ADMIN);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aStepLeftIdleForAnHourAbandonsTheLinking(int idleAtStep) {
        TestAccount account = accounts.newAccount();
        PartnerPrincipal caller = principal(account.lead());
        String seller = newSeller("Idle Ltd");
        UUID id = linkings.start(caller, seller, "127.0.0.1").linkingId();
        if (idleAtStep > 1) {
            linkings.reviewAccount(caller, id, null);
        }
        if (idleAtStep > 2) {
            linkings.reviewRoles(caller, id, false, false);
        }
        ProcessInstance instance = processOf(id);
        moveClockBy(Duration.ofMinutes(59));
        assertThat(dueJobs(instance.getId())).isEmpty();
        moveClockBy(Duration.ofMinutes(2));

        execute(job(instance));

        String timer = List.of("Timer_AccountIdle", "Timer_RolesIdle", "Timer_SubmitIdle").get(idleAtStep - 1);
        assertThat(instance).hasPassed(timer, "Task_AbandonLinking", "End_Abandoned").isEnded();
        assertThat(records.linking(id).orElseThrow().status()).isEqualTo("ABANDONED");
        // nothing was made, the step is closed, and the account may start again
        assertThat(marketplace.roles(seller)).isEmpty();
        assertThat(records.link(account.accountId())).isEmpty();
        assertThat(directory.rolesOf(account.lead().userId())).containsExactly(Role.ALLIANCE_LEAD);
        assertThatThrownBy(() -> linkings.submit(caller, id)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.code()).isEqualTo("wrong-linking-step"));
        assertThat(linkings.start(caller, seller, "127.0.0.1").linkingId()).isNotEqualTo(id);
    }

    @Test
    void thePartnerCancelsBeforeSubmitting() {
        TestAccount account = accounts.newAccount();
        PartnerPrincipal caller = principal(account.lead());
        UUID id = linkings.start(caller, newSeller("Cancel Ltd"), "127.0.0.1").linkingId();
        ProcessInstance instance = processOf(id);

        linkings.cancel(caller, id);

        assertThat(instance).hasPassed("Start_PartnerCancelled", "Task_CancelLinking", "End_Cancelled").isEnded();
        assertThat(records.linking(id).orElseThrow().status()).isEqualTo("CANCELLED");
    }

    @Test
    void aRoleTheMarketplaceRefusesRemovesTheRolesThisLinkingCreated() {
        TestAccount account = accounts.newAccount();
        String seller = newSeller("Clash Ltd");
        ProcessInstance instance = submitted(principal(account.lead()), seller);
        String clash = "PartnerCentralRoleForAce-" + records.linking(linkingIdOf(instance)).orElseThrow().roleSuffix();
        marketplace.createRole(seller, clash, List.of("AdministratorAccess"));

        execute(job(instance));
        assertThat(instance).hasPassed("Error_RolesRefused").isWaitingAt("Task_RemoveRoles");
        execute(job(instance));

        assertThat(instance).hasPassed("End_Failed").isEnded();
        assertThat(marketplace.roles(seller)).extracting(Marketplace.IamRole::roleName).containsExactly(clash);
        assertThat(records.linking(linkingIdOf(instance)).orElseThrow().status()).isEqualTo("FAILED");
    }

    /**
     * Two partner accounts link the same seller account at once: both pass the start's check, the
     * first links, the second's roles are made and then removed when its link is refused.
     */
    @Test
    void aSellerAccountLinkedElsewhereMeanwhileRefusesTheLinkAndRemovesTheRolesMade() {
        String seller = newSeller("Shared Ltd");
        TestAccount first = accounts.newAccount();
        TestAccount second = accounts.newAccount();
        ProcessInstance firstLinking = submitted(principal(first.lead()), seller);
        ProcessInstance secondLinking = submitted(principal(second.lead()), seller);

        execute(job(firstLinking));
        assertThat(firstLinking).hasPassed("End_Linked").isEnded();
        execute(job(secondLinking));
        assertThat(secondLinking).hasPassed("Task_CreateRoles", "Error_LinkRefused")
                .isWaitingAt("Task_RemoveRoles");
        execute(job(secondLinking));

        assertThat(secondLinking).hasPassed("End_Failed").isEnded();
        assertThat(records.linking(linkingIdOf(secondLinking)).orElseThrow().failure()).contains("linked meanwhile");
        assertThat(records.link(second.accountId())).isEmpty();
        assertThat(records.link(first.accountId()).orElseThrow().awsAccountId()).isEqualTo(seller);
        assertThat(marketplace.roles(seller)).hasSize(3);
        assertThat(directory.rolesOf(second.lead().userId())).containsExactly(Role.ALLIANCE_LEAD);
    }
}
