package com.partnerflow.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.partnerflow.certifications.DevClockController;
import com.partnerflow.certifications.system.DevCertificationSeed;
import com.partnerflow.certifications.system.LocalCertificationSystem;
import com.partnerflow.config.StaffGroups;
import com.partnerflow.marketplace.DevMarketplaceSeed;
import com.partnerflow.marketplace.Marketplace;
import com.partnerflow.operations.StateGauges;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.tasks.StandardTaskCatalogue;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The README's walkthrough runs: its {@code ```bash} blocks are, verbatim and in order, the steps of
 * {@code src/test/walkthrough/walkthrough.sh}, which does nothing between them but check answers
 * and wait for asynchronous work; and that script runs to its end against this application.
 *
 * <p>The test profile has none of the development profile's tools but the mail server and its
 * mailbox, so the test provides, for this class only, what the walkthrough uses of the others: the
 * Tasklist user {@code agent}/{@code agent}, the seed data (the same seed classes the development
 * profile runs) and the development clock's two actions (registered while the script runs, gone
 * afterwards: {@code CertificationApiTest} checks the clock is off in the test profile).
 *
 * <p>Runs first ({@code @Order(1)}): the walkthrough moves the engine clock eight days on, and on a
 * fresh database that fires only the walkthrough's own timers, not those every other test left.
 */
@Order(1)
class ReadmeWalkthroughTest extends IntegrationTestBase {

    static final Path README = Path.of("README.md");
    static final Path SCRIPT = Path.of("src/test/walkthrough/walkthrough.sh");
    static final Path OUT = Path.of("target/walkthrough");
    static final String SECTION = "## Walkthrough";
    /** 40-75 s measured with the 2 cores shared by other builds; room for a slower machine. */
    static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    /** What the script may do between the README's blocks: its own checks and waits, nothing that acts. */
    static final Pattern SCRIPT_OWN_LINE = Pattern.compile(
            "\\s*|#.*|step \".*\"|say .*|check(_value)? .*|await_\\w+ .*|for \\w+ in .+; do await_\\w+ .*; done");

    @LocalServerPort
    int port;
    @Value("${partnerflow.dev-mail.smtp-port}")
    int smtpPort;
    @Autowired
    LocalCertificationSystem certificationSystem;
    @Autowired
    Marketplace marketplace;
    @Autowired
    StandardTaskCatalogue taskCatalogue;
    @Autowired
    StateGauges stateGauges;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    private final List<RequestMappingInfo> devClock = new ArrayList<>();

    @AfterEach
    void devClockGoneAndReset() {
        devClock.forEach(handlerMapping::unregisterMapping);
        devClock.clear();
        ClockUtil.reset();
    }

    @Test
    void theReadmeWalkthroughIsTheScript() throws IOException {
        List<String> blocks = walkthroughBlocks(Files.readAllLines(README, StandardCharsets.UTF_8));
        assertThat(blocks).as("```bash blocks in the README's section %s", SECTION).hasSizeGreaterThan(10);
        List<String> script = Files.readAllLines(SCRIPT, StandardCharsets.UTF_8);
        int start = script.indexOf("step \"Walkthrough\"");
        assertThat(start).as("the script's first step, step \"Walkthrough\"").isPositive();

        int at = start + 1;
        List<String> between = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            List<String> block = blocks.get(i).lines().toList();
            int found = indexOf(script, block, at);
            if (found < 0) {
                String where = indexOf(script, block, 0) >= 0 ? "is in " + SCRIPT + " but not in the README's order"
                        : "is not in " + SCRIPT + " verbatim";
                fail("README walkthrough block %d of %d, starting \"%s\", %s (after block %d).%nThe block:%n%s",
                        i + 1, blocks.size(), block.get(0), where, i, blocks.get(i));
            }
            between.addAll(script.subList(at, found));
            at = found + block.size();
        }
        between.addAll(script.subList(at, script.size()));
        assertThat(between).as("lines of %s between the README's blocks that are not the script's own checks and waits",
                SCRIPT).allMatch(line -> SCRIPT_OWN_LINE.matcher(line).matches());
    }

    @Test
    void theWalkthroughRunsAgainstTheApplication() throws Exception {
        assumeTrue(onPath("curl") && onPath("jq"), "the walkthrough script needs curl and jq on the PATH");
        provideWhatTheDevelopmentProfileWouldHave();

        Files.createDirectories(OUT);
        Path log = OUT.resolve("walkthrough.log");
        ProcessBuilder run = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        run.environment().put("PARTNERFLOW_URL", "http://localhost:" + port);
        run.environment().put("PARTNERFLOW_DEV_SMTP_PORT", String.valueOf(smtpPort));
        long started = System.nanoTime();
        Process script = run.start();
        boolean ended = script.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        String tail = output.substring(Math.max(0, output.length() - 6000));
        assertThat(ended).as("the walkthrough ended within %s; %s ends:%n%s", SCRIPT_TIMEOUT, log, tail).isTrue();
        assertThat(script.exitValue()).as("the walkthrough's exit status; %s ends:%n%s", log, tail).isZero();
        assertThat(output).contains("checks passed");
        Files.writeString(OUT.resolve("duration.txt"),
                "walkthrough.sh took " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms\n");

        scrapeMetricsForTheOperator();
    }

    /**
     * The agent the README signs in with, the seed data it uses (through the development profile's
     * own seed classes) and the development clock's actions.
     */
    private void provideWhatTheDevelopmentProfileWouldHave() throws NoSuchMethodException {
        staffUser("agent", "agent", StaffGroups.SUPPORT_AGENTS);
        new DevCertificationSeed(certificationSystem).seed();
        new DevMarketplaceSeed(marketplace).seed();
        taskCatalogue.ensure();

        DevClockController clock = new DevClockController(management, engine.getProcessEngineConfiguration());
        register(clock, "/dev/clock/advance", DevClockController.class.getMethod("advance", long.class, long.class,
                long.class));
        register(clock, "/dev/clock/reset", DevClockController.class.getMethod("reset"));
    }

    private void register(Object handler, String path, Method method) {
        RequestMappingInfo mapping = RequestMappingInfo.paths(path).methods(RequestMethod.POST)
                .options(handlerMapping.getBuilderConfiguration()).build();
        handlerMapping.registerMapping(mapping, handler, method);
        devClock.add(mapping);
    }

    /** What an operator's Prometheus reads after the walkthrough (README "Metrics, health and logs"). */
    private void scrapeMetricsForTheOperator() throws IOException, InterruptedException {
        staffUser("walkscraper", "walkscraper-secret", StaffGroups.MONITORING);
        stateGauges.refresh();
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "walkscraper:walkscraper-secret".getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).as("%s", scrape.body()).isEqualTo(200);
        Files.writeString(OUT.resolve("prometheus.txt"), scrape.body(), StandardCharsets.UTF_8);
        assertThat(scrape.body()).contains("partnerflow_registrations_completed_total", "partnerflow_cases_opened_total",
                "partnerflow_mail_sent_total");
    }

    /** The contents of the ```bash blocks of the README's walkthrough section, in order. */
    static List<String> walkthroughBlocks(List<String> readme) {
        int from = readme.indexOf(SECTION);
        assertThat(from).as("README heading %s", SECTION).isNotNegative();
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : readme.subList(from + 1, readme.size())) {
            if (block == null && line.startsWith("## ")) {
                break;
            }
            if (block == null && line.strip().startsWith("```bash")) {
                assertThat(line).as("a walkthrough block starts at the line's beginning (not indented)")
                        .isEqualTo("```bash");
                block = new StringBuilder();
            } else if (block != null && line.strip().equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        assertThat(block).as("the last ```bash block of the walkthrough is closed").isNull();
        return blocks;
    }

    private static int indexOf(List<String> lines, List<String> block, int from) {
        for (int i = from; i + block.size() <= lines.size(); i++) {
            if (lines.subList(i, i + block.size()).equals(block)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
