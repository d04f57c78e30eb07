package com.partnerflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.partnerflow.support.IntegrationTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The OpenAPI document the code generates is the one committed in the repository: a change of a
 * controller, a record or an error declaration shows in review as a change of
 * {@value #COMMITTED}. Regenerate it with
 * {@code mvn test -Dbpmnlint.skip=true -DskipPostgresTests=true -Dtest=OpenApiDocumentTest -Dpartnerflow.openapi.write=true}.
 */
class OpenApiDocumentTest extends IntegrationTestBase {

    static final String COMMITTED = "src/main/openapi/partner-api.json";
    static final String SERVED = "/v3/api-docs/" + OpenApiConfiguration.PARTNER_API;
    private static final String REGENERATE = "mvn test -Dbpmnlint.skip=true -DskipPostgresTests=true"
            + " -Dtest=OpenApiDocumentTest -Dpartnerflow.openapi.write=true";

    @Autowired
    TestRestTemplate http;

    @Test
    void theCommittedDocumentIsTheGeneratedOne() throws IOException {
        String generated = generated(http);
        Path committed = Path.of(COMMITTED);
        if (Boolean.getBoolean("partnerflow.openapi.write")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, generated, StandardCharsets.UTF_8);
            System.out.println("OpenApiDocumentTest: wrote " + committed.toAbsolutePath());
        }
        assertThat(committed).as(COMMITTED + " is missing; create it with: " + REGENERATE).exists();
        String expected = Files.readString(committed, StandardCharsets.UTF_8);
        if (!expected.equals(generated)) {
            throw new AssertionError("The OpenAPI document generated from the code differs from " + COMMITTED
                    + " (- committed, + generated):\n" + diff(expected, generated)
                    + "\nIf the change is meant, regenerate the file and commit it: " + REGENERATE);
        }
    }

    /** On the development profile (the suite runs on dev,test) Swagger UI is there, with both groups. */
    @Test
    void swaggerUiIsServedOnTheDevelopmentProfile() {
        ResponseEntity<String> page = http.getForEntity("/swagger-ui/index.html", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        String config = http.getForObject("/v3/api-docs/swagger-config", String.class);
        assertThat(config).contains("/v3/api-docs/" + OpenApiConfiguration.PARTNER_API)
                .contains("/v3/api-docs/development");
    }

    /** The served document, pretty-printed with sorted keys, so that a diff shows what changed. */
    static String generated(TestRestTemplate http) throws IOException {
        ResponseEntity<String> answer = http.getForEntity(SERVED, String.class);
        assertThat(answer.getStatusCode()).as(SERVED).isEqualTo(HttpStatus.OK);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        Object tree = json.treeToValue(json.readTree(answer.getBody()), Object.class);
        return json.writeValueAsString(tree) + "\n";
    }

    static JsonNode document(TestRestTemplate http) throws IOException {
        return new ObjectMapper().readTree(generated(http));
    }

    /** The lines between the common beginning and the common end, at most 80 of each. */
    private static String diff(String expected, String actual) {
        List<String> a = Arrays.asList(expected.split("\n", -1));
        List<String> b = Arrays.asList(actual.split("\n", -1));
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        StringBuilder out = new StringBuilder("@@ line " + (start + 1) + "\n");
        a.subList(start, Math.min(endA, start + 80)).forEach(line -> out.append("- ").append(line).append('\n'));
        b.subList(start, Math.min(endB, start + 80)).forEach(line -> out.append("+ ").append(line).append('\n'));
        return out.toString();
    }
}
