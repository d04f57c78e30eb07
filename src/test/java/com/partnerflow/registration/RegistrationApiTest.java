package com.partnerflow.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.securitycode.CodeDeliveryTestSupport;
import com.partnerflow.support.IntegrationTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The partner API over HTTP, reading the real emails over IMAP as a person would. */
class RegistrationApiTest extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;

    @Test
    void registersACompanyAndAColleagueThroughTheApi() {
        String domain = newDomain();
        String leadEmail = "Alice.Lead@" + domain.toUpperCase();

        ResponseEntity<Map<String, Object>> accepted = post("/api/registrations", registration(leadEmail, "Acme Corp"));
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String leadRegistration = (String) accepted.getBody().get("registrationId");
        assertThat(accepted.getHeaders().getLocation()).hasPath("/api/registrations/" + leadRegistration);
        assertThat(get("/api/registrations/" + leadRegistration).getBody()).containsEntry("status", "WAITING_FOR_CODE");

        String code = mailbox.awaitCode("alice.lead@" + domain, 1);
        ResponseEntity<Map<String, Object>> lead = post("/api/registrations/" + leadRegistration + "/verification",
                Map.of("code", code));
        assertThat(lead.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(lead.getBody()).containsEntry("roles", List.of("ALLIANCE_LEAD")).containsKeys("userId", "accountId");

        ResponseEntity<Map<String, Object>> second = post("/api/registrations",
                registration("bob@" + domain, null));
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String secondRegistration = (String) second.getBody().get("registrationId");
        ResponseEntity<Map<String, Object>> joiner = post("/api/registrations/" + secondRegistration + "/verification",
                Map.of("code", mailbox.awaitCode("bob@" + domain, 1)));
        assertThat(joiner.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(joiner.getBody()).containsEntry("roles", List.of("STANDARD_USER"))
                .containsEntry("accountId", lead.getBody().get("accountId"));
        assertThat(get("/api/registrations/" + secondRegistration).getBody()).containsEntry("status", "REGISTERED");

        // a process admin sees both in the directory
        ResponseEntity<List<Map<String, Object>>> accounts = http.withBasicAuth("admin", "admin-test-secret")
                .exchange("/api/admin/accounts", HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
        assertThat(accounts.getStatusCode()).isEqualTo(HttpStatus.OK);
        @SuppressWarnings("unchecked")
        Map<String, Object> acme = accounts.getBody().stream()
                .filter(a -> ((Map<String, Object>) a.get("account")).get("domains").equals(List.of(domain)))
                .findFirst().orElseThrow();
        assertThat((List<?>) acme.get("users")).hasSize(2);
    }

    @Test
    void malformedInputIs400() {
        assertThat(postRaw("/api/registrations", "{not json").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<Map<String, Object>> missing = post("/api/registrations", Map.of("email", "x@" + newDomain()));
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody().toString()).contains("firstName", "lastName", "password");
        assertThat(post("/api/registrations", registration("not-an-address", "X")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<Map<String, Object>> noCompany = post("/api/registrations",
                registration("first@" + newDomain(), null));
        assertThat(noCompany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noCompany.getBody()).containsEntry("code", "company-name-required");
        assertThat(post("/api/registrations/" + UUID.randomUUID() + "/verification", Map.of("code", "12ab56"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(get("/api/registrations/" + UUID.randomUUID()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/registrations/not-a-uuid").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"someone@gmail.com", "someone@Hotmail.com", "someone@outlook.com", "someone@yahoo.co.jp",
            "student@mit.edu", "student@unsw.edu.au"})
    void personalAddressesAre422(String email) {
        ResponseEntity<Map<String, Object>> refused = post("/api/registrations", registration(email, "Me Myself"));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat((String) refused.getBody().get("detail")).contains("business email address is required");
    }

    /** Answered like any other registration (no account enumeration): the address's owner is mailed instead. */
    @Test
    void anAddressAlreadyRegisteredIsAcceptedLikeAnyOtherAndItsOwnerIsTold() {
        String email = "taken@" + newDomain();
        String id = (String) post("/api/registrations", registration(email, "Taken Inc")).getBody().get("registrationId");
        post("/api/registrations/" + id + "/verification", Map.of("code", mailbox.awaitCode(email, 1)));

        ResponseEntity<Map<String, Object>> again = post("/api/registrations", registration(email, "Taken Inc"));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(again.getBody()).containsEntry("status", "WAITING_FOR_CODE").containsKey("registrationId");
        assertThat(mailbox.awaitMessage(email, 3).subject())
                .isEqualTo("Someone tried to register with your Partnerflow address");
        // the completed registration itself stays complete
        assertThat(post("/api/registrations/" + id + "/verification", Map.of("code", "123456")).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPasswordAgainstThePolicyIs422NamingTheRule() {
        Map<String, Object> body = new java.util.HashMap<>(registration("pw@" + newDomain(), "Weak Ltd"));
        body.put("password", "lowercase1");
        ResponseEntity<Map<String, Object>> refused = post("/api/registrations", body);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat((List<Object>) refused.getBody().get("rules")).containsExactlyInAnyOrder(
                "at least one upper-case letter", "at least one of the symbols ! @ # $ % ^ _ = + : ;");

        body.put("password", "Ab1!"); // too short, and '!' is allowed
        assertThat(post("/api/registrations", body).getBody().get("rules")).isEqualTo(List.of("at least 8 characters"));
        body.put("password", "Abcdefg1&"); // '&' is not one of the guide's symbols
        assertThat(post("/api/registrations", body).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    @Test
    void wrongCodesCountDownThenTheSixthTryIsLocked() {
        String email = "guess@" + newDomain();
        String id = (String) post("/api/registrations", registration(email, "Guessers")).getBody().get("registrationId");
        String code = mailbox.awaitCode(email, 1);
        for (int left = 4; left >= 0; left--) {
            ResponseEntity<Map<String, Object>> wrong = post("/api/registrations/" + id + "/verification",
                    Map.of("code", PartnerRegistrationProcessTest.otherThan(code)));
            assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(wrong.getBody()).containsEntry("attemptsLeft", left);
        }
        assertThat(get("/api/registrations/" + id).getBody()).containsEntry("status", "LOCKED");
        assertThat(post("/api/registrations/" + id + "/verification", Map.of("code", code)).getStatusCode())
                .isEqualTo(HttpStatus.LOCKED);

        assertThat(post("/api/registrations/" + id + "/code", Map.of()).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(post("/api/registrations/" + id + "/verification", Map.of("code", mailbox.awaitCode(email, 2)))
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void theSixthCodeWithinAnHourIs429() {
        String email = "many@" + newDomain();
        String id = (String) post("/api/registrations", registration(email, "Many Codes")).getBody().get("registrationId");
        for (int n = 1; n <= 4; n++) {
            mailbox.awaitMessage(email, n);
            // the mail arrives a moment before its sending step commits; until then a new code is 409
            CodeDeliveryTestSupport.awaitCodeSent(runtime, history, id);
            assertThat(post("/api/registrations/" + id + "/code", Map.of()).getStatusCode())
                    .isEqualTo(HttpStatus.ACCEPTED);
        }
        mailbox.awaitMessage(email, 5);
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, id);
        ResponseEntity<Map<String, Object>> refused = post("/api/registrations/" + id + "/code", Map.of());
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getBody()).containsEntry("code", "too-many-codes").containsKey("retryAfterSeconds");
    }

    @Test
    void mailIsSentInTheRecipientsLanguage() {
        String email = "hanako@" + newDomain();
        Map<String, Object> body = new java.util.HashMap<>(registration(email, "株式会社テスト"));
        body.put("language", "ja");
        post("/api/registrations", body);
        assertThat(mailbox.awaitMessage(email, 1).subject()).isEqualTo("Partnerflow セキュリティコードのお知らせ");
        assertThat(mailbox.awaitMessage(email, 1).contentType()).startsWith("multipart/");
    }

    private static Map<String, Object> registration(String email, String company) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("email", email, "firstName", "Ann",
                "lastName", "Example", "password", GOOD_PASSWORD));
        if (company != null) {
            body.put("companyName", company);
        }
        return body;
    }

    private ResponseEntity<Map<String, Object>> post(String path, Map<String, ?> body) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body), JSON);
    }

    private ResponseEntity<Map<String, Object>> postRaw(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JSON);
    }

    private ResponseEntity<Map<String, Object>> get(String path) {
        return http.exchange(path, HttpMethod.GET, null, JSON);
    }
}
