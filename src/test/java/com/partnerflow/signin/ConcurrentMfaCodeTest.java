package com.partnerflow.signin;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.Role;
import com.partnerflow.securitycode.CodeDeliveryTestSupport;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestMailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/**
 * Parallel code entries for one MFA sign-in cannot overrun the 5 attempts, nor use one code
 * twice: entries take turns on the challenge's row lock (PostgreSQL, as in production).
 */
@Tag("database")
@EnabledIf("com.partnerflow.support.TestProfiles#onPostgres")
class ConcurrentMfaCodeTest extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;

    @Test
    void eightParallelWrongCodesCountFiveAndLockOnce() throws Exception {
        SignedInUser user = mfaUser("guesser");
        String challengeId = challenge(user);
        String code = codeOf(user, challengeId);

        List<HttpStatusCode> answers = inParallel(8, () -> completeMfa(challengeId, MfaApiTest.otherThan(code)));

        assertThat(answers).filteredOn(HttpStatus.UNPROCESSABLE_ENTITY::equals).hasSize(4);
        assertThat(answers).filteredOn(HttpStatus.LOCKED::equals).hasSize(1);
        assertThat(answers).filteredOn(HttpStatus.GONE::equals).hasSize(3); // challenge-locked
        assertThat(jdbc.sql("SELECT MAX(failed_attempts) FROM security_code WHERE subject_id = ?::uuid")
                .param(challengeId).query(Integer.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target = ? AND event_name = 'SignInLocked'")
                .param(user.email()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theRightCodeEnteredTwiceAtOnceGivesOneSession() throws Exception {
        SignedInUser user = mfaUser("double");
        String challengeId = challenge(user);
        String code = codeOf(user, challengeId);
        long sessionsBefore = sessionsOf(user);

        List<HttpStatusCode> answers = inParallel(2, () -> completeMfa(challengeId, code));

        assertThat(answers).containsExactlyInAnyOrder(HttpStatus.CREATED, HttpStatus.CONFLICT);
        assertThat(sessionsOf(user)).isEqualTo(sessionsBefore + 1);
    }

    private List<HttpStatusCode> inParallel(int n, java.util.function.Supplier<ResponseEntity<Map<String, Object>>> call)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<ResponseEntity<Map<String, Object>>>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return call.get();
                }, pool));
            }
            List<HttpStatusCode> statuses = new ArrayList<>();
            for (var c : calls) {
                statuses.add(c.get(60, TimeUnit.SECONDS).getStatusCode());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private SignedInUser mfaUser(String name) {
        TestAccount account = accounts.newAccount();
        jdbc.sql("UPDATE partner_account SET mfa_enabled = TRUE WHERE id = ?").param(account.accountId()).update();
        return accounts.addUser(account, name, Role.STANDARD_USER);
    }

    private String challenge(SignedInUser user) {
        ResponseEntity<Map<String, Object>> answer = http.exchange("/api/sessions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", user.email(), "password", GOOD_PASSWORD)), JSON);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) answer.getBody().get("challengeId");
    }

    private String codeOf(SignedInUser user, String challengeId) {
        String code = TestMailbox.codeIn(mailbox.awaitMessage(user.email(), 1));
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, challengeId);
        return code;
    }

    private ResponseEntity<Map<String, Object>> completeMfa(String challengeId, String code) {
        return http.exchange("/api/sessions/mfa", HttpMethod.POST,
                new HttpEntity<>(Map.of("challengeId", challengeId, "code", code)), JSON);
    }

    private long sessionsOf(SignedInUser user) {
        return jdbc.sql("SELECT COUNT(*) FROM partner_session WHERE user_id = ?").param(user.userId())
                .query(Long.class).single();
    }
}
