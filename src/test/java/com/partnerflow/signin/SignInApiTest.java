package com.partnerflow.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.PartnerUser;
import com.partnerflow.support.IntegrationTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Sign-in over HTTP: sessions, the one generic refusal, the lock after repeated failures, audit. */
@ExtendWith(OutputCaptureExtension.class)
class SignInApiTest extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;

    @Test
    void signingInGivesATokenThatMeAccepts() {
        String email = "alice@" + newDomain();
        PartnerUser user = registerUser(email, "Acme Corp");
        Instant before = ClockUtil.getCurrentTime().toInstant();

        ResponseEntity<Map<String, Object>> created = postSession(email.toUpperCase(), GOOD_PASSWORD);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasPath("/api/sessions/current");
        Map<String, Object> session = created.getBody();
        String token = (String) session.get("token");
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 32 bytes, base64url without padding
        assertThat(session).containsEntry("userId", user.id().toString())
                .containsEntry("accountId", user.accountId().toString())
                .containsEntry("roles", List.of("ALLIANCE_LEAD"));
        assertThat(Instant.parse((String) session.get("expiresAt")))
                .isBetween(before.plus(Duration.ofHours(8)), before.plus(Duration.ofHours(8)).plusSeconds(60));

        ResponseEntity<Map<String, Object>> me = get("/api/me", token);
        assertThat(me.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(me.getBody()).containsEntry("userId", user.id().toString())
                .containsEntry("accountId", user.accountId().toString())
                .containsEntry("email", email)
                .containsEntry("firstName", "Ann")
                .containsEntry("lastName", "Example")
                .containsEntry("roles", List.of("ALLIANCE_LEAD"));

        // only the token's SHA-256 is stored
        Map<String, Object> row = jdbc.sql("SELECT * FROM partner_session WHERE user_id = ?").param(user.id())
                .query().singleRow();
        assertThat(row.get("token_hash")).isEqualTo(PartnerSessions.hash(token));
        assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains(token));
        assertThat(row.get("source_address")).isNotNull();
        assertThat(row.get("last_used_at")).isNotNull();
    }

    @Test
    void aWrongPasswordAnUnknownAddressAndAnInactiveUserGetTheSameAnswer() {
        String domain = newDomain();
        String email = "bob@" + domain;
        PartnerUser user = registerUser(email, "Bob Ltd");

        ResponseEntity<Map<String, Object>> wrongPassword = postSession(email, "Wrong#2026a");
        ResponseEntity<Map<String, Object>> unknownAddress = postSession("nobody@" + domain, GOOD_PASSWORD);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(wrongPassword.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        assertThat(wrongPassword.getBody()).containsEntry("code", "sign-in-failed");
        assertThat(unknownAddress.getStatusCode()).isEqualTo(wrongPassword.getStatusCode());
        assertThat(unknownAddress.getBody()).isEqualTo(wrongPassword.getBody());

        for (String status : List.of("DEACTIVATED", "REMOVED")) {
            jdbc.sql("UPDATE partner_user SET status = ? WHERE id = ?").params(status, user.id()).update();
            ResponseEntity<Map<String, Object>> inactive = postSession(email, GOOD_PASSWORD);
            assertThat(inactive.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(inactive.getBody()).isEqualTo(wrongPassword.getBody());
        }
    }

    @Test
    void deactivatingAUserEndsTheirSessions() {
        var user = signIn("carol@" + newDomain(), "Carol GmbH");
        assertThat(get("/api/me", user.token()).getStatusCode()).isEqualTo(HttpStatus.OK);
        jdbc.sql("UPDATE partner_user SET status = 'DEACTIVATED' WHERE id = ?").param(user.userId()).update();
        assertThat(get("/api/me", user.token()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void fiveFailuresLockTheAddressForFifteenMinutes() {
        String email = "dave@" + newDomain();
        registerUser(email, "Dave Inc");
        for (int i = 1; i <= 5; i++) {
            assertThat(postSession(email, "Wrong#2026a").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        ResponseEntity<Map<String, Object>> locked = postSession(email, GOOD_PASSWORD);
        assertThat(locked.getStatusCode()).isEqualTo(HttpStatus.LOCKED);
        assertThat(locked.getBody()).containsEntry("code", "sign-in-locked").containsKey("retryAfterSeconds");
        assertThat(((Number) locked.getBody().get("retryAfterSeconds")).longValue()).isBetween(840L, 900L);
        assertThat(locked.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
        assertThat(auditEvents(email, "SignInLocked")).isEqualTo(1);

        moveClockBy(Duration.ofMinutes(14));
        assertThat(postSession(email, GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.LOCKED);
        moveClockBy(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(postSession(email, GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void onlyFailuresWithinFifteenMinutesCountAndSuccessForgivesThem() {
        String email = "erin@" + newDomain();
        registerUser(email, "Erin SA");
        for (int i = 1; i <= 4; i++) {
            postSession(email, "Wrong#2026a");
        }
        moveClockBy(Duration.ofMinutes(16));
        assertThat(postSession(email, "Wrong#2026a").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(postSession(email, GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        for (int i = 1; i <= 4; i++) {
            assertThat(postSession(email, "Wrong#2026a").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(postSession(email, GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void unknownAddressesLockLikeKnownOnes() {
        String email = "ghost@" + newDomain();
        for (int i = 1; i <= 5; i++) {
            assertThat(postSession(email, GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(postSession(email, GOOD_PASSWORD).getStatusCode()).isEqualTo(HttpStatus.LOCKED);
    }

    @Test
    void auditRecordsEverySignInWithItsSourceButNeverThePasswordOrToken(CapturedOutput output) {
        String email = "frank@" + newDomain();
        PartnerUser user = registerUser(email, "Frank Co");
        String wrongPassword = "Wrong#Secret-" + System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            postSession(email, wrongPassword);
        }
        postSession(email, GOOD_PASSWORD); // locked
        moveClockBy(Duration.ofMinutes(16));
        String token = (String) postSession(email, GOOD_PASSWORD).getBody().get("token");
        assertThat(http.exchange("/api/sessions/current", HttpMethod.DELETE, new HttpEntity<>(bearer(token)),
                Void.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        List<Map<String, Object>> events = jdbc.sql("""
                SELECT event_name, actor, account_id, target_user_id, source_address, parameters FROM audit_event
                WHERE actor = ? AND event_name LIKE 'Sign%' ORDER BY id""").param(email).query().listOfRows();
        assertThat(events).extracting(e -> e.get("event_name")).containsExactly(
                "SignInFailed", "SignInFailed", "SignInFailed", "SignInFailed", "SignInFailed", "SignInLocked",
                "SignInFailed", "SignInSucceeded", "SignedOut");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("source_address")).isEqualTo("127.0.0.1");
            assertThat(e.get("account_id")).hasToString(user.accountId().toString());
            // so the account's audit API finds them when filtered by this user
            assertThat(e.get("target_user_id")).hasToString(user.id().toString());
            assertThat((String) e.get("parameters")).doesNotContain(wrongPassword, GOOD_PASSWORD, token);
        });
        assertThat((String) events.get(0).get("parameters")).contains("wrong-password");
        assertThat((String) events.get(6).get("parameters")).contains("locked");
        assertThat(output.getAll()).doesNotContain(wrongPassword, GOOD_PASSWORD, token);
    }

    @Test
    void incompleteRequestsAre400AndCountForNothing() {
        ResponseEntity<Map<String, Object>> missing = http.exchange("/api/sessions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", "x@" + newDomain())), JSON);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody().toString()).contains("password");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.exchange("/api/sessions", HttpMethod.POST, new HttpEntity<>("{not json", headers), JSON)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private ResponseEntity<Map<String, Object>> postSession(String email, String password) {
        return http.exchange("/api/sessions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "password", password)), JSON);
    }

    private ResponseEntity<Map<String, Object>> get(String path, String token) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(bearer(token)), JSON);
    }

    private long auditEvents(String email, String eventName) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE actor = ? AND event_name = ?")
                .params(email, eventName).query(Long.class).single();
    }
}
