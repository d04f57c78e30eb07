package com.partnerflow.marketplace;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/** Mapping and unmapping users to IAM roles: the prefix rule, who may map what, the audit shape. */
@Tag("database")
class RoleMappingApiTest extends MarketplaceTestSupport {


    private record Linked(TestAccount account, String seller, String suffix) {
        String role(String kind) {
            return "PartnerCentralRoleFor" + kind + "-" + suffix;
        }
    }

    private Linked linkedAccount() {
        TestAccount account = accounts.newAccount();
        String seller = newSeller("Mapping Ltd");
        UUID id = link(account.lead(), seller, false, false);
        return new Linked(account, seller, roleSuffixOf(id));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLeadMapsAndUnmapsAUserAndBothAreAuditedInTheGuidesShape() {
        Linked linked = linkedAccount();
        SignedInUser ace = accounts.addUser(linked.account(), "ace", Role.ACE_MANAGER);
        String custom = "PartnerCentralRoleForUser-" + linked.suffix();
        marketplace.createRole(linked.seller(), custom, List.of("AWSMarketplaceSellerProductsReadOnly"));

        Map<String, Object> mapped = ok(HttpMethod.PUT, "/api/marketplace/role-mappings/" + ace.userId(),
                Map.of("roleName", linked.role("Ace")), linked.account().lead());
        assertThat(mapped).containsEntry("iamRoleArn", "arn:aws:iam::" + linked.seller() + ":role/" + linked.role("Ace"));
        // mapping to another role replaces the mapping: one role per user
        ok(HttpMethod.PUT, "/api/marketplace/role-mappings/" + ace.userId(), Map.of("roleName", custom),
                linked.account().lead());
        assertThat(marketplace.mappings(linked.seller())).filteredOn(m -> m.partnerUserId().equals(ace.userId()))
                .extracting(Marketplace.RoleMapping::roleName).containsExactly(custom);

        List<Map<String, Object>> associated = auditEvents(linked.account().accountId(), "AssociatePartnerUser");
        Map<String, Object> last = associated.get(associated.size() - 1);
        assertThat(last).containsEntry("eventName", "AssociatePartnerUser")
                .containsEntry("eventSource", MarketplaceAudit.EVENT_SOURCE)
                .containsEntry("recipientAccountId", linked.seller())
                .containsEntry("requestParameters", Map.of("partnerUserId", ace.userId().toString(),
                        "iamRoleArn", "arn:aws:iam::" + linked.seller() + ":role/" + custom,
                        "partnerAccountId", linked.account().accountId().toString()));
        assertThat((Map<String, Object>) last.get("userIdentity"))
                .containsEntry("userName", linked.account().lead().email());
        String stored = jdbc.sql("SELECT target_user_id FROM audit_event WHERE account_id = ? AND event_name = "
                + "'AssociatePartnerUser' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .param(linked.account().accountId()).query(String.class).single();
        assertThat(stored).isEqualTo(ace.userId().toString());

        assertThat(call(HttpMethod.DELETE, "/api/marketplace/role-mappings/" + ace.userId(), null,
                linked.account().lead()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(marketplace.mappings(linked.seller())).noneMatch(m -> m.partnerUserId().equals(ace.userId()));
        List<Map<String, Object>> disassociated = auditEvents(linked.account().accountId(), "DisassociatePartnerUser");
        assertThat(disassociated.get(disassociated.size() - 1).get("requestParameters"))
                .isEqualTo(Map.of("partnerUserId", ace.userId().toString(),
                        "iamRoleArn", "arn:aws:iam::" + linked.seller() + ":role/" + custom,
                        "partnerAccountId", linked.account().accountId().toString()));
        assertProblem(call(HttpMethod.DELETE, "/api/marketplace/role-mappings/" + ace.userId(), null,
                linked.account().lead()), HttpStatus.NOT_FOUND, "user-not-mapped");

        // the account's event history, newest first, in the guide's names
        List<Map<String, Object>> history = http.exchange("/api/marketplace/audit-events", HttpMethod.GET,
                new HttpEntity<>(linked.account().lead().bearer()),
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(history).extracting(e -> e.get("eventName")).containsExactly("DisassociatePartnerUser",
                "AssociatePartnerUser", "DisassociatePartnerUser", "AssociatePartnerUser", "AssociatePartnerUser",
                "AssociatePartnerAccount");
        assertThat(history.get(0)).containsKeys("eventTime", "sourceIPAddress", "userIdentity", "requestParameters");
        SignedInUser standard = accounts.addUser(linked.account(), "std", Role.STANDARD_USER);
        assertThat(http.exchange("/api/marketplace/audit-events", HttpMethod.GET, new HttpEntity<>(standard.bearer()),
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void removingAUserDropsTheirMapping() {
        Linked linked = linkedAccount();
        SignedInUser leaving = accounts.addUser(linked.account(), "leaving", Role.ACE_USER);
        ok(HttpMethod.PUT, "/api/marketplace/role-mappings/" + leaving.userId(), Map.of("roleName", linked.role("Ace")),
                linked.account().lead());

        ok(HttpMethod.POST, "/api/account/users/" + leaving.userId() + "/removal", Map.of("confirmation", "confirm"),
                linked.account().lead());

        assertThat(marketplace.mappings(linked.seller())).noneMatch(m -> m.partnerUserId().equals(leaving.userId()));
        List<Map<String, Object>> disassociated = auditEvents(linked.account().accountId(), "DisassociatePartnerUser");
        assertThat(disassociated).hasSize(1);
        assertThat(disassociated.get(0).get("userIdentity")).isEqualTo(Map.of("type", "PartnerCentralUser",
                "userName", linked.account().lead().email(),
                "partnerAccountId", linked.account().accountId().toString()));
    }

    @Test
    void onlyRolesNamedPartnerCentralRoleForAreMappedAndTheAnswerSaysWhy() {
        Linked linked = linkedAccount();
        SignedInUser user = accounts.addUser(linked.account(), "user", Role.ACE_USER);
        marketplace.createRole(linked.seller(), "MarketplaceAdmin", List.of("AWSMarketplaceSellerFullAccess"));

        var refused = call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + user.userId(),
                Map.of("roleName", "MarketplaceAdmin"), linked.account().lead());
        assertProblem(refused, HttpStatus.BAD_REQUEST, "role-name-not-mappable");
        assertThat((String) refused.getBody().get("detail")).contains("PartnerCentralRoleFor", "MarketplaceAdmin");
        assertProblem(call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + user.userId(),
                Map.of("roleName", "PartnerCentralRoleForNobody-1"), linked.account().lead()),
                HttpStatus.NOT_FOUND, "iam-role-not-found");
        assertThat(marketplace.mappings(linked.seller())).noneMatch(m -> m.partnerUserId().equals(user.userId()));
        assertThat(auditEvents(linked.account().accountId(), "AssociatePartnerUser")).hasSize(1); // the linker's
    }

    @Test
    void cloudAdminsMapOnlyTheCloudAdminRoleAndCloudAdminUsersAreMappedOnlyToIt() {
        Linked linked = linkedAccount();
        SignedInUser cloudAdmin = accounts.addUser(linked.account(), "cloud", Role.CLOUD_ADMIN);
        SignedInUser team = accounts.addUser(linked.account(), "team", Role.ALLIANCE_TEAM);
        SignedInUser standard = accounts.addUser(linked.account(), "std", Role.STANDARD_USER);

        var refused = call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + team.userId(),
                Map.of("roleName", linked.role("Alliance")), cloudAdmin);
        assertProblem(refused, HttpStatus.FORBIDDEN, "cloud-admin-maps-cloud-admin-role-only");
        assertThat(refused.getBody()).containsEntry("allowedRole", linked.role("CloudAdmin"));
        ok(HttpMethod.PUT, "/api/marketplace/role-mappings/" + cloudAdmin.userId(),
                Map.of("roleName", linked.role("CloudAdmin")), cloudAdmin);
        assertProblem(call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + cloudAdmin.userId(),
                Map.of("roleName", linked.role("Ace")), linked.account().lead()),
                HttpStatus.UNPROCESSABLE_ENTITY, "cloud-admin-user-role");
        // the lead maps the team user; a cloud admin may not unmap that mapping
        ok(HttpMethod.PUT, "/api/marketplace/role-mappings/" + team.userId(), Map.of("roleName", linked.role("Alliance")),
                linked.account().lead());
        assertProblem(call(HttpMethod.DELETE, "/api/marketplace/role-mappings/" + team.userId(), null, cloudAdmin),
                HttpStatus.FORBIDDEN, "cloud-admin-maps-cloud-admin-role-only");
        // roles that may not map at all, and users of other accounts
        assertProblem(call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + standard.userId(),
                Map.of("roleName", linked.role("Ace")), team), HttpStatus.FORBIDDEN, "access-denied");
        assertProblem(call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + standard.userId(),
                Map.of("roleName", linked.role("Ace")), standard), HttpStatus.FORBIDDEN, "access-denied");
        SignedInUser stranger = accounts.newAccount().lead();
        assertProblem(call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + stranger.userId(),
                Map.of("roleName", linked.role("Ace")), linked.account().lead()), HttpStatus.NOT_FOUND,
                "user-not-found");
        assertProblem(call(HttpMethod.PUT, "/api/marketplace/role-mappings/" + stranger.userId(),
                Map.of("roleName", linked.role("Ace")), stranger), HttpStatus.CONFLICT, "not-linked");
    }
}
