package com.partnerflow.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.Role;
import com.partnerflow.securitycode.CodeDeliveryTestSupport;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The account's MFA switch and sign-in with an emailed code, over HTTP, with codes read from the real mailbox. */
@ExtendWith(OutputCaptureExtension.class)
class MfaApiTest extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;

    // --- the switch ---

    @Test
    void allianceLeadAndCloudAdminSwitchMfaAndEveryUserOfTheAccountSeesIt() {
        TestAccount account = accounts.newAccount();
        SignedInUser admin = accounts.addUser(account, "admin", Role.CLOUD_ADMIN);
        SignedInUser standard = accounts.addUser(account, "std", Role.STANDARD_USER);
        assertThat(get("/api/account/mfa", standard.token()).getBody()).containsEntry("enabled", false);

        ResponseEntity<Map<String, Object>> on = putMfa(account.lead(), true);
        assertThat(on.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(on.getBody()).containsEntry("enabled", true)
                .containsEntry("changedBy", account.lead().userId().toString());
        assertThat(get("/api/account/mfa", standard.token()).getBody()).containsEntry("enabled", true);

        assertThat(putMfa(admin, false).getBody()).containsEntry("enabled", false)
                .containsEntry("changedBy", admin.userId().toString());
        assertThat(putMfa(admin, false).getStatusCode()).isEqualTo(HttpStatus.OK); // unchanged: not recorded again

        assertThat(jdbc.sql("""
                SELECT event_name, actor_user_id FROM audit_event WHERE account_id = ? AND event_name LIKE 'Mfa%'
                ORDER BY id""").param(account.accountId()).query().listOfRows())
                .extracting(r -> r.get("event_name") + " " + r.get("actor_user_id"))
                .containsExactly("MfaEnabled " + account.lead().userId(), "MfaDisabled " + admin.userId());
    }

    @Test
    void everyOtherRoleIsRefusedWithThePermissionNamed() {
        TestAccount account = accounts.newAccount();
        for (Role role : List.of(Role.ALLIANCE_TEAM, Role.STANDARD_USER, Role.CHANNEL_USER, Role.MARKETING_STAFF,
                Role.TECHNICAL_STAFF, Role.ACE_MANAGER, Role.ACE_USER)) {
            SignedInUser user = accounts.addUser(account, role.name().toLowerCase().replace('_', '-'), role);
            ResponseEntity<Map<String, Object>> refused = putMfa(user, true);
            assertThat(refused.getStatusCode()).as(role.name()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(refused.getBody()).containsEntry("code", "access-denied");
            assertThat((String) refused.getBody().get("permission")).startsWith("MANAGE_MFA")
                    .contains("ALLIANCE_LEAD", "CLOUD_ADMIN");
        }
        assertThat(get("/api/account/mfa", account.lead().token()).getBody()).containsEntry("enabled", false);
        assertThat(http.exchange("/api/account/mfa", HttpMethod.PUT, new HttpEntity<>(Map.of("enabled", true)), JSON)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.exchange("/api/account/mfa", HttpMethod.PUT,
                new HttpEntity<>(Map.of(), account.lead().bearer()), JSON).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    // --- signing in ---

    @Test
    void withMfaOffSignInGivesASessionAtOnce() {
        TestAccount account = accounts.newAccount();
        ResponseEntity<Map<String, Object>> signedIn = postSession(account.lead().email(), null);
        assertThat(signedIn.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(signedIn.getBody()).containsKey("token").doesNotContainKey("deviceToken");
        assertThat(mailbox.messagesFor(account.lead().email())).isEmpty();
    }

    @Test
    void withMfaOnTheEmailedCodeCompletesTheSignIn(CapturedOutput output) {
        TestAccount account = accounts.newAccount();
        putMfa(account.lead(), true);
        SignedInUser ace = accounts.addUser(account, "ace", Role.ACE_USER);

        ResponseEntity<Map<String, Object>> challenged = postSession(ace.email(), null);
        assertThat(challenged.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(challenged.getBody()).containsEntry("status", "MFA_REQUIRED").containsEntry("codeValidityMinutes", 15)
                .doesNotContainKey("token");
        assertThat((String) challenged.getBody().get("sentTo")).startsWith("a***@");
        String challengeId = (String) challenged.getBody().get("challengeId");

        TestMailboxMail mail = mail(ace.email(), 1);
        assertThat(mail.subject).isEqualTo("Your Partnerflow sign-in code");
        ResponseEntity<Map<String, Object>> session = completeMfa(challengeId, mail.code, false);
        assertThat(session.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(session.getBody()).containsEntry("userId", ace.userId().toString())
                .containsEntry("roles", List.of("ACE_USER")).doesNotContainKey("deviceToken");
        assertThat(get("/api/me", (String) session.getBody().get("token")).getStatusCode()).isEqualTo(HttpStatus.OK);

        // the code is used up: the same entry again finds the sign-in complete
        ResponseEntity<Map<String, Object>> reused = completeMfa(challengeId, mail.code, false);
        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getBody()).containsEntry("code", "challenge-completed");

        assertThat(jdbc.sql("SELECT parameters FROM audit_event WHERE actor = ? AND event_name = 'SignInSucceeded'")
                .param(ace.email()).query(String.class).single()).contains("\"mfa\":\"code\"");
        assertThat(output.getAll()).doesNotContain(mail.code);
        String[] secrets = {mail.code, (String) session.getBody().get("token")};
        assertThat(jdbc.sql("SELECT parameters FROM audit_event WHERE actor = ?").param(ace.email())
                .query(String.class).list()).allSatisfy(p -> assertThat(p).doesNotContain(secrets));
    }

    @Test
    void aRememberedDeviceSkipsMfaForThirtyDaysForItsUserOnly() {
        TestAccount account = accounts.newAccount();
        putMfa(account.lead(), true);
        SignedInUser alice = accounts.addUser(account, "alice", Role.ALLIANCE_TEAM);
        SignedInUser bob = accounts.addUser(account, "bob", Role.STANDARD_USER);

        String challengeId = (String) postSession(alice.email(), null).getBody().get("challengeId");
        ResponseEntity<Map<String, Object>> session = completeMfa(challengeId, mail(alice.email(), 1).code, true);
        assertThat(session.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String deviceToken = (String) session.getBody().get("deviceToken");
        assertThat(deviceToken).matches("[A-Za-z0-9_-]{43}");
        assertThat(jdbc.sql("SELECT token_hash FROM trusted_device WHERE user_id = ?").param(alice.userId())
                .query(String.class).single()).isEqualTo(PartnerSessions.hash(deviceToken));

        // the device skips MFA for Alice ...
        ResponseEntity<Map<String, Object>> trusted = postSession(alice.email(), deviceToken);
        assertThat(trusted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(trusted.getBody()).containsKey("token").doesNotContainKey("deviceToken");
        // ... not for Bob on the same device, nor with an unknown token
        assertThat(postSession(bob.email(), deviceToken).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(postSession(alice.email(), "A".repeat(43)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        moveClockBy(Duration.ofDays(30).minusMinutes(1));
        assertThat(postSession(alice.email(), deviceToken).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        moveClockBy(Duration.ofMinutes(2));
        assertThat(postSession(alice.email(), deviceToken).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    @Test
    void fiveWrongCodesLockSignInForTheAddressForFifteenMinutes() {
        TestAccount account = accounts.newAccount();
        putMfa(account.lead(), true);
        SignedInUser user = accounts.addUser(account, "typo", Role.TECHNICAL_STAFF);
        String challengeId = (String) postSession(user.email(), null).getBody().get("challengeId");
        String code = mail(user.email(), 1).code;

        for (int left = 4; left >= 1; left--) {
            ResponseEntity<Map<String, Object>> wrong = completeMfa(challengeId, otherThan(code), false);
            assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(wrong.getBody()).containsEntry("code", "wrong-code").containsEntry("attemptsLeft", left);
        }
        ResponseEntity<Map<String, Object>> fifth = completeMfa(challengeId, otherThan(code), false);
        assertThat(fifth.getStatusCode()).isEqualTo(HttpStatus.LOCKED);
        assertThat(fifth.getBody()).containsEntry("code", "sign-in-locked");
        assertThat(((Number) fifth.getBody().get("retryAfterSeconds")).longValue()).isBetween(840L, 900L);
        assertThat(fifth.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target = ? AND event_name = 'SignInLocked'")
                .param(user.email()).query(Long.class).single()).isEqualTo(1);

        // the right code no longer helps, and neither does the right password
        assertThat(completeMfa(challengeId, code, false).getBody()).containsEntry("code", "challenge-locked");
        assertThat(postSession(user.email(), null).getStatusCode()).isEqualTo(HttpStatus.LOCKED);

        moveClockBy(Duration.ofMinutes(15).plusSeconds(1));
        ResponseEntity<Map<String, Object>> again = postSession(user.email(), null);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        ResponseEntity<Map<String, Object>> session = completeMfa((String) again.getBody().get("challengeId"),
                mail(user.email(), 2).code, false);
        assertThat(session.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void aCodeOlderThanFifteenMinutesIsRefused() {
        TestAccount account = accounts.newAccount();
        putMfa(account.lead(), true);
        String challengeId = (String) postSession(account.lead().email(), null).getBody().get("challengeId");
        String code = mail(account.lead().email(), 1).code;

        moveClockBy(Duration.ofMinutes(15).plusSeconds(1));
        ResponseEntity<Map<String, Object>> expired = completeMfa(challengeId, code, false);
        assertThat(expired.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(expired.getBody()).containsEntry("code", "code-expired");
        assertThat(newCode(challengeId).getStatusCode()).isEqualTo(HttpStatus.GONE);
    }

    @Test
    void aNewCodeReplacesTheOldOneAndAtMostFiveCodesPerHourAreSent() {
        TestAccount account = accounts.newAccount();
        putMfa(account.lead(), true);
        String email = account.lead().email();
        String challengeId = (String) postSession(email, null).getBody().get("challengeId");
        String first = mail(email, 1).code;

        ResponseEntity<Map<String, Object>> renewed = newCode(challengeId);
        assertThat(renewed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(renewed.getBody()).containsEntry("challengeId", challengeId);
        String second = mail(email, 2).code;
        if (!first.equals(second)) { // one chance in a million that they match
            assertThat(completeMfa(challengeId, first, false).getStatusCode())
                    .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        for (int n = 3; n <= 5; n++) {
            mail(email, n - 1);
            assertThat(newCode(challengeId).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        }
        String fifth = mail(email, 5).code;
        ResponseEntity<Map<String, Object>> tooMany = newCode(challengeId);
        assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(tooMany.getBody()).containsEntry("code", "too-many-codes").containsKey("retryAfterSeconds");
        // a fresh sign-in for the address shares the limit
        assertThat(postSession(email, null).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        assertThat(completeMfa(challengeId, fifth, false).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void aJapaneseSpeakingUserGetsTheCodeInJapanese() {
        TestAccount account = accounts.newAccount();
        putMfa(account.lead(), true);
        SignedInUser user = accounts.addUser(account, "yuki", Role.STANDARD_USER);
        jdbc.sql("UPDATE partner_user SET language = 'ja' WHERE id = ?").param(user.userId()).update();

        String challengeId = (String) postSession(user.email(), null).getBody().get("challengeId");
        var mail = mailbox.awaitMessage(user.email(), 1);

        assertThat(mail.subject()).isEqualTo("Partnerflow サインイン確認コードのお知らせ");
        assertThat(mail.text()).contains("サインインを完了するには");
        assertThat(completeMfa(challengeId, mail(user.email(), 1).code, false).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void unknownChallengesAndIncompleteEntriesAreRefused() {
        ResponseEntity<Map<String, Object>> unknown = completeMfa("00000000-0000-4000-8000-000000000000", "123456",
                false);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody()).containsEntry("code", "challenge-not-found");
        assertThat(http.exchange("/api/sessions/mfa", HttpMethod.POST, new HttpEntity<>(Map.of("code", "123456")),
                JSON).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    // --- helpers ---

    private record TestMailboxMail(String subject, String code) {
    }

    /** The n-th mail to the address, once its code is committed (before that the code is "being sent"). */
    private TestMailboxMail mail(String email, int n) {
        var mail = mailbox.awaitMessage(email, n);
        String requestId = jdbc.sql("SELECT id FROM code_request WHERE email = ? ORDER BY created_at DESC")
                .param(email).query(String.class).list().get(0);
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, requestId);
        return new TestMailboxMail(mail.subject(), com.partnerflow.support.TestMailbox.codeIn(mail));
    }

    static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private ResponseEntity<Map<String, Object>> putMfa(SignedInUser caller, boolean enabled) {
        return http.exchange("/api/account/mfa", HttpMethod.PUT,
                new HttpEntity<>(Map.of("enabled", enabled), caller.bearer()), JSON);
    }

    private ResponseEntity<Map<String, Object>> postSession(String email, String deviceToken) {
        HttpHeaders headers = new HttpHeaders();
        if (deviceToken != null) {
            headers.set(SessionController.DEVICE_TOKEN_HEADER, deviceToken);
        }
        return http.exchange("/api/sessions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "password", GOOD_PASSWORD), headers), JSON);
    }

    private ResponseEntity<Map<String, Object>> completeMfa(String challengeId, String code, boolean remember) {
        return http.exchange("/api/sessions/mfa", HttpMethod.POST, new HttpEntity<>(Map.of(
                "challengeId", challengeId, "code", code, "rememberDevice", remember)), JSON);
    }

    private ResponseEntity<Map<String, Object>> newCode(String challengeId) {
        return http.exchange("/api/sessions/mfa/code", HttpMethod.POST,
                new HttpEntity<>(Map.of("challengeId", challengeId)), JSON);
    }

    private ResponseEntity<Map<String, Object>> get(String path, String token) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(bearer(token)), JSON);
    }
}
