package com.partnerflow.passwordreset;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.Role;
import com.partnerflow.securitycode.CodeDeliveryTestSupport;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** "Forgot password" over HTTP: every answer, and none that tells whether an address is registered. */
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetApiTest extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };
    private static final String NEW_PASSWORD = "Fresh=Pass2027";

    @Autowired
    TestRestTemplate http;

    @Test
    void theEmailedCodeSetsANewPasswordEndsEverySessionAndTheUserIsTold(CapturedOutput output) {
        TestAccount account = accounts.newAccount();
        SignedInUser user = accounts.addUser(account, "forgetful", Role.MARKETING_STAFF);
        assertThat(postSession(user.email(), GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        // later failed sign-ins of the address are forgiven by the reset
        for (int i = 1; i <= 3; i++) {
            postSession(user.email(), "Wrong#2026a");
        }

        ResponseEntity<Map<String, Object>> requested = requestReset(user.email().toUpperCase());
        assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String resetId = (String) requested.getBody().get("resetId");
        String code = code(user.email(), 1, resetId);
        assertThat(mailbox.awaitMessage(user.email(), 1).subject()).isEqualTo("Your Partnerflow password reset code");

        ResponseEntity<Map<String, Object>> done = complete(resetId, code, NEW_PASSWORD);
        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        assertThat(get("/api/me", user.token()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(postSession(user.email(), GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(postSession(user.email(), NEW_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sign_in_failure WHERE email = ?").param(user.email())
                .query(Long.class).single()).isZero();
        assertThat(mailbox.awaitMessage(user.email(), 2).subject()).isEqualTo("Your Partnerflow password was changed");

        // the code works once
        ResponseEntity<Map<String, Object>> reused = complete(resetId, code, "Other#Pass2028");
        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getBody()).containsEntry("code", "reset-completed");

        List<Map<String, Object>> events = jdbc.sql("""
                SELECT event_name, target_user_id, parameters FROM audit_event
                WHERE target = ? AND event_name LIKE 'PasswordReset%' ORDER BY id""")
                .param(user.email()).query().listOfRows();
        assertThat(events).extracting(e -> e.get("event_name")).containsExactly("PasswordResetRequested",
                "PasswordReset");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("target_user_id")).hasToString(user.userId().toString());
            assertThat((String) e.get("parameters")).doesNotContain(code, NEW_PASSWORD);
        });
        assertThat((String) events.get(1).get("parameters")).contains("\"sessionsEnded\":2"); // the fixture's and the one above
        assertThat(output.getAll()).doesNotContain(code).doesNotContain(NEW_PASSWORD);
    }

    @Test
    void anUnknownOrInactiveAddressGetsTheSameAnswersAndNoMail() {
        TestAccount account = accounts.newAccount();
        SignedInUser known = accounts.addUser(account, "known", Role.STANDARD_USER);
        SignedInUser deactivated = accounts.addUser(account, "gone", Role.STANDARD_USER);
        jdbc.sql("UPDATE partner_user SET status = 'DEACTIVATED' WHERE id = ?").param(deactivated.userId()).update();
        String unknown = "nobody@" + account.domain();

        ResponseEntity<Map<String, Object>> forKnown = requestReset(known.email());
        for (String other : List.of(unknown, deactivated.email())) {
            ResponseEntity<Map<String, Object>> answer = requestReset(other);
            assertThat(answer.getStatusCode()).isEqualTo(forKnown.getStatusCode());
            assertThat(answer.getBody().keySet()).isEqualTo(forKnown.getBody().keySet());
            assertThat(answer.getBody().get("detail")).isEqualTo(forKnown.getBody().get("detail"));

            String resetId = (String) answer.getBody().get("resetId");
            // its code "goes out" through the same process as a real one (nothing is mailed)
            CodeDeliveryTestSupport.awaitCodeSent(runtime, history, resetId);
            ResponseEntity<Map<String, Object>> wrong = complete(resetId, "123456", NEW_PASSWORD);
            assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(wrong.getBody()).containsEntry("code", "wrong-code").containsEntry("attemptsLeft", 4);
            assertThat(newCode(resetId).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        }
        String knownResetId = (String) forKnown.getBody().get("resetId");
        String knownCode = code(known.email(), 1, knownResetId);
        ResponseEntity<Map<String, Object>> wrongForKnown = complete(knownResetId, MfaCodes.otherThan(knownCode),
                NEW_PASSWORD);
        assertThat(wrongForKnown.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(wrongForKnown.getBody()).containsEntry("code", "wrong-code").containsEntry("attemptsLeft", 4);
        assertThat(wrongForKnown.getBody().keySet()).containsExactlyInAnyOrder("type", "title", "status", "detail",
                "instance", "code", "attemptsLeft");
        assertThat(newCode(knownResetId).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        // the hourly limit looks the same too: 2 codes so far for each, 3 more, then 429
        for (String address : List.of(known.email(), unknown)) {
            for (int n = 3; n <= 5; n++) {
                assertThat(requestReset(address).getStatusCode()).as("%s #%d", address, n)
                        .isEqualTo(HttpStatus.ACCEPTED);
            }
            ResponseEntity<Map<String, Object>> limited = requestReset(address);
            assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(limited.getBody()).containsEntry("code", "too-many-codes");
        }
        assertThat(mailbox.messagesFor(unknown)).isEmpty();
        assertThat(mailbox.messagesFor(deactivated.email())).isEmpty();
        assertThat(jdbc.sql("SELECT parameters FROM audit_event WHERE target = ? AND event_name = 'PasswordResetRequested'")
                .param(unknown).query(String.class).list()).allSatisfy(p -> assertThat(p).contains("\"activeUser\":false"));
    }

    @Test
    void fiveWrongCodesLockTheCodeUntilANewOneIsRequested() {
        SignedInUser user = accounts.addUser(accounts.newAccount(), "locked", Role.ACE_MANAGER);
        String resetId = (String) requestReset(user.email()).getBody().get("resetId");
        String code = code(user.email(), 1, resetId);
        for (int left = 4; left >= 0; left--) {
            ResponseEntity<Map<String, Object>> wrong = complete(resetId, MfaCodes.otherThan(code), NEW_PASSWORD);
            assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(wrong.getBody()).containsEntry("attemptsLeft", left);
        }
        ResponseEntity<Map<String, Object>> locked = complete(resetId, code, NEW_PASSWORD);
        assertThat(locked.getStatusCode()).isEqualTo(HttpStatus.LOCKED);
        assertThat(locked.getBody()).containsEntry("code", "code-locked");

        assertThat(newCode(resetId).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String fresh = code(user.email(), 2, resetId);
        assertThat(complete(resetId, fresh, NEW_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void anExpiredCodeIsRefusedAndAWeakPasswordCostsNoAttempt() {
        SignedInUser user = accounts.addUser(accounts.newAccount(), "slow", Role.STANDARD_USER);
        String resetId = (String) requestReset(user.email()).getBody().get("resetId");
        String code = code(user.email(), 1, resetId);

        ResponseEntity<Map<String, Object>> weak = complete(resetId, code, "weakpassword");
        assertThat(weak.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(weak.getBody()).containsEntry("code", "password-policy");
        assertThat((List<?>) weak.getBody().get("rules")).hasSize(3);
        assertThat(jdbc.sql("SELECT failed_attempts FROM security_code WHERE subject_id = ?")
                .param(UUID.fromString(resetId)).query(Integer.class).single()).isZero();

        moveClockBy(Duration.ofMinutes(15).plusSeconds(1));
        ResponseEntity<Map<String, Object>> expired = complete(resetId, code, NEW_PASSWORD);
        assertThat(expired.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(expired.getBody()).containsEntry("code", "code-expired");
        assertThat(newCode(resetId).getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(postSession(user.email(), GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void unknownResetsAndIncompleteRequestsAreRefused() {
        ResponseEntity<Map<String, Object>> unknown = complete(UUID.randomUUID().toString(), "123456", NEW_PASSWORD);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody()).containsEntry("code", "reset-not-found");
        assertThat(http.exchange("/api/password-resets", HttpMethod.POST, new HttpEntity<>(Map.of()), JSON)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    // --- helpers ---

    /** The code of the n-th mail, once its transaction committed. */
    private String code(String email, int n, Object resetId) {
        String code = TestMailbox.codeIn(mailbox.awaitMessage(email, n));
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, resetId);
        return code;
    }

    private ResponseEntity<Map<String, Object>> requestReset(String email) {
        return http.exchange("/api/password-resets", HttpMethod.POST, new HttpEntity<>(Map.of("email", email)), JSON);
    }

    private ResponseEntity<Map<String, Object>> newCode(String resetId) {
        return http.exchange("/api/password-resets/" + resetId + "/code", HttpMethod.POST, HttpEntity.EMPTY, JSON);
    }

    private ResponseEntity<Map<String, Object>> complete(String resetId, String code, String newPassword) {
        return http.exchange("/api/password-resets/" + resetId + "/completion", HttpMethod.POST,
                new HttpEntity<>(Map.of("code", code, "newPassword", newPassword)), JSON);
    }

    private ResponseEntity<Map<String, Object>> postSession(String email, String password) {
        return http.exchange("/api/sessions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "password", password)), JSON);
    }

    private ResponseEntity<Map<String, Object>> get(String path, String token) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(bearer(token)), JSON);
    }

    private static final class MfaCodes {
        static String otherThan(String code) {
            return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        }
    }
}
