package com.partnerflow.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Marketplace tests: HTTP calls with sessions, fresh seller accounts, a linking driven to its end. */
abstract class MarketplaceTestSupport extends IntegrationTestBase {

    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;
    @Autowired
    Marketplace marketplace;
    @Autowired
    MarketplaceRecords records;
    @Autowired
    ObjectMapper json;

    /** A fresh 12-digit AWS account id. */
    static String newAwsAccountId() {
        return String.valueOf(100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
    }

    /** A fresh AWS account registered as a seller under this legal name. */
    String newSeller(String legalName) {
        String id = newAwsAccountId();
        marketplace.registerSeller(id, legalName);
        return id;
    }

    ResponseEntity<Map<String, Object>> call(HttpMethod method, String path, Object body, SignedInUser caller) {
        return http.exchange(path, method, new HttpEntity<>(body, caller.bearer()), JSON);
    }

    Map<String, Object> ok(HttpMethod method, String path, Object body, SignedInUser caller) {
        ResponseEntity<Map<String, Object>> response = call(method, path, body, caller);
        assertThat(response.getStatusCode().is2xxSuccessful()).as("%s %s → %s %s", method, path,
                response.getStatusCode(), response.getBody()).isTrue();
        return response.getBody();
    }

    static void assertProblem(ResponseEntity<Map<String, Object>> response, HttpStatus status, String code) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getBody()).containsEntry("code", code);
    }

    /** Starts a linking of the caller's account to the seller account; returns its id. */
    UUID startLinking(SignedInUser caller, String awsAccountId) {
        Map<String, Object> started = ok(HttpMethod.POST, "/api/marketplace/linkings",
                Map.of("awsAccountId", awsAccountId), caller);
        return UUID.fromString((String) started.get("linkingId"));
    }

    /** All three steps and the wait for the background work: the account ends linked. */
    UUID link(SignedInUser caller, String awsAccountId, boolean mapAllianceTeam, boolean mapAce) {
        UUID id = startLinking(caller, awsAccountId);
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/account-review", Map.of(), caller);
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/role-review",
                Map.of("mapAllianceTeam", mapAllianceTeam, "mapAceUsers", mapAce), caller);
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/submission", null, caller);
        awaitLinkingStatus(id, "LINKED");
        return id;
    }

    void awaitLinkingStatus(UUID linkingId, String status) {
        await().until(() -> records.linking(linkingId).orElseThrow().status(), status::equals);
    }

    String roleSuffixOf(UUID linkingId) {
        return records.linking(linkingId).orElseThrow().roleSuffix();
    }

    /** The audit events of an account with this name, oldest first, parameters parsed. */
    List<Map<String, Object>> auditEvents(UUID accountId, String eventName) {
        return jdbc.sql("SELECT parameters FROM audit_event WHERE account_id = ? AND event_name = ? ORDER BY id")
                .params(accountId, eventName).query(String.class).list().stream().map(this::parse).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
