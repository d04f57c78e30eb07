package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.support.SignedInUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The partner's case API over HTTP, with real sessions. */
class CaseApiTest extends CaseTestSupport {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Autowired
    TestRestTemplate http;

    private static Map<String, Object> newCase() {
        return Map.of("caseType", "Partner Central", "questionType", "Certifications",
                "specificQuestionType", "Certification account merge",
                "subject", "Merge my certification accounts", "description", "Keep #1, merge away #2.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPartnerOpensReadsAnswersAndResolvesACase() {
        String domain = newDomain();
        SignedInUser lead = signIn("lead@" + domain, "Api Cases Inc");

        ResponseEntity<Map<String, Object>> opened = exchange(HttpMethod.POST, "/api/cases", newCase(), lead);
        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String caseNumber = (String) opened.getBody().get("caseNumber");
        assertThat(opened.getHeaders().getLocation()).hasPath("/api/cases/" + caseNumber);

        ResponseEntity<List<Map<String, Object>>> mine = http.exchange("/api/cases", HttpMethod.GET,
                new HttpEntity<>(lead.bearer()), new ParameterizedTypeReference<>() { });
        assertThat(mine.getBody()).extracting(m -> m.get("caseNumber")).containsExactly(caseNumber);

        // the agent asks; the partner answers through the API instead of by mail
        SupportCase c = caseRepository.findByNumber(SupportCase.parse(caseNumber)).orElseThrow();
        agentDecides(c, "ASK", "Which one do you keep?");
        mailbox.awaitMessage(lead.email(), 3); // welcome, case received, question
        org.awaitility.Awaitility.await().until(() -> caseRepository.find(c.id()).orElseThrow().status()
                == CaseStatus.WAITING_FOR_PARTNER);
        ResponseEntity<Map<String, Object>> answered = exchange(HttpMethod.POST, "/api/cases/" + caseNumber
                + "/messages", Map.of("text", "I keep #1."), lead);
        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.OK);
        awaitAgentTask(c);

        Map<String, Object> read = exchange(HttpMethod.GET, "/api/cases/" + caseNumber, null, lead).getBody();
        List<Map<String, Object>> correspondence = (List<Map<String, Object>>) read.get("correspondence");
        assertThat(correspondence).extracting(m -> m.get("body")).contains("Keep #1, merge away #2.",
                "Which one do you keep?", "I keep #1.");
        assertThat(((Map<String, Object>) read.get("supportCase")).get("status")).isEqualTo("WAITING_FOR_AGENT");

        ResponseEntity<Map<String, Object>> resolved = exchange(HttpMethod.POST, "/api/cases/" + caseNumber
                + "/resolution", null, lead);
        assertThat(resolved.getBody()).containsEntry("status", "RESOLVED");
        assertThat(exchange(HttpMethod.POST, "/api/cases/" + caseNumber + "/resolution", null, lead).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(exchange(HttpMethod.POST, "/api/cases/" + caseNumber + "/messages", Map.of("text", "more"), lead)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void casesAreInvisibleToOtherAccountsAndToAnonymousCallers() {
        SignedInUser owner = signIn("owner@" + newDomain(), "Owner Co");
        SignedInUser stranger = signIn("stranger@" + newDomain(), "Stranger Co");
        String caseNumber = (String) exchange(HttpMethod.POST, "/api/cases", newCase(), owner).getBody()
                .get("caseNumber");

        assertThat(exchange(HttpMethod.GET, "/api/cases/" + caseNumber, null, stranger).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange(HttpMethod.POST, "/api/cases/" + caseNumber + "/resolution", null, stranger)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.exchange("/api/cases", HttpMethod.GET, null, JSON).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void badInputIs400AndUnknownCasesAre404() {
        SignedInUser user = signIn("bad@" + newDomain(), "Bad Input Co");
        ResponseEntity<Map<String, Object>> missing = exchange(HttpMethod.POST, "/api/cases",
                Map.of("subject", "no type"), user);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody().toString()).contains("caseType", "questionType", "description");
        assertThat(exchange(HttpMethod.GET, "/api/cases/CASE-999999", null, user).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange(HttpMethod.GET, "/api/cases/not-a-case", null, user).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange(HttpMethod.POST, "/api/cases/CASE-999999/messages", Map.of("text", ""), user)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private ResponseEntity<Map<String, Object>> exchange(HttpMethod method, String path, Object body,
                                                         SignedInUser user) {
        return http.exchange(path, method, new HttpEntity<>(body, user.bearer()), JSON);
    }
}
