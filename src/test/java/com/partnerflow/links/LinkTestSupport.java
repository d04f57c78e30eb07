package com.partnerflow.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.support.IntegrationTestBase;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A process waiting for one signed-link answer (src/test/resources/links/signed-link-question.bpmn,
 * deployed here because test models never deploy automatically) and a browser for the link pages.
 */
abstract class LinkTestSupport extends IntegrationTestBase {

    static final String PROCESS_KEY = "signed-link-question-test";
    static final String MESSAGE = "LinkAnswered";
    static final String WAIT_EVENT = "Event_LinkAnswered";

    @Autowired
    SignedLinks links;
    @Autowired
    RepositoryService repository;
    @Autowired
    private TestRestTemplate rest;

    @BeforeEach
    void deployTestProcess() {
        // duplicate filtering: deploys once per database, however many tests ask
        repository.createDeployment().name(PROCESS_KEY)
                .addClasspathResource("links/signed-link-question.bpmn")
                .enableDuplicateFiltering(false)
                .deploy();
    }

    ProcessInstance startQuestion() {
        return runtime.startProcessInstanceByKey(PROCESS_KEY);
    }

    IssuedLink issueFor(ProcessInstance process, String email, Duration validity) {
        return links.issue(new NewLink("Confirm the merge of your certification account into Acme Corp", email,
                process.getId(), MESSAGE, validity));
    }

    /** The link's path and query: the test server runs on a random port, not the configured base URL's. */
    static String pathOf(URI url) {
        return url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    static String tokenOf(IssuedLink link) {
        String path = link.pageUrl().getRawPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    ResponseEntity<String> open(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return browser().exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    /** Presses a button of the question page: a form POST as a browser sends it. */
    ResponseEntity<String> press(String token, String choice) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        Optional.ofNullable(choice).ifPresent(c -> form.add("choice", c));
        return browser().exchange("/links/" + token, HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
    }

    private TestRestTemplate browser() {
        return rest.withRedirects(Redirects.DONT_FOLLOW);
    }

    Map<String, Object> linkRow(IssuedLink link) {
        return jdbc.sql("SELECT * FROM signed_link WHERE id = ?").param(link.id()).query().singleRow();
    }

    String statusOf(IssuedLink link) {
        return jdbc.sql("SELECT status FROM signed_link WHERE id = ?").param(link.id()).query(String.class).single();
    }

    void assertWaiting(ProcessInstance process) {
        org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(process).isWaitingAt(WAIT_EVENT);
        assertThat(runtime.getVariables(process.getId())).doesNotContainKey(SignedLinks.DECISION_VARIABLE);
    }
}
