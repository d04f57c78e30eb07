package com.partnerflow.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PARTNERFLOW_LOG_FORMAT=ecs as an operator sets it: a JVM of its own (logging is set up once per
 * JVM) runs the application's configuration files and request-id filter in a small web
 * application ({@code logcheck.JsonLogApp}); every console line is a JSON object, and the lines
 * of one request carry its id.
 */
class JsonLogsTest {

    private static final Pattern TOMCAT_STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void withTheSwitchOnEveryLineIsJsonAndALinesOfARequestCarryItsId(@TempDir Path dir) throws Exception {
        File output = dir.resolve("console.log").toFile();
        // port 0: the JVM takes a free port itself and logs it, so no other process can take it first
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "logcheck.JsonLogApp",
                "--spring.profiles.active=dev", "--server.port=0");
        builder.environment().put("PARTNERFLOW_LOG_FORMAT", "ecs");
        builder.redirectErrorStream(true).redirectOutput(output);
        Process app = builder.start();
        try {
            int port;
            try {
                port = await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                        .failFast("the application's JVM ended", () -> !app.isAlive())
                        .until(() -> startedOn(output), started -> started > 0);
            } catch (ConditionTimeoutException | TerminalFailureException notServing) {
                // surefire keeps a test's output in a file; the failure's message is what CI shows
                throw new AssertionError(notServing.getMessage() + (app.isAlive() ? "" : ", exit code " + app.exitValue())
                        + "; the end of its console:\n" + tail(output, 40), notServing);
            }
            HttpRequest hello = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                    .header("X-Request-Id", "json-probe-1").build();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(hello, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Request-Id")).hasValue("json-probe-1");

            List<JsonNode> ofTheRequest = await().until(() -> lines(output).stream()
                    .filter(line -> "json-probe-1".equals(line.path("requestId").asText())).toList(), l -> l.size() >= 2);
            ofTheRequest.forEach(line -> System.out.println("JSON log line of the request: " + line));
            assertThat(ofTheRequest).extracting(line -> line.path("message").asText())
                    .contains("first line of the request", "second line of the request");
            assertThat(ofTheRequest).allSatisfy(line -> {
                assertThat(line.has("@timestamp")).isTrue();
                assertThat(line.at("/log/level").asText()).isIn("INFO", "WARN");
            });
            // the start-up lines are JSON too, and none of them carries a request id
            List<String> raw = Files.readAllLines(output.toPath(), StandardCharsets.UTF_8);
            assertThat(raw).isNotEmpty().allSatisfy(line -> assertThat(json.readTree(line).isObject()).isTrue());
            assertThat(lines(output).stream().filter(line -> line.path("message").asText().contains("Tomcat started")))
                    .isNotEmpty().allSatisfy(line -> assertThat(line.has("requestId")).isFalse());
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    /** The port of the "Tomcat started on port N" line, or 0 before it is written. */
    private int startedOn(File output) throws Exception {
        return lines(output).stream().map(line -> TOMCAT_STARTED.matcher(line.path("message").asText()))
                .filter(Matcher::find).mapToInt(m -> Integer.parseInt(m.group(1))).findFirst().orElse(0);
    }

    private static String tail(File output, int lines) throws Exception {
        List<String> all = Files.readAllLines(output.toPath(), StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private List<JsonNode> lines(File output) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output.toPath(), StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }
}
