package com.partnerflow.invitations;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The invitation API and the link's page over HTTP: who may invite, per-invitee refusals, the link's refusals. */
@Tag("database")
class InvitationApiTest extends InvitationTestSupport {

    @Autowired
    PartnerDirectory directory;

    @Test
    @SuppressWarnings("unchecked")
    void eachInviteeSucceedsOrFailsOnItsOwnWithAReason() {
        TestAccount account = accounts.newAccount();
        TestAccount other = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        SignedInUser colleague = accounts.addUser(account, "colleague", Role.ACE_USER);
        String d = account.domain();

        ResponseEntity<Map<String, Object>> answer = invite(team, List.of(
                invitee("ok@" + d, "ACE_MANAGER", "technical_staff"),
                invitee("x@" + other.domain(), "ACE_USER"),
                invitee(colleague.email(), "ACE_USER"),
                invitee("cloud@" + d, "ACE_USER", "CLOUD_ADMIN"),
                invitee("boss@" + d, "ALLIANCE_LEAD"),
                invitee("odd@" + d, "WIZARD"),
                invitee("none@" + d),
                invitee("not-an-address", "ACE_USER"),
                invitee("OK@" + d, "ACE_USER")));

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody()).containsEntry("succeeded", 1).containsEntry("failed", 8);
        List<Map<String, Object>> results = (List<Map<String, Object>>) answer.getBody().get("results");
        assertThat(results).extracting(r -> r.get("outcome") + " " + r.get("code")).containsExactly(
                "INVITED null", "FAILED domain-not-of-account", "FAILED already-a-user", "FAILED role-not-allowed",
                "FAILED role-not-invitable", "FAILED unknown-role", "FAILED no-roles", "FAILED invalid-email",
                "FAILED duplicate-invitee");
        assertThat(results.get(0)).containsEntry("email", "ok@" + d)
                .containsEntry("roles", List.of("ACE_MANAGER", "TECHNICAL_STAFF"));
        assertThat((String) results.get(3).get("reason")).contains("CLOUD_ADMIN", "ASSIGN_CLOUD_ADMIN");
        // refused invitees left nothing behind: one invitation, one process
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE account_id = ?").param(account.accountId())
                .query(Long.class).single()).isEqualTo(1);
        UUID id = UUID.fromString((String) results.get(0).get("invitationId"));
        assertThat(processOf(id)).isNotNull();

        // an address with an open invitation is refused until it is withdrawn
        ResponseEntity<Map<String, Object>> again = invite(account.lead(), List.of(invitee("ok@" + d, "ACE_USER")));
        assertThat(((List<Map<String, Object>>) again.getBody().get("results")).get(0))
                .containsEntry("code", "already-invited");
        // the lead may give the cloud admin role
        assertThat(invite(account.lead(), List.of(invitee("cloud@" + d, "CLOUD_ADMIN"))).getBody())
                .containsEntry("succeeded", 1);
    }

    @Test
    void aStandardUserMayNotInviteAndTheAnswerNamesThePermission() {
        TestAccount account = accounts.newAccount();
        SignedInUser standard = accounts.addUser(account, "std", Role.STANDARD_USER);
        SignedInUser cloudAdmin = accounts.addUser(account, "cloud", Role.CLOUD_ADMIN);

        for (SignedInUser caller : List.of(standard, cloudAdmin)) {
            ResponseEntity<Map<String, Object>> refused = invite(caller, List.of(invitee("a@" + account.domain(), "ACE_USER")));
            assertThat(refused.getStatusCode().value()).isEqualTo(403);
            assertThat(refused.getBody()).containsEntry("code", "access-denied");
            assertThat((String) refused.getBody().get("permission")).startsWith("INVITE_USERS")
                    .contains("ALLIANCE_LEAD", "ALLIANCE_TEAM");
            assertThat(http.exchange("/api/invitations", HttpMethod.GET, new HttpEntity<>(caller.bearer()), JSON)
                    .getStatusCode().value()).isEqualTo(403);
        }
        HttpHeaders noToken = new HttpHeaders();
        noToken.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.exchange("/api/invitations", HttpMethod.POST, new HttpEntity<>(Map.of("invitees", List.of()),
                noToken), JSON).getStatusCode().value()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE account_id = ?").param(account.accountId())
                .query(Long.class).single()).isZero();
    }

    @Test
    void elevenInviteesAreTooManyAndNoneIsInvited() {
        TestAccount account = accounts.newAccount();
        List<Map<String, Object>> eleven = new ArrayList<>();
        IntStream.rangeClosed(1, 11).forEach(n -> eleven.add(invitee("u" + n + "@" + account.domain(), "ACE_USER")));

        ResponseEntity<Map<String, Object>> refused = invite(account.lead(), eleven);

        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody()).containsEntry("code", "too-many-invitees").containsEntry("maxInvitees", 10);
        assertThat(invite(account.lead(), List.of()).getBody()).containsEntry("code", "no-invitees");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE account_id = ?").param(account.accountId())
                .query(Long.class).single()).isZero();
        assertThat(invite(account.lead(), eleven.subList(0, 10)).getBody()).containsEntry("succeeded", 10);
    }

    @Test
    void leadAndTeamListTheAccountsInvitationsOnly() {
        TestAccount account = accounts.newAccount();
        TestAccount other = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        UUID mine = inviteOne(team, invitee("a@" + account.domain(), "ACE_USER"));
        inviteOne(other.lead(), invitee("b@" + other.domain(), "ACE_USER"));

        for (SignedInUser caller : List.of(account.lead(), team)) {
            ResponseEntity<List<Map<String, Object>>> list = http.exchange("/api/invitations", HttpMethod.GET,
                    new HttpEntity<>(caller.bearer()), JSON_LIST);
            assertThat(list.getStatusCode().value()).isEqualTo(200);
            assertThat(list.getBody()).singleElement().satisfies(i -> assertThat(i)
                    .containsEntry("invitationId", mine.toString())
                    .containsEntry("email", "a@" + account.domain())
                    .containsEntry("invitedBy", team.email())
                    .containsEntry("roles", List.of("ACE_USER"))
                    .containsKey("status"));
        }
    }

    @Test
    void theInviterOrTheLeadWithdrawsOthersGetAReason() {
        TestAccount account = accounts.newAccount();
        TestAccount other = accounts.newAccount();
        SignedInUser inviter = accounts.addUser(account, "inviter", Role.ALLIANCE_TEAM);
        SignedInUser otherTeam = accounts.addUser(account, "team2", Role.ALLIANCE_TEAM);
        UUID id = inviteOne(inviter, invitee("w@" + account.domain(), "ACE_USER"));
        awaitWaitingForInvitee(id);

        ResponseEntity<Map<String, Object>> notTheirs = withdraw(otherTeam, id);
        assertThat(notTheirs.getStatusCode().value()).isEqualTo(403);
        assertThat((String) notTheirs.getBody().get("permission")).startsWith("WITHDRAW_ANY_INVITATION");
        assertThat(withdraw(other.lead(), id).getStatusCode().value()).isEqualTo(404);
        assertThat(withdraw(account.lead(), UUID.randomUUID()).getBody()).containsEntry("code", "invitation-not-found");
        assertThat(statusOf(id)).isEqualTo(InvitationStatus.SENT);

        assertThat(withdraw(account.lead(), id).getBody()).containsEntry("status", "WITHDRAWN")
                .containsEntry("closedBy", account.lead().email());
        awaitEndedAt(id);
        ResponseEntity<Map<String, Object>> again = withdraw(account.lead(), id);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody()).containsEntry("code", "invitation-not-open").containsEntry("status", 409);
    }

    @Test
    void aLinkWorksOnceAndOpeningItChangesNothing() {
        TestAccount account = accounts.newAccount();
        String email = "once@" + account.domain();
        UUID id = inviteOne(account.lead(), invitee(email, "ACE_USER"));
        String token = awaitLinkToken(email, 1);

        ResponseEntity<String> page = http.getForEntity("/invitations/" + token, String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getBody()).contains(email, "Company of " + account.domain(), "ACE user", "name=\"password\"");
        assertThat(page.getHeaders().getCacheControl()).isEqualTo("no-store");
        assertThat(http.getForEntity("/invitations/" + token, String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(statusOf(id)).isEqualTo(InvitationStatus.SENT);

        assertThat(registerThrough(token, GOOD_PASSWORD).getStatusCode().value()).isEqualTo(201);

        ResponseEntity<Map<String, Object>> reused = registerThrough(token, "Other#2026b");
        assertThat(reused.getStatusCode().value()).isEqualTo(410);
        assertThat(reused.getBody()).containsEntry("code", "invitation-used");
        ResponseEntity<String> usedPage = http.getForEntity("/invitations/" + token, String.class);
        assertThat(usedPage.getStatusCode().value()).isEqualTo(410);
        assertThat(usedPage.getBody()).contains("This invitation has been used");
        // unknown and malformed tokens
        String unknown = "A".repeat(43);
        assertThat(registerThrough(unknown, GOOD_PASSWORD).getBody()).containsEntry("code", "invitation-not-found");
        assertThat(http.getForEntity("/invitations/" + unknown, String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(registerThrough("short", GOOD_PASSWORD).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aWeakPasswordOrMissingNamesChangeNothing() {
        TestAccount account = accounts.newAccount();
        String email = "weak@" + account.domain();
        UUID id = inviteOne(account.lead(), invitee(email, "ACE_USER"));
        String token = awaitLinkToken(email, 1);

        ResponseEntity<Map<String, Object>> weak = registerThrough(token, "password");
        assertThat(weak.getStatusCode().value()).isEqualTo(422);
        assertThat(weak.getBody()).containsEntry("code", "password-policy");
        assertThat((List<?>) weak.getBody().get("rules")).hasSize(3);
        ResponseEntity<Map<String, Object>> nameless = registerThrough(token, Map.of("firstName", " ",
                "password", GOOD_PASSWORD));
        assertThat(nameless.getStatusCode().value()).isEqualTo(400);
        assertThat(nameless.getBody()).containsEntry("code", "invalid-request");
        assertThat(statusOf(id)).isEqualTo(InvitationStatus.SENT);
        assertThat(invitations.userWithEmail(email)).isEmpty();

        assertThat(registerThrough(token, GOOD_PASSWORD).getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void thePageRegistersWithAFormAndShowsAWeakPasswordOnTheForm() {
        TestAccount account = accounts.newAccount();
        String email = "page@" + account.domain();
        UUID id = inviteOne(account.lead(), invitee(email, "MARKETING_STAFF"));
        String token = awaitLinkToken(email, 1);

        ResponseEntity<String> weak = postForm(token, "Pia", "Page", "short", "ja");
        assertThat(weak.getStatusCode().value()).isEqualTo(422);
        assertThat(weak.getBody()).contains("The password must have", "value=\"Pia\"");
        assertThat(statusOf(id)).isEqualTo(InvitationStatus.SENT);

        ResponseEntity<String> done = postForm(token, "Pia", "Page", GOOD_PASSWORD, "ja");
        assertThat(done.getStatusCode().value()).isEqualTo(201);
        assertThat(done.getBody()).contains("You are registered", "MARKETING_STAFF");
        PartnerUser user = directory.findUser(invitations.find(id).orElseThrow().userId()).orElseThrow();
        assertThat(user.language()).isEqualTo("ja");
        assertThat(user.roles()).containsExactly(Role.MARKETING_STAFF);
        assertThat(postForm(token, "Pia", "Page", GOOD_PASSWORD, "ja").getStatusCode().value()).isEqualTo(410);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRoleWhoseLimitFilledMeanwhileIsSkippedAndTheUserStillRegisters() {
        TestAccount account = accounts.newAccount();
        UUID id = inviteOne(account.lead(), invitee("late@" + account.domain(), "ALLIANCE_TEAM", "ACE_USER"));
        String token = awaitLinkToken("late@" + account.domain(), 1);
        for (int i = 0; i < 20; i++) { // the team fills up while the invitation waits
            accounts.addUser(account, "team" + i, Role.ALLIANCE_TEAM);
        }

        ResponseEntity<Map<String, Object>> registered = registerThrough(token, GOOD_PASSWORD);

        assertThat(registered.getStatusCode().value()).isEqualTo(201);
        assertThat(registered.getBody()).containsEntry("roles", List.of("ACE_USER"));
        assertThat((List<Map<String, Object>>) registered.getBody().get("skippedRoles")).singleElement()
                .satisfies(skipped -> assertThat(skipped.toString()).contains("ALLIANCE_TEAM", "20"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM role_assignment WHERE account_id = ? AND role = 'ALLIANCE_TEAM'")
                .param(account.accountId()).query(Long.class).single()).isEqualTo(20);
        assertThat(auditEvents("RoleAssignmentFailed", "late@" + account.domain())).isEqualTo(1);
        assertThat(awaitEndedAt(id)).isEqualTo("End_Accepted");
    }

    @Test
    void aRemovedUserIsReInvitedIntoTheSameRowWithOnlyTheInvitedRoles() {
        TestAccount account = accounts.newAccount();
        SignedInUser removed = accounts.addUser(account, "back", Role.ALLIANCE_TEAM, Role.CLOUD_ADMIN);
        jdbc.sql("UPDATE partner_user SET status = 'REMOVED' WHERE id = ?").param(removed.userId()).update();

        UUID id = inviteOne(account.lead(), invitee(removed.email(), "ACE_USER"));
        ResponseEntity<Map<String, Object>> registered = registerThrough(awaitLinkToken(removed.email(), 1),
                GOOD_PASSWORD);

        assertThat(registered.getStatusCode().value()).isEqualTo(201);
        assertThat(registered.getBody()).containsEntry("userId", removed.userId().toString())
                .containsEntry("roles", List.of("ACE_USER"));
        assertThat((String) registered.getBody().get("message")).startsWith("Welcome back");
        PartnerUser user = directory.findUser(removed.userId()).orElseThrow();
        assertThat(user.status()).isEqualTo("ACTIVE");
        assertThat(user.firstName()).isEqualTo("Ivy");
        assertThat(user.roles()).containsExactly(Role.ACE_USER);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM partner_user WHERE email = ?").param(removed.email())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(auditParameters("InvitationAccepted", removed.email())).singleElement().asString()
                .contains("\"reactivated\":true");
        assertThat(awaitEndedAt(id)).isEqualTo("End_Accepted");
    }

    @Test
    void anAddressRegisteredMeanwhileIsRefusedAndTheInvitationStaysOpen() {
        TestAccount account = accounts.newAccount();
        String email = "meanwhile@" + account.domain();
        UUID id = inviteOne(account.lead(), invitee(email, "ACE_USER"));
        String token = awaitLinkToken(email, 1);
        jdbc.sql("INSERT INTO partner_user (id, account_id, email, first_name, last_name, password_hash, status, language,"
                        + " created_at) VALUES (?, ?, ?, 'Self', 'Registered', 'x', 'ACTIVE', 'en', CURRENT_TIMESTAMP)")
                .params(UUID.randomUUID(), account.accountId(), email).update();

        ResponseEntity<Map<String, Object>> refused = registerThrough(token, GOOD_PASSWORD);

        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(409);
        assertThat(refused.getBody()).containsEntry("code", "already-registered");
        assertThat(statusOf(id)).isEqualTo(InvitationStatus.SENT);
    }

    private ResponseEntity<String> postForm(String token, String firstName, String lastName, String password,
                                            String language) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("firstName", firstName);
        form.add("lastName", lastName);
        form.add("password", password);
        form.add("language", language);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return http.exchange("/invitations/" + token, HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
    }
}
