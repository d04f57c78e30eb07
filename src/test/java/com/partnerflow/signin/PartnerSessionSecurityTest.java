package com.partnerflow.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/** Who gets through the partner API's security chain, and that everything outside /api is as before. */
class PartnerSessionSecurityTest extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;

    @Test
    void withoutATokenThePartnerApiAnswers401BearerProblem() {
        ResponseEntity<Map<String, Object>> refused = http.exchange("/api/me", HttpMethod.GET, null, JSON);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody()).containsEntry("status", 401).containsEntry("code", "unauthenticated")
                .containsEntry("type", "urn:partnerflow:problem:unauthenticated")
                .containsEntry("instance", "/api/me");
        // any other path under /api needs a token too, even one that does not exist
        assertThat(http.exchange("/api/nothing-here", HttpMethod.GET, null, JSON).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.exchange("/api/sessions/current", HttpMethod.DELETE, null, JSON).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        HttpHeaders basic = new HttpHeaders();
        basic.setBasicAuth("admin", "admin-test-secret");
        assertThat(http.exchange("/api/me", HttpMethod.GET, new HttpEntity<>(basic), JSON).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void anUnknownTokenIs401InvalidToken() {
        for (String token : new String[] {"x".repeat(43), "not a token at all", UUID.randomUUID().toString()}) {
            ResponseEntity<Map<String, Object>> refused = me(token);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                    .isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(refused.getBody()).containsEntry("code", "invalid-token");
            assertThat(refused.getBody().toString()).doesNotContain(token);
        }
    }

    @Test
    void aTokenExpiresAfterEightHours() {
        SignedInUser user = signIn("exp@" + newDomain(), "Expiry Ltd");
        moveClockBy(Duration.ofHours(8).minusMinutes(1));
        assertThat(me(user.token()).getStatusCode()).isEqualTo(HttpStatus.OK);
        moveClockBy(Duration.ofMinutes(1));
        ResponseEntity<Map<String, Object>> expired = me(user.token());
        assertThat(expired.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(expired.getBody()).containsEntry("code", "invalid-token");
    }

    @Test
    void signingOutRevokesTheTokenButNotOtherSessions() {
        SignedInUser user = signIn("out@" + newDomain(), "Sign Out Corp");
        String otherSession = signIn(user.userId());
        ResponseEntity<Void> signedOut = http.exchange("/api/sessions/current", HttpMethod.DELETE,
                new HttpEntity<>(user.bearer()), Void.class);
        assertThat(signedOut.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(me(user.token()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.exchange("/api/sessions/current", HttpMethod.DELETE, new HttpEntity<>(user.bearer()),
                Void.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(me(otherSession).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM partner_session WHERE user_id = ? AND revoked_at IS NOT NULL")
                .param(user.userId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void registrationAndSignInNeedNoTokenAndIgnoreAStaleOne() {
        HttpHeaders stale = bearer("s".repeat(43));
        stale.setContentType(MediaType.APPLICATION_JSON);
        String email = "pub@" + newDomain();
        ResponseEntity<Map<String, Object>> accepted = http.exchange("/api/registrations", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "firstName", "Pat", "lastName", "Public",
                        "password", GOOD_PASSWORD, "companyName", "Public Inc"), stale), JSON);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(http.exchange("/api/registrations/" + accepted.getBody().get("registrationId"), HttpMethod.GET,
                null, JSON).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.exchange("/api/registrations/" + UUID.randomUUID(), HttpMethod.GET, null, JSON)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.exchange("/api/sessions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "password", GOOD_PASSWORD), stale), JSON).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED); // not registered yet: the sign-in answer, not the token's
        assertThat(http.exchange("/api/sessions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "password", GOOD_PASSWORD), stale), JSON).getBody())
                .containsEntry("code", "sign-in-failed");
    }

    @Test
    void pathsOutsideThePartnerApiBehaveAsBefore() {
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/dev/mailbox", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> engineRest = http.getForEntity("/engine-rest/process-definition", String.class);
        assertThat(engineRest.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(engineRest.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
        assertThat(http.withBasicAuth("admin", "admin-test-secret").getForEntity("/api/admin/accounts", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        // Spring Security's strict firewall guards /api only: elsewhere a path parameter passes as before
        assertThat(http.getForEntity("/dev/mailbox;jsessionid=0123456789ABCDEF", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/api/me;jsessionid=0123456789ABCDEF", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);

        for (String page : new String[] {"/camunda/app/welcome/default/", "/camunda/"}) {
            HttpStatus status = HttpStatus.valueOf(http.getForEntity(page, String.class).getStatusCode().value());
            assertThat(status.is2xxSuccessful() || status.is3xxRedirection()).as(page + " answers " + status).isTrue();
        }
        // Camunda's own webapp login, as the browser does it: its CSRF cookie and header, then the form
        List<String> cookies = http.getForEntity("/camunda/app/welcome/default/", String.class).getHeaders()
                .getOrEmpty(HttpHeaders.SET_COOKIE);
        String xsrf = cookies.stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        var form = new LinkedMultiValueMap<String, String>();
        form.add("username", "admin");
        form.add("password", "admin-test-secret");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.set("X-XSRF-TOKEN", xsrf);
        headers.set(HttpHeaders.COOKIE, cookies.stream().map(c -> c.substring(0, c.indexOf(';')))
                .collect(Collectors.joining("; ")));
        ResponseEntity<String> login = http.exchange("/camunda/api/admin/auth/user/default/login/welcome",
                HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
        assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(login.getBody()).contains("\"userId\":\"admin\"");
    }

    private ResponseEntity<Map<String, Object>> me(String token) {
        return http.exchange("/api/me", HttpMethod.GET, new HttpEntity<>(bearer(token)), JSON);
    }
}
