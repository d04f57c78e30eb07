package com.partnerflow.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerflow.config.StaffGroups;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What an operator scrapes and probes, on the whole application: the business series move when
 * a partner registers and opens a case, the probes answer their status to anyone and their
 * details only to monitoring users, and every line of a request carries its id while engine
 * lines carry their process instance and no request's id.
 */
@Tag("database") // StateGauges reads our tables and the engine's with SQL of its own
class OperatorMetricsTest extends IntegrationTestBase {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-test-secret";

    @LocalServerPort
    private int port;
    @Autowired
    private StateGauges stateGauges;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aScrapeAfterARegistrationAndACaseShowsTheBusinessFiguresMove() throws Exception {
        stateGauges.refresh();
        String before = scrape(ADMIN, ADMIN_PASSWORD);

        SignedInUser partner = signIn("lead@" + newDomain(), "Metrics Example KK");
        HttpResponse<String> opened = send(HttpRequest.newBuilder(uri("/api/cases"))
                .header("Authorization", "Bearer " + partner.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("caseType", "Partner Central",
                        "questionType", "Certifications", "subject", "Metrics", "description", "Counted?"))))
                .build());
        assertThat(opened.statusCode()).isEqualTo(201);

        // the completion is counted once the engine's transaction commits
        await().until(() -> value(scrape(ADMIN, ADMIN_PASSWORD), "partnerflow_registrations_completed_total")
                >= value(before, "partnerflow_registrations_completed_total") + 1);
        stateGauges.refresh();
        String after = scrape(ADMIN, ADMIN_PASSWORD);
        // the business series, for whoever reads the test's output
        after.lines().filter(line -> line.startsWith("partnerflow_")).forEach(System.out::println);

        assertThat(value(after, "partnerflow_registrations_started_total"))
                .isGreaterThanOrEqualTo(value(before, "partnerflow_registrations_started_total") + 1);
        assertThat(value(after, "partnerflow_process_instances_started_total{process=\"partner-registration\"}"))
                .isGreaterThanOrEqualTo(value(before, "partnerflow_process_instances_started_total{process=\"partner-registration\"}") + 1);
        assertThat(value(after, "partnerflow_process_instances_ended_total{end_event=\"End_Registered\",process=\"partner-registration\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "partnerflow_cases_opened_total{process=\"support-case\"}"))
                .isEqualTo(value(before, "partnerflow_cases_opened_total{process=\"support-case\"}") + 1);
        assertThat(value(after, "partnerflow_mail_sent_total{template=\"security-code\"}"))
                .isGreaterThanOrEqualTo(value(before, "partnerflow_mail_sent_total{template=\"security-code\"}") + 1);
        assertThat(openSupportCases(after)).isEqualTo(openSupportCases(before) + 1);
        // the state series are there even when they are 0
        for (String series : List.of("partnerflow_questions_awaiting_reply", "partnerflow_questions_oldest_wait_seconds",
                "partnerflow_inbound_mail_failing", "partnerflow_jobs_due", "partnerflow_jobs_oldest_due_seconds",
                "partnerflow_jobs_locked", "partnerflow_jobs_failed", "partnerflow_state_age_seconds",
                "partnerflow_incidents_open", "partnerflow_inbound_mail_failures_total",
                "partnerflow_inbound_mail_set_aside_total", "partnerflow_inbound_mailbox_errors_total",
                "partnerflow_cases_oldest_wait_seconds{process=\"support-case\",status=\"WAITING_FOR_PARTNER\"}")) {
            assertThat(after).as(series).containsPattern("(?m)^" + Pattern.quote(series) + "[ {]");
        }
        // no address, no case number among the tags of what the application serves (the tests' own
        // HTTP clients, in this JVM only, tag their requests by raw URI: http_client_requests_*)
        String served = after.lines().filter(line -> !line.startsWith("http_client_requests"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(served).doesNotContain(partner.email()).doesNotContain("CASE-");
    }

    @Test
    void prometheusAndHealthDetailsAreForMonitoringUsersOnly() throws Exception {
        staffUser("scraper", "scraper-secret", StaffGroups.MONITORING);
        staffUser("metricsagent", "agent-secret", StaffGroups.SUPPORT_AGENTS);

        assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "metricsagent", "agent-secret").statusCode()).isEqualTo(401);
        assertThat(get("/actuator", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = get("/actuator/prometheus", "scraper", "scraper-secret");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("partnerflow_jobs_due");

        // anyone: the status, nothing else
        for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> anonymous = get(probe, null, null);
            assertThat(anonymous.statusCode()).as(probe).isEqualTo(200);
            // the top level also names its groups (liveness, readiness): no component, no detail
            assertThat(json.readTree(anonymous.body()).fieldNames()).toIterable().as(probe)
                    .contains("status").doesNotContain("components", "details");
        }
        assertThat(get("/actuator/health/db", null, null).statusCode()).isEqualTo(401);

        JsonNode readiness = json.readTree(get("/actuator/health/readiness", "scraper", "scraper-secret").body());
        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "db", "processEngine", "mail", "inboundMailbox");
        assertThat(readiness.at("/components/mail/status").asText()).isEqualTo("UP");
        // the reader is running against the dev mail server (UNKNOWN only until its first round)
        await().until(() -> json.readTree(get("/actuator/health/readiness", ADMIN, ADMIN_PASSWORD).body())
                .at("/components/inboundMailbox/status").asText().equals("UP"));
        JsonNode liveness = json.readTree(get("/actuator/health/liveness", "scraper", "scraper-secret").body());
        assertThat(liveness.path("components").fieldNames()).toIterable().containsExactly("livenessState");

        // last: after a wrong password Camunda holds the user's next logins back for a while
        assertThat(get("/actuator/prometheus", "scraper", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> wrongForDetails = get("/actuator/health/readiness", "scraper", "wrong");
        assertThat(json.readTree(wrongForDetails.body()).fieldNames()).toIterable().containsExactly("status");
    }

    @Test
    void everyLineOfARequestCarriesItsIdAndEngineLinesTheirProcessInstanceOnly() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try {
            String email = "ann@" + newDomain();
            HttpResponse<String> accepted = send(HttpRequest.newBuilder(uri("/api/registrations"))
                    .header("Content-Type", "application/json").header("X-Request-Id", "probe-4711")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("email", email,
                            "firstName", "Ann", "lastName", "Example", "password", GOOD_PASSWORD,
                            "companyName", "Request Id KK", "language", "en"))))
                    .build());
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.headers().firstValue("X-Request-Id")).hasValue("probe-4711");
            String registrationId = json.readTree(accepted.body()).path("registrationId").asText();

            // the code mail is sent by the job executor, for the registration's process instance
            mailbox.awaitCode(email, 1);
            // a registration's business key is its masked address (Cockpit shows no whole address)
            String businessKey = com.partnerflow.mail.EmailAddresses.masked(email);
            await().until(() -> snapshot(lines).stream().anyMatch(line -> businessKey.equals(
                    line.getMDCPropertyMap().get("businessKey"))));
            List<ILoggingEvent> all = snapshot(lines);
            assertThat(all).filteredOn(line -> "probe-4711".equals(line.getMDCPropertyMap().get("requestId")))
                    .extracting(ILoggingEvent::getFormattedMessage).anyMatch(text -> text.contains(registrationId));
            List<ILoggingEvent> engineLines = all.stream()
                    .filter(line -> line.getMDCPropertyMap().containsKey("processInstanceId")).toList();
            assertThat(engineLines).isNotEmpty();
            assertThat(engineLines).filteredOn(line -> !line.getThreadName().startsWith("http-"))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line.getMDCPropertyMap()).doesNotContainKey("requestId"));
        } finally {
            root.detachAppender(lines);
        }

        // an id that is not a plain token is replaced, not logged
        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/api/cases"))
                .header("X-Request-Id", "x\" forged=1 " + "a".repeat(80)).GET().build());
        assertThat(forged.headers().firstValue("X-Request-Id")).get().asString()
                .matches("[0-9a-f-]{36}");
    }

    private static List<ILoggingEvent> snapshot(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    private static double openSupportCases(String scrape) {
        Matcher m = Pattern.compile("(?m)^partnerflow_cases_open\\{process=\"support-case\",status=\"[A-Z_]+\"} (\\S+)$")
                .matcher(scrape);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** The value of one series of a scrape (0 when absent: a counter not yet counted). */
    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private String scrape(String user, String password) {
        HttpResponse<String> answer = get("/actuator/prometheus", user, password);
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private HttpResponse<String> get(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
