package com.partnerflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerflow.support.IntegrationTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

/**
 * One error shape: whatever is wrong with a request, the answer is an RFC 9457 problem detail
 * whose {@code status} is the number and whose {@code code} says what is wrong (with
 * {@code fields} where fields are wrong), whether Spring MVC, Spring Security or Camunda's REST
 * filter refuses it. Sent through a real HTTP client so that odd paths arrive as typed.
 */
class ErrorShapeTest extends IntegrationTestBase {

    private static final String JSON = "application/json";

    @Autowired
    ObjectMapper json;
    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** name, signed in?, method, path, content type (null: none), body (null: none), status, code, wrong field or null */
    static Stream<Arguments> badRequests() {
        String someId = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("malformed JSON", false, "POST", "/api/sessions", JSON, "{\"email\": ", 400,
                        "malformed-json", null),
                Arguments.of("malformed JSON where no body is read", false, "POST",
                        "/api/password-resets/" + someId + "/code", JSON, "{\"email\": ", 404, "reset-not-found", null),
                Arguments.of("empty body", false, "POST", "/api/sessions", JSON, "", 400, "body-missing", null),
                Arguments.of("JSON null as the body", false, "POST", "/api/password-resets", JSON, "null", 400,
                        "body-missing", null),
                Arguments.of("a list instead of an object", false, "POST", "/api/sessions", JSON, "[]", 400,
                        "invalid-request", null),
                Arguments.of("wrong type of a field", false, "POST", "/api/sessions", JSON,
                        "{\"email\": {\"a\": 1}, \"password\": \"x\"}", 400, "invalid-request", "email"),
                Arguments.of("wrong type of a nested field", false, "POST", "/api/sessions/mfa", JSON,
                        "{\"challengeId\": \"not-a-uuid\", \"code\": \"123456\"}", 400, "invalid-request",
                        "challengeId"),
                Arguments.of("missing field", false, "POST", "/api/sessions", JSON, "{\"email\": \"a@b.example\"}",
                        400, "invalid-request", "password"),
                Arguments.of("non-UUID id", false, "GET", "/api/registrations/not-a-uuid", null, null, 400,
                        "invalid-request", "id"),
                Arguments.of("unknown enum in a query parameter", true, "GET", "/api/partner-tasks?type=NOPE", null,
                        null, 400, "invalid-request", "type"),
                Arguments.of("unknown path", true, "GET", "/api/no-such-thing", null, null, 404, "not-found", null),
                Arguments.of("wrong method on a public path", false, "GET", "/api/sessions", null, null, 405,
                        "method-not-allowed", null),
                Arguments.of("wrong method signed in", true, "PUT", "/api/me", JSON, "{}", 405, "method-not-allowed",
                        null),
                Arguments.of("missing Content-Type", false, "POST", "/api/sessions", null,
                        "{\"email\":\"a@b.example\",\"password\":\"x\"}", 415, "unsupported-media-type", null),
                Arguments.of("wrong Content-Type", false, "POST", "/api/password-resets", "text/plain",
                        "{\"email\":\"a@b.example\"}", 415, "unsupported-media-type", null),
                Arguments.of("NUL in a JSON field", false, "POST", "/api/password-resets", JSON,
                        "{\"email\":\"a\\u0000@b.example\"}", 400, "invalid-characters", "email"),
                Arguments.of("unpaired surrogate in a nested JSON field", true, "POST", "/api/invitations", JSON,
                        "{\"invitees\":[{\"email\":\"a@b.example\",\"roles\":[\"\\ud800\"]}]}", 400,
                        "invalid-characters", "invitees[0].roles[0]"),
                Arguments.of("control character in a query parameter", true, "GET", "/api/account/users?q=a%07b",
                        null, null, 400, "invalid-characters", "q"),
                Arguments.of("refused on /api/admin", false, "GET", "/api/admin/accounts", null, null, 401,
                        "unauthenticated", null),
                Arguments.of("refused on /engine-rest", false, "GET", "/engine-rest/process-definition", null, null,
                        401, "unauthenticated", null),
                Arguments.of("a path that climbs out of /api", false, "GET", "/api/../engine-rest/process-definition",
                        null, null, 400, "request-rejected", null),
                Arguments.of("a path parameter on /engine-rest itself", false, "GET",
                        "/engine-rest;jsessionid=x/engine", null, null, 400, "request-rejected", null),
                Arguments.of("a path parameter further down /engine-rest", false, "GET",
                        "/engine-rest/engine;jsessionid=x", null, null, 401, "unauthenticated", null),
                // Tomcat itself refuses %00 in a path, before the application
                Arguments.of("NUL in a path of the partner API", true, "GET", "/api/cases/CASE%00", null, null, 400,
                        "bad-request", null),
                Arguments.of("no session token", false, "GET", "/api/me", null, null, 401, "unauthenticated", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void everyErrorIsAProblemDetailWithACode(String name, boolean signedIn, String method, String path,
                                             String contentType, String body, int status, String code, String field)
            throws Exception {
        HttpResponse<String> response = send(method, path, contentType, body,
                signedIn ? accounts.newAccount().lead().token() : null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (code == null) {
            return; // not an error
        }
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").isInt()).as("status is the number: " + problem).isTrue();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asText()).as(problem.toString()).isEqualTo(code);
        assertThat(problem.path("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.path("fields").findValuesAsText("field")).as(problem.toString()).contains(field);
        }
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        if (status == 405) {
            assertThat(response.headers().firstValue("Allow")).isPresent();
        }
    }

    /** A page a person opens from a mail answers bad input with a page, not JSON. */
    @Test
    void aControlCharacterInALinkIsRefusedWithAPage() throws Exception {
        HttpResponse<String> response = send("GET", "/links/abc%C2%85", null, null, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("data-code=\"invalid-characters\"", "This link cannot be used");
    }

    @Test
    void aProblemCannotOverwriteTheNumericStatus() {
        assertThatThrownBy(() -> new ApiProblem(HttpStatus.CONFLICT, "x", "y", Map.of("status", "OPEN")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
