package com.partnerflow.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * marketplace-account-linking.bpmn over the partner API: the answers, permissions and audit shapes.
 * The paths themselves, idle steps included, are driven in the fast layer (MarketplaceLinkingFlowTest).
 */
class MarketplaceLinkingProcessTest extends MarketplaceTestSupport {

    @Autowired
    PartnerDirectory directory;

    private ProcessInstance processOf(UUID linkingId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(MarketplaceProcesses.LINKING)
                .processInstanceBusinessKey(linkingId.toString()).singleResult();
    }

    private HistoricProcessInstance historyOf(UUID linkingId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(MarketplaceProcesses.LINKING)
                .processInstanceBusinessKey(linkingId.toString()).singleResult();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theThreeStepsLinkTheAccountCreateTheRolesMakeTheLinkerCloudAdminAndAudit() {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        SignedInUser ace = accounts.addUser(account, "ace", Role.ACE_USER);
        SignedInUser standard = accounts.addUser(account, "std", Role.STANDARD_USER);
        String seller = newSeller("Acme Seller Ltd");

        // step 1: the account id and the seller's legal name
        Map<String, Object> step1 = ok(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", seller), lead);
        UUID id = UUID.fromString((String) step1.get("linkingId"));
        assertThat(step1).containsEntry("step", "REVIEW_ACCOUNT").containsEntry("sellerLegalName", "Acme Seller Ltd")
                .containsEntry("registeredSeller", true);
        assertThat(processOf(id)).isWaitingAt("Task_ReviewAccount");
        // step 2: the three roles with their policies, and who the bulk mapping would map
        Map<String, Object> step2 = ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/account-review",
                Map.of(), lead);
        String suffix = roleSuffixOf(id);
        List<Map<String, Object>> roles = (List<Map<String, Object>>) step2.get("roles");
        assertThat(roles).extracting(r -> r.get("roleName")).containsExactly(
                "PartnerCentralRoleForCloudAdmin-" + suffix, "PartnerCentralRoleForAlliance-" + suffix,
                "PartnerCentralRoleForAce-" + suffix);
        assertThat((List<String>) roles.get(0).get("managedPolicies")).contains("AWSMarketplaceSellerFullAccess",
                "PartnerCentralAccountManagementUserRoleAssociation");
        assertThat(roles.get(1).get("bulkMapCandidates")).isEqualTo(List.of(team.email()));
        assertThat(roles.get(2).get("bulkMapCandidates")).isEqualTo(List.of(ace.email()));
        assertThat(processOf(id)).isWaitingAt("Task_ReviewRoles");
        // nothing exists in the marketplace before the submit
        assertThat(marketplace.roles(seller)).isEmpty();
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/role-review",
                Map.of("mapAllianceTeam", true, "mapAceUsers", true), lead);
        assertThat(processOf(id)).isWaitingAt("Task_ReviewAndSubmit");
        // step 3: submit; the roles are created in the background
        assertThat(call(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/submission", null, lead).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        awaitLinkingStatus(id, "LINKED");

        assertThat(historyOf(id).getEndActivityId()).isEqualTo("End_Linked");
        assertThat(marketplace.roles(seller)).extracting(Marketplace.IamRole::roleName).containsExactlyInAnyOrder(
                "PartnerCentralRoleForCloudAdmin-" + suffix, "PartnerCentralRoleForAlliance-" + suffix,
                "PartnerCentralRoleForAce-" + suffix);
        assertThat(marketplace.findRole(seller, "PartnerCentralRoleForAce-" + suffix).orElseThrow().managedPolicies())
                .containsExactly("AWSPartnerCentralOpportunityManagement", "AWSMarketplaceSellerOfferManagement");
        assertThat(records.link(account.accountId()).orElseThrow().awsAccountId()).isEqualTo(seller);
        assertThat(directory.rolesOf(lead.userId())).contains(Role.CLOUD_ADMIN, Role.ALLIANCE_LEAD);
        assertThat(marketplace.mappings(seller)).extracting(m -> m.partnerUserId() + "=" + m.roleName())
                .containsExactlyInAnyOrder(lead.userId() + "=PartnerCentralRoleForCloudAdmin-" + suffix,
                        team.userId() + "=PartnerCentralRoleForAlliance-" + suffix,
                        ace.userId() + "=PartnerCentralRoleForAce-" + suffix);
        assertThat(marketplace.mappings(seller)).noneMatch(m -> m.partnerUserId().equals(standard.userId()));

        // the audit event in the guide's CloudTrail shape, request parameters hidden
        List<Map<String, Object>> associated = auditEvents(account.accountId(), "AssociatePartnerAccount");
        assertThat(associated).hasSize(1);
        assertThat(associated.get(0)).containsEntry("eventName", "AssociatePartnerAccount")
                .containsEntry("requestParameters", Map.of("value", "HIDDEN_DUE_TO_SECURITY_REASONS"))
                .containsEntry("recipientAccountId", seller).containsEntry("readOnly", false)
                .containsEntry("eventType", "AwsApiCall").containsKey("eventID");
        assertThat((Map<String, Object>) associated.get(0).get("userIdentity")).containsEntry("userName", lead.email())
                .containsEntry("principalId", lead.userId().toString());
        assertThat(auditEvents(account.accountId(), "AssociatePartnerUser")).hasSize(3);
        // the account is linked: a second linking is refused
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", newSeller("X")), lead),
                HttpStatus.CONFLICT, "already-linked");
    }

    @Test
    void anAccountThatIsNoSellerIsRegisteredUnderTheGivenLegalNameAtSubmitOnly() {
        TestAccount account = accounts.newAccount();
        String awsAccount = newAwsAccountId();
        Map<String, Object> step1 = ok(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", awsAccount),
                account.lead());
        assertThat(step1).containsEntry("registeredSeller", false).containsEntry("sellerLegalName", null);
        UUID id = UUID.fromString((String) step1.get("linkingId"));
        // submitting before the account and role reviews is the wrong step
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/submission", null, account.lead()),
                HttpStatus.CONFLICT, "wrong-linking-step");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/account-review", Map.of(),
                account.lead()), HttpStatus.BAD_REQUEST, "legal-name-required");
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/account-review", Map.of("legalName", "New Seller KK"),
                account.lead());
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/role-review", Map.of(), account.lead());
        assertThat(marketplace.findSeller(awsAccount)).isEmpty();
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/submission", null, account.lead());
        awaitLinkingStatus(id, "LINKED");
        assertThat(marketplace.findSeller(awsAccount).orElseThrow().legalName()).isEqualTo("New Seller KK");
    }

    @Test
    void thePartnerCancelsBeforeSubmittingButNotAfter() {
        TestAccount account = accounts.newAccount();
        UUID id = startLinking(account.lead(), newSeller("Cancel Ltd"));
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/account-review", Map.of(), account.lead());
        Map<String, Object> cancelled = ok(HttpMethod.DELETE, "/api/marketplace/linkings/" + id, null, account.lead());
        assertThat(cancelled).containsEntry("status", "CANCELLED");
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(historyOf(id).getId())
                .activityId("End_Cancelled").finished().count()).isEqualTo(1);
        assertThat(historyOf(id).getEndTime()).isNotNull();
        assertProblem(call(HttpMethod.DELETE, "/api/marketplace/linkings/" + id, null, account.lead()),
                HttpStatus.CONFLICT, "linking-not-cancellable");

        UUID linked = link(account.lead(), newSeller("Kept Ltd"), false, false);
        assertProblem(call(HttpMethod.DELETE, "/api/marketplace/linkings/" + linked, null, account.lead()),
                HttpStatus.CONFLICT, "linking-not-cancellable");
    }

    @Test
    void aRoleTheMarketplaceRefusesRemovesTheRolesThisLinkingCreated() {
        TestAccount account = accounts.newAccount();
        String seller = newSeller("Clash Ltd");
        UUID id = startLinking(account.lead(), seller);
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/account-review", Map.of(), account.lead());
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/role-review", Map.of(), account.lead());
        // someone made a role of the third name, otherwise defined, in the seller's IAM meanwhile
        String clash = "PartnerCentralRoleForAce-" + roleSuffixOf(id);
        marketplace.createRole(seller, clash, List.of("AdministratorAccess"));
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/submission", null, account.lead());
        awaitLinkingStatus(id, "FAILED");

        assertThat(historyOf(id).getEndActivityId()).isEqualTo("End_Failed");
        assertThat(records.linking(id).orElseThrow().failure()).contains("EntityAlreadyExists");
        // the two roles it made are gone; the one it did not make stays
        assertThat(marketplace.roles(seller)).extracting(Marketplace.IamRole::roleName).containsExactly(clash);
        assertThat(records.link(account.accountId())).isEmpty();
        assertThat(directory.rolesOf(account.lead().userId())).containsExactly(Role.ALLIANCE_LEAD);
        assertThat(auditEvents(account.accountId(), "AssociatePartnerAccount")).isEmpty();
        assertThat(auditEvents(account.accountId(), "MarketplaceLinkingFailed")).hasSize(1);
    }

    @Test
    void onlyAllianceLeadOrCloudAdminLinkAndOnlyValidAccountIds() {
        TestAccount account = accounts.newAccount();
        SignedInUser standard = accounts.addUser(account, "std", Role.STANDARD_USER);
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        SignedInUser cloudAdmin = accounts.addUser(account, "cloud", Role.CLOUD_ADMIN);
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", newAwsAccountId()),
                standard), HttpStatus.FORBIDDEN, "access-denied");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", newAwsAccountId()),
                team), HttpStatus.FORBIDDEN, "access-denied");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", "12345"), cloudAdmin),
                HttpStatus.BAD_REQUEST, "invalid-aws-account-id");
        UUID id = startLinking(cloudAdmin, newSeller("Cloud Ltd"));
        // one linking at a time per account; steps belong to the user who started
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", newAwsAccountId()),
                account.lead()), HttpStatus.CONFLICT, "linking-in-progress");
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/account-review", Map.of(),
                account.lead()), HttpStatus.FORBIDDEN, "linking-of-another-user");
        // other accounts do not see it
        assertProblem(call(HttpMethod.GET, "/api/marketplace/linkings/" + id, null, accounts.newAccount().lead()),
                HttpStatus.NOT_FOUND, "linking-not-found");
        assertThat(ok(HttpMethod.GET, "/api/marketplace/linkings/" + id, null, cloudAdmin))
                .containsEntry("step", "REVIEW_ACCOUNT");
    }

    @Test
    void aSellerAccountLinkedToAnotherPartnerAccountIsRefused() {
        String seller = newSeller("Shared Ltd");
        link(accounts.newAccount().lead(), seller, false, false);
        assertProblem(call(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", seller),
                accounts.newAccount().lead()), HttpStatus.CONFLICT, "seller-account-linked-elsewhere");
    }
}
