package com.partnerflow.benchmark;

import static com.partnerflow.benchmark.BenchmarkSupport.JSON;
import static com.partnerflow.benchmark.BenchmarkSupport.closedLoop;
import static com.partnerflow.benchmark.BenchmarkSupport.json;
import static com.partnerflow.benchmark.BenchmarkSupport.seconds;
import static com.partnerflow.benchmark.BenchmarkSupport.send;
import static com.partnerflow.benchmark.BenchmarkSupport.warmUntilCompiled;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.partnerflow.benchmark.BenchmarkSupport.ChildJvm;
import com.partnerflow.benchmark.BenchmarkSupport.Database;
import com.partnerflow.benchmark.BenchmarkSupport.Growth;
import com.partnerflow.benchmark.BenchmarkSupport.Latencies;
import com.partnerflow.benchmark.BenchmarkSupport.Throughput;
import com.partnerflow.benchmark.BenchmarkSupport.WarmUp;
import com.partnerflow.benchmark.BenchmarkSupport.WebappSession;
import com.partnerflow.mail.MailText;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The performance harness of issue 14 (README "Performance"): one run, on an embedded PostgreSQL with
 * full history, measures a bare Camunda engine with the application's engine settings
 * ({@code perfbench.bare.BareEngineApplication}) and then Partnerflow itself (production profile,
 * {@code perfbench.hooks.PartnerflowWithHooks}), each in a JVM of its own so that start-up, CPU and
 * RSS are the application's alone. Mail goes over real SMTP to a GreenMail server in this JVM (the
 * support mailbox is read over its IMAP). It prints a table and writes it to
 * {@code target/benchmark/results.md} and {@code results.json}; it asserts nothing about speed.
 * <p>
 * {@code mvn -Pbenchmark -Dbpmnlint.skip=true -Dtest=PerformanceBenchmark test [-Dbenchmark.scale=0.01]}
 * <p>
 * {@code benchmark.scale} (default 1) scales the data volumes (100,000 open cases, 100,000 timers,
 * 1,000 due at once) and the measuring windows; 0.01 is a smoke run that checks the harness works.
 * Other knobs: {@code benchmark.openCases}, {@code benchmark.bareOpenInstances} (default a tenth of the
 * cases), {@code benchmark.timers}, {@code benchmark.dueTogether} (volumes
 * apart from the scale), {@code benchmark.skipBare}, {@code benchmark.jvmOptions} (both applications' JVMs, default {@code -Xmx384m}),
 * {@code benchmark.pg.synchronousCommit} (default on, as in production), {@code benchmark.only=timers}
 * (the application only, seeding and firing the timers and nothing else: for trying a job executor
 * setting in a few minutes; results.md then has its notes and no table), {@code benchmark.only=registrations}
 * (the bare engine's levels and the application's registration levels only, with their CPU by thread and
 * the CPU rows against the target; with {@code benchmark.skipBare} the application alone: for profiling a
 * registration), {@code benchmark.warmUpClients}, {@code benchmark.warmUpJitShare},
 * {@code benchmark.warmUpMaxSeconds} and {@code benchmark.warmUpSeconds} (see {@link #warmUp}),
 * {@code benchmark.pg.statements=true} (pg_stat_statements loaded: the notes list the SQL statements
 * per registration at 2 clients; it costs the database a little CPU, so it is off for the figures).
 */
class PerformanceBenchmark {

    static final boolean TIMERS_ONLY = "timers".equals(System.getProperty("benchmark.only"));
    static final boolean STATEMENTS = Boolean.getBoolean("benchmark.pg.statements");
    static final boolean REGISTRATIONS_ONLY = "registrations".equals(System.getProperty("benchmark.only"));
    static final boolean SKIP_BARE = Boolean.getBoolean("benchmark.skipBare");
    static final boolean CDS = !"false".equals(System.getProperty("benchmark.cds"));
    static final String PASSWORD = "Bench#mark2026a";
    static final String ADMIN_PASSWORD = "bench-admin-secret";
    static final String AGENT_PASSWORD = "Agent#bench2026";
    static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");
    static final String SUPPORT_ADDRESS = "support@partnerflow.bench";
    static final int[] CLIENTS = {1, 2, 4};
    /** Open cases made through the application before the rest are copied (OpenCaseCloner). */
    static final long OPENED_CASES = Long.getLong("benchmark.openedCases", 2_000);

    final double scale = Double.parseDouble(System.getProperty("benchmark.scale", "1"));
    final Path out = Path.of("target", "benchmark").toAbsolutePath();
    final HttpClient http = BenchmarkSupport.httpClient();
    final String runId = UUID.randomUUID().toString().substring(0, 6);
    final AtomicInteger sequence = new AtomicInteger();
    final List<String[]> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Map<String, Object> figures = new LinkedHashMap<>();
    final List<String> phases = new ArrayList<>();

    EmbeddedPostgres postgres;
    long postmasterPid;
    GreenMail mail;

    /** Runs a step and notes its wall time and the CPU the application and PostgreSQL spent on it. */
    <T> T phase(String name, ChildJvm app, java.util.concurrent.Callable<T> step) throws Exception {
        long start = System.nanoTime();
        double appCpu = app.cpuSeconds();
        double dbCpu = BenchmarkSupport.postgresCpuSeconds(postmasterPid);
        try {
            return step.call();
        } finally {
            double a = app.cpuSeconds() - appCpu;
            double d = BenchmarkSupport.postgresCpuSeconds(postmasterPid) - dbCpu;
            phases.add(String.format(Locale.ROOT, "%s %s: %.0f s wall, %.1f s CPU (application %.1f, PostgreSQL %.1f)",
                    app.name, name, (System.nanoTime() - start) / 1e9, a + d, a, d));
        }
    }

    int scaled(int full, int minimum) {
        return Math.max(minimum, (int) Math.round(full * scale));
    }

    Duration window(double fullSeconds, double minimumSeconds) {
        return seconds(Math.max(minimumSeconds, fullSeconds * scale));
    }

    /**
     * Before the first level, for the baseline and the application alike: load at
     * {@code benchmark.warmUpClients} clients (default 2) until the JIT compiler's threads take under
     * {@code benchmark.warmUpJitShare} of the CPU (default 0.10) over 10 s, for 15 s to
     * {@code benchmark.warmUpMaxSeconds} (default 150; both scaled), and at least
     * {@code benchmark.warmUpSeconds}, which shows how a node that has run for longer fares.
     */
    WarmUp warmUp(String who, ChildJvm app, Callable<?> unit) throws Exception {
        Duration least = seconds(Integer.getInteger("benchmark.warmUpSeconds", 0));
        Duration min = max(window(15, 3), least);
        Duration most = max(window(Integer.getInteger("benchmark.warmUpMaxSeconds", 150), 5), min);
        int clients = Integer.getInteger("benchmark.warmUpClients", 2);
        double jitShare = Double.parseDouble(System.getProperty("benchmark.warmUpJitShare", "0.10"));
        WarmUp warmUp = phase("warm-up of " + who, app, () -> warmUntilCompiled(clients, unit, app, min, most,
                seconds(10 * Math.min(1, scale)), jitShare));
        log("%s warm-up: %s", who, warmUp);
        notes.add(String.format(Locale.ROOT, "%s warm-up before the first level, at %d client(s) until the JIT's"
                + " threads took under %.0f %%: %s", who, clients, jitShare * 100, warmUp));
        return warmUp;
    }

    @Test
    void measure() throws Exception {
        long runStart = System.nanoTime();
        Files.createDirectories(out);
        int openCases = Integer.getInteger("benchmark.openCases", scaled(100_000, 50));
        int timers = Integer.getInteger("benchmark.timers", scaled(100_000, 50));
        int dueTogether = Integer.getInteger("benchmark.dueTogether", scaled(1_000, 10));
        // the bare engine's task list is context ("beat it"), not a target: a tenth of the cases keeps
        // the run within its 15 minutes (seeding 100,000 more instances would take minutes)
        int bareOpen = Integer.getInteger("benchmark.bareOpenInstances", scaled(10_000, 50));
        notes.add(String.format(Locale.ROOT, "scale %s: %,d open cases (bare engine: %,d open instances), %,d waiting timers (%,d due at once); started %s;"
                + " machine: %d cores, %s, Java %s", scale, openCases, bareOpen, timers, dueTogether, Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"), System.getProperty("java.version")));
        startPostgres();
        startMail();
        try {
            if (TIMERS_ONLY || REGISTRATIONS_ONLY && SKIP_BARE) {
                measurePartnerflow(null, openCases, timers, dueTogether, bareOpen);
            } else {
                Bare bare = SKIP_BARE ? skippedBare() : measureBareEngine(bareOpen);
                measurePartnerflow(bare, openCases, timers, dueTogether, bareOpen);
            }
        } finally {
            mail.stop();
            postgres.close();
            notes.add(String.format(Locale.ROOT, "whole run: %.0f s", (System.nanoTime() - runStart) / 1e9));
            notes.add("steps: " + String.join("; ", phases));
            report();
        }
    }

    // ------------------------------------------------------------------ infrastructure

    void startPostgres() throws Exception {
        Path data = out.resolve("pgdata");
        // what an earlier run kept (-Dbenchmark.pg.keepData) would stop initdb
        FileSystemUtils.deleteRecursively(data);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data)
                // -Dbenchmark.pg.keepData=true: target/benchmark/pgdata stays, to try a query on what was measured
                .setCleanDataDirectory(!Boolean.getBoolean("benchmark.pg.keepData"))
                .setServerConfig("synchronous_commit", System.getProperty("benchmark.pg.synchronousCommit", "on"))
                .setServerConfig("max_connections", "100");
        // For finding what a slow figure waits on, to the server's log in target/benchmark/pg-log:
        // -Dbenchmark.pg.logOver=20, every statement slower than 20 ms with its time;
        // -Dbenchmark.pg.explainOver=200, the plan of every statement slower than 200 ms
        String logOver = System.getProperty("benchmark.pg.logOver");
        String explainOver = System.getProperty("benchmark.pg.explainOver");
        if (logOver != null || explainOver != null) {
            builder.setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", out.resolve("pg-log").toAbsolutePath().toString());
        }
        if (logOver != null) {
            builder.setServerConfig("log_min_duration_statement", logOver);
        }
        // -Dbenchmark.pg.statements=true: the statements of the registrations at 2 clients, counted
        List<String> preload = new ArrayList<>();
        if (STATEMENTS) {
            preload.add("pg_stat_statements");
            builder.setServerConfig("pg_stat_statements.track", "top"); // what clients send, not trigger-run checks
        }
        if (explainOver != null) {
            preload.add("auto_explain");
            builder.setServerConfig("auto_explain.log_min_duration", explainOver)
                    .setServerConfig("auto_explain.log_analyze", "on");
        }
        if (!preload.isEmpty()) {
            builder.setServerConfig("shared_preload_libraries", String.join(",", preload));
        }
        postgres = builder
                .setPGStartupWait(Duration.ofSeconds(60)).start();
        postmasterPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        Database admin = new Database(postgres.getJdbcUrl("postgres", "postgres"));
        admin.execute("CREATE DATABASE bare");
        admin.execute("CREATE DATABASE partnerflow");
        // the CDS training runs start on databases of their own: the measured starts find theirs empty
        admin.execute("CREATE DATABASE bare_cds");
        admin.execute("CREATE DATABASE partnerflow_cds");
        notes.add("PostgreSQL " + admin.single("SHOW server_version_num") + " (embedded, zonky), synchronous_commit="
                + System.getProperty("benchmark.pg.synchronousCommit", "on") + ", one server for both engines,"
                + " each its own database");
    }

    void startMail() {
        int smtp = BenchmarkSupport.freePort();
        int imap = BenchmarkSupport.freePort();
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(smtp, "127.0.0.1", "smtp"),
                new ServerSetup(imap, "127.0.0.1", "imap")})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        mail.setUser(SUPPORT_ADDRESS, SUPPORT_ADDRESS, "bench");
    }

    /**
     * The JVM options of an application's measured start: those of its CDS archive, which a training
     * run on a database of its own has just written (README, "Start-up"); none with
     * {@code -Dbenchmark.cds=false}.
     */
    List<String> cds(String name, List<Path> classpath, String mainClass, List<String> args, Map<String, String> env)
            throws Exception {
        if (!CDS) {
            notes.add(name + ": started without a CDS archive (benchmark.cds=false)");
            return List.of();
        }
        long start = System.nanoTime();
        Path log = out.resolve(name + "-cds-training.log");
        List<String> options = BenchmarkSupport.trainCds(classpath, mainClass, args, env, out.resolve(name + ".jsa"), log);
        double seconds = (System.nanoTime() - start) / 1e9;
        phases.add(String.format(Locale.ROOT, "%s CDS training run: %.0f s wall", name, seconds));
        notes.add(options.isEmpty()
                ? name + ": the CDS training run wrote no archive (see " + log.getFileName() + "); started without one"
                : String.format(Locale.ROOT, "%s: started with a CDS archive from a training run (start to refresh and"
                        + " exit, without an archive: %.1f s)", name, seconds));
        return options;
    }

    /** The runtime classpath (Maven writes it, see the pom's benchmark profile) plus one directory of extras. */
    List<Path> classpath(Path extras, boolean withMainClasses) throws IOException {
        Path file = Path.of("target", "benchmark", "runtime-classpath.txt");
        if (!Files.exists(file)) {
            throw new IllegalStateException("No " + file + ": run through Maven's benchmark profile (mvn -Pbenchmark ...)");
        }
        List<Path> classpath = new ArrayList<>();
        if (withMainClasses) {
            classpath.add(Path.of("target", "classes").toAbsolutePath());
        }
        classpath.add(extras);
        for (String entry : Files.readString(file).trim().split(java.io.File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        return CDS ? BenchmarkSupport.asJars(classpath, out.resolve("jars")) : classpath;
    }

    /** Copies a package's compiled classes and some resources of the test tree into a directory of their own. */
    Path extras(String name, String packagePath, String... resources) throws IOException {
        Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
        Path target = out.resolve(name);
        Path from = testClasses.resolve(packagePath);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = target.resolve(testClasses.relativize(f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (String resource : resources) {
            Path to = target.resolve(resource);
            Files.createDirectories(to.getParent());
            Files.copy(testClasses.resolve(resource), to, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    // ------------------------------------------------------------------ bare engine

    record Bare(Throughput[] throughput, double startSeconds, double rssMb, double growthPerInstance,
                Latencies[] agentTasklist) {
    }

    /** The bare engine's arguments: the application's own engine settings, and its database and port. */
    static List<String> bareArgs(String databaseUrl, int port) {
        return List.of(
                // the application's own engine settings: its application.yml, with only these on top
                "--spring.config.additional-location=file:" + Path.of("target", "classes", "application.yml").toAbsolutePath(),
                "--server.port=" + port,
                "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=bench",
                "--spring.flyway.enabled=false",
                // the readiness group names Partnerflow's mail contributors, which the bare engine has not
                "--management.endpoint.health.group.readiness.include=readinessState,db,processEngine",
                "--camunda.bpm.deployment-resource-pattern=classpath*:benchmark/baseline.bpmn",
                "--benchmark.agent-password=" + AGENT_PASSWORD);
    }

    Bare measureBareEngine(int openInstances) throws Exception {
        Path extras = extras("bare-classes", "perfbench/bare", "perfbench/Batches.class", "benchmark/baseline.bpmn");
        int port = BenchmarkSupport.freePort();
        Database db = new Database(postgres.getJdbcUrl("postgres", "bare"));
        List<Path> classpath = classpath(extras, false);
        Map<String, String> env = Map.of("PARTNERFLOW_ADMIN_PASSWORD", ADMIN_PASSWORD);
        List<String> cds = cds("bare-engine", classpath, "perfbench.bare.BareEngineApplication",
                bareArgs(postgres.getJdbcUrl("postgres", "bare_cds"), BenchmarkSupport.freePort()), env);
        List<String> args = bareArgs(db.url, port);
        try (ChildJvm bare = new ChildJvm("bare-engine", port,
                BenchmarkSupport.javaCommand(classpath, "perfbench.bare.BareEngineApplication", args, cds),
                env, out.resolve("bare-engine.log"))) {
            double start = bare.awaitReady(http, Duration.ofMinutes(10));
            log("bare engine ready after %.1f s", start);
            phases.add(String.format(Locale.ROOT, "bare-engine start-up: %.0f s wall, %.0f s CPU (application)", start,
                    bare.cpuSeconds()));
            String rest = bare.base() + "/engine-rest";
            Throughput[] throughput = new Throughput[CLIENTS.length];
            long sizeBefore = db.size();
            Map<String, Long> tablesBefore = db.tableSizes();
            int total = 0;
            Callable<Object> instance = () -> {
                baselineInstance(rest);
                return null;
            };
            warmUp("bare engine", bare, instance);
            for (int i = 0; i < CLIENTS.length; i++) {
                throughput[i] = closedLoop(CLIENTS[i], window(5, 1), window(15, 2), instance, bare, postmasterPid);
                log("bare engine, %d client(s): %s", CLIENTS[i], throughput[i]);
                notes.add("bare engine CPU by thread, " + CLIENTS[i] + " client(s), ms per instance: "
                        + throughput[i].threadCpuPerUnit());
                total += throughput[i].units();
            }
            // every instance ran to its end: those of the warm-ups and the windows' edges too
            long ended = db.single("SELECT count(*) FROM act_hi_procinst WHERE end_time_ IS NOT NULL");
            Growth growth = Growth.between(db, sizeBefore, tablesBefore, (int) ended);
            notes.add("bare engine growth per completed instance (" + ended + "): " + growth.topTables(6));
            notes.add("bare engine idle CPU after its levels: " + BenchmarkSupport.idleCpu(bare, window(15, 3)));
            if (REGISTRATIONS_ONLY) {
                // its levels are the registrations' baseline; the task list is not needed
                return new Bare(throughput, start, bare.rssMb(), growth.perUnit(), null);
            }
            phase("seeding " + openInstances + " open instances", bare, () -> send(http, HttpRequest.newBuilder(
                    URI.create(bare.base() + "/bench/open-instances?count=" + openInstances))
                    .timeout(Duration.ofHours(1)).POST(HttpRequest.BodyPublishers.noBody()).build(), 200));
            log("bare engine: %,d open instances seeded", openInstances);
            Latencies[] agent = phase("Tasklist", bare, () -> tasklist(bare.base(), "agent", AGENT_PASSWORD,
                    "Support cases"));
            double rss = bare.rssMb();
            return new Bare(throughput, start, rss, growth.perUnit(), agent);
        }
    }

    /** For trying the harness's Partnerflow half alone ({@code -Dbenchmark.skipBare=true}): no baseline. */
    Bare skippedBare() {
        notes.add("bare engine SKIPPED (-Dbenchmark.skipBare=true): no baseline, no ratios, no CPU target");
        Throughput none = new Throughput(0, 0, 1, Double.NaN, Double.NaN, 0, null, Double.NaN, "");
        Latencies empty = new Latencies();
        return new Bare(new Throughput[] {none, none, none}, Double.NaN, Double.NaN, Double.NaN,
                new Latencies[] {empty, empty});
    }

    /** Start, the service task runs, the user task waits; the client finds it and completes it. */
    void baselineInstance(String rest) {
        String id = send(http, json(rest + "/process-definition/key/baseline/start",
                Map.of("businessKey", "b-" + sequence.incrementAndGet(),
                        "variables", Map.of("requestedBy", Map.of("value", "bench", "type", "String")))).build(), 200)
                .get("id").asText();
        JsonNode tasks = send(http, HttpRequest.newBuilder(URI.create(rest + "/task?processInstanceId=" + id))
                .header("Accept", "application/json").GET().build(), 200);
        String task = tasks.get(0).get("id").asText();
        send(http, json(rest + "/task/" + task + "/complete", Map.of()).build(), 204);
    }

    // ------------------------------------------------------------------ Partnerflow

    void measurePartnerflow(Bare bare, int openCases, int timers, int dueTogether, int bareOpen) throws Exception {
        Path extras = extras("partnerflow-hooks", "perfbench/hooks", "perfbench/Batches.class", "benchmark/bench-timer.bpmn");
        int port = BenchmarkSupport.freePort();
        Database db = new Database(postgres.getJdbcUrl("postgres", "partnerflow"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "postgres");
        env.put("SPRING_DATASOURCE_URL", db.url);
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("SPRING_DATASOURCE_PASSWORD", "bench");
        env.put("SPRING_MAIL_HOST", "127.0.0.1");
        env.put("SPRING_MAIL_PORT", String.valueOf(mail.getSmtp().getPort()));
        env.put("SPRING_MAIL_SMTP_AUTH", "false");
        env.put("SPRING_MAIL_STARTTLS", "false");
        env.put("PARTNERFLOW_PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        env.put("PARTNERFLOW_MAIL_FROM", "Partnerflow <no-reply@partnerflow.bench>");
        env.put("PARTNERFLOW_SUPPORT_ADDRESS", SUPPORT_ADDRESS);
        env.put("PARTNERFLOW_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("PARTNERFLOW_INBOUND_MAIL_ENABLED", "true");
        env.put("PARTNERFLOW_INBOUND_MAIL_HOST", "127.0.0.1");
        env.put("PARTNERFLOW_INBOUND_MAIL_PORT", String.valueOf(mail.getImap().getPort()));
        env.put("PARTNERFLOW_INBOUND_MAIL_PROTOCOL", "imap");
        env.put("PARTNERFLOW_INBOUND_MAIL_USERNAME", SUPPORT_ADDRESS);
        env.put("PARTNERFLOW_INBOUND_MAIL_PASSWORD", "bench");
        List<String> args = new ArrayList<>(List.of("--server.port=" + port));
        // every registration comes from 127.0.0.1: the per-source limits would stop the benchmark, not a user
        for (String group : List.of("sign-in", "registration", "password-reset", "code-requests")) {
            args.add("--partnerflow.rate-limits.groups." + group + ".capacity=100000000");
            args.add("--partnerflow.rate-limits.groups." + group + ".refill-period=PT1S");
        }
        notes.add("Partnerflow: production profile (postgres), its application.yml as it is, except the per-source"
                + " rate limits raised (all load comes from 127.0.0.1); SMTP and IMAP: GreenMail in the harness JVM");
        List<Path> classpath = classpath(extras, true);
        Map<String, String> trainingEnv = new LinkedHashMap<>(env);
        trainingEnv.put("SPRING_DATASOURCE_URL", postgres.getJdbcUrl("postgres", "partnerflow_cds"));
        List<String> trainingArgs = new ArrayList<>(args);
        trainingArgs.set(0, "--server.port=" + BenchmarkSupport.freePort());
        List<String> cds = cds("partnerflow", classpath, "perfbench.hooks.PartnerflowWithHooks", trainingArgs, trainingEnv);
        try (ChildJvm app = new ChildJvm("partnerflow", port,
                BenchmarkSupport.javaCommand(classpath, "perfbench.hooks.PartnerflowWithHooks", args, cds),
                env, out.resolve("partnerflow.log"))) {
            double start = app.awaitReady(http, Duration.ofMinutes(10));
            log("Partnerflow ready after %.1f s", start);
            phases.add(String.format(Locale.ROOT, "partnerflow start-up: %.0f s wall, %.0f s CPU (application)", start,
                    app.cpuSeconds()));
            JsonNode hash = send(http, HttpRequest.newBuilder(URI.create(app.base() + "/bench/password-hash-cpu?n=10"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
            double hashMillis = hash.get("millisPerHash").asDouble();
            notes.add(String.format(Locale.ROOT, "one password hash by the application's encoder (%s): %.1f ms CPU",
                    hash.get("encoder").asText(), hashMillis));

            if (TIMERS_ONLY) {
                JsonNode seeded = seedTimers(app, timers, dueTogether);
                fireTimers(app, db, seeded, dueTogether);
                return;
            }

            // registrations end to end
            List<String> registered = new ArrayList<>();
            long sizeBefore = db.size();
            Map<String, Long> tablesBefore = db.tableSizes();
            Throughput[] registrations = new Throughput[CLIENTS.length];
            double[] levelHashMillis = new double[CLIENTS.length];
            AtomicInteger registeredCount = new AtomicInteger();
            Callable<Object> registration = () -> {
                String email = register(app.base());
                registeredCount.incrementAndGet();
                synchronized (registered) {
                    registered.add(email);
                }
                return null;
            };
            warmUp("Partnerflow", app, registration);
            mail.purgeEmailFromAllMailboxes();
            for (int i = 0; i < CLIENTS.length; i++) {
                int registeredBefore = registeredCount.get();
                if (STATEMENTS && CLIENTS[i] == 2) {
                    db.resetStatements();
                }
                JsonNode hashesBefore = passwordHashes(app);
                registrations[i] = closedLoop(CLIENTS[i], window(5, 2), window(15, 5), registration, app, postmasterPid);
                levelHashMillis[i] = hashMillisSince(app, hashesBefore, registeredCount.get() - registeredBefore, CLIENTS[i]);
                if (STATEMENTS && CLIENTS[i] == 2) {
                    db.awaitQuiet(Duration.ofMinutes(2)); // the last ones' welcome mails too
                    notes.add("Partnerflow SQL, registrations at 2 clients: "
                            + db.statementsPerUnit(registeredCount.get() - registeredBefore, 30));
                }
                log("Partnerflow, %d client(s): %s", CLIENTS[i], registrations[i]);
                notes.add("Partnerflow CPU by thread, " + CLIENTS[i] + " client(s), ms per registration: "
                        + registrations[i].threadCpuPerUnit());
                mail.purgeEmailFromAllMailboxes();
            }
            db.awaitQuiet(Duration.ofMinutes(2));
            notes.add("Partnerflow idle CPU after the registrations: " + BenchmarkSupport.idleCpu(app, window(15, 3)));
            if (REGISTRATIONS_ONLY) {
                for (int i = 0; i < CLIENTS.length; i++) {
                    Throughput t = registrations[i];
                    notes.add(String.format(Locale.ROOT, "%d client(s): %.2f registrations/s, %.1f ms CPU each"
                            + " (%.1f without the JIT's threads; %.1f after the hash as it cost in the level), %d errors",
                            t.clients(), t.perSecond(), t.appCpuMillisPerUnit(), t.appCpuMillisPerUnitWithoutJit(),
                            t.appCpuMillisPerUnit() - levelHashMillis[i], t.errors()));
                }
                if (bare != null) { // this run's baseline and hashes: the table's CPU rows
                    cpuRows("JVM CPU, the hash as it cost in the level", bare, registrations, levelHashMillis,
                            Throughput::appCpuMillisPerUnit);
                    cpuRows("JVM CPU without the JIT compiler's threads, the hash as it cost in the level", bare,
                            registrations, levelHashMillis, Throughput::appCpuMillisPerUnitWithoutJit);
                }
                notes.add(registeredCount.get() + " registrations, " + earlyVerifications.get()
                        + " verifications retried because the code's job had not committed yet");
                return;
            }
            Growth perRegistration = Growth.between(db, sizeBefore, tablesBefore, registeredCount.get());
            notes.add("Partnerflow growth per registration (" + registeredCount.get() + "), largest tables in bytes: "
                    + perRegistration.topTables(8));

            // partner API at 50 requests per second
            List<Partner> partners = partners(app.base(), registered.subList(0, Math.min(10, registered.size())));
            db.awaitQuiet(Duration.ofMinutes(2));
            Latencies api = phase("partner API", app, () -> openLoop(app.base(), partners, 50, window(30, 3),
                    window(5, 1)));
            log("partner API: p50 %.1f p99 %.1f max %.1f ms, %d requests, %d errors", api.percentile(50),
                    api.percentile(99), api.max(), api.count(), api.errors.get());

            // database growth per case opened through the API (confirmation mail included)
            db.awaitQuiet(Duration.ofMinutes(2));
            mail.purgeEmailFromAllMailboxes();
            int growthCases = scaled(200, 10);
            long casesSizeBefore = db.size();
            Map<String, Long> casesTablesBefore = db.tableSizes();
            for (int i = 0; i < growthCases; i++) {
                openCase(app.base(), partners.get(i % partners.size()), "Growth " + i);
            }
            db.awaitQuiet(Duration.ofMinutes(2));
            Growth perCase = Growth.between(db, casesSizeBefore, casesTablesBefore, growthCases);
            notes.add("Partnerflow growth per case (" + growthCases + "), largest tables in bytes: " + perCase.topTables(8));
            mail.purgeEmailFromAllMailboxes();

            // timers at scale
            JsonNode seeded = seedTimers(app, timers, dueTogether);
            Throughput withTimers = closedLoop(2, window(5, 2), window(15, 5), () -> {
                register(app.base());
                return null;
            }, app, postmasterPid);
            log("Partnerflow, 2 clients, timers waiting: %s", withTimers);
            mail.purgeEmailFromAllMailboxes();
            double fired = fireTimers(app, db, seeded, dueTogether);

            // the agent's task list with the open cases
            db.awaitQuiet(Duration.ofMinutes(2));
            long open = db.single("SELECT count(*) FROM act_ru_task WHERE task_def_key_ = 'Task_WorkCase'");
            // at most OPENED_CASES through the application, the rest as copies of their runtime rows
            long opened = Math.min(openCases - open, OPENED_CASES);
            if (opened > 0) {
                JsonNode cases = phase("seeding " + opened + " open cases", app, () -> send(http,
                        HttpRequest.newBuilder(URI.create(app.base() + "/bench/open-cases?count=" + opened))
                        .timeout(Duration.ofHours(1)).POST(HttpRequest.BodyPublishers.noBody()).build(), 200));
                log("Partnerflow: %,d open cases seeded in %d ms", opened, cases.get("millis").asLong());
                open += opened;
            }
            if (open < openCases) {
                long template = open;
                int copies = (int) ((openCases - open + template - 1) / template);
                long total = phase("copying " + template + " open cases " + copies + " times", app,
                        () -> OpenCaseCloner.cloneWaitingAt(db, "Task_WorkCase", copies));
                notes.add(String.format(Locale.ROOT, "open cases: %,d opened through the application, then their"
                        + " runtime rows copied %d times in SQL (OpenCaseCloner) to %,d", template, copies, total));
                log("Partnerflow: %,d open cases after copying", total);
            }
            send(http, HttpRequest.newBuilder(URI.create(app.base() + "/bench/agent?id=agent&password="
                    + java.net.URLEncoder.encode(AGENT_PASSWORD, java.nio.charset.StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
            Latencies[] agent = phase("Tasklist as agent", app, () -> tasklist(app.base(), "agent", AGENT_PASSWORD,
                    "Support cases"));
            Latencies[] admin = phase("Tasklist as admin", app, () -> tasklist(app.base(), "admin", ADMIN_PASSWORD,
                    "Support cases"));
            double rss = app.rssMb();

            table(bare, registrations, hashMillis, levelHashMillis, api, agent, admin, fired, withTimers, start, rss,
                    perRegistration, perCase, dueTogether, openCases, bareOpen);
        }
    }

    /**
     * Moves the application's engine clock past the instant {@code dueTogether} timers wait for and
     * answers the seconds until the last has fired. Counted on the timers' jobs by due date (the
     * index config.JobAcquisitionIndex makes), not on history, and over one connection: a count
     * over the history's 100,000 instances, or a new connection, every 100 ms took CPU from the job
     * executor it measured.
     */
    static final String TIMERS_DUE = "SELECT count(*) FROM act_ru_job WHERE duedate_ <= ? AND process_def_key_ = 'bench-timer'";

    /** The timers' instances, {@code dueTogether} of them due at one instant and as many a day before (the warm-up). */
    JsonNode seedTimers(ChildJvm app, int timers, int dueTogether) throws Exception {
        JsonNode seeded = phase("seeding " + timers + " timers", app, () -> send(http, HttpRequest.newBuilder(
                URI.create(app.base() + "/bench/timers?count=" + timers + "&dueTogether=" + dueTogether
                        + "&warmUp=" + dueTogether))
                .timeout(Duration.ofHours(1)).POST(HttpRequest.BodyPublishers.noBody()).build(), 200));
        log("Partnerflow: %,d timers seeded in %d ms", timers, seeded.get("millis").asLong());
        return seeded;
    }

    /**
     * Fires the warm-up timers first, unmeasured: a node that has run for a while has the firing path
     * compiled, while right after seeding the JIT compiler took 40 % of the application's CPU as the
     * measured ones fired (JFR, per thread). Then moves the clock past the measured instant.
     */
    double fireTimers(ChildJvm app, Database db, JsonNode seeded, int dueTogether) throws Exception {
        db.awaitQuiet(Duration.ofMinutes(2));
        java.sql.Timestamp warmedUp = new java.sql.Timestamp(seeded.get("warmUpAt").asLong() + 1000);
        double warmUp = timeUntilFired(app, db, warmedUp);
        notes.add(String.format(Locale.ROOT, "timers: %d warm-up timers due a day earlier fired first, in %.1f s"
                + " (not measured)", dueTogether, warmUp));
        db.awaitQuiet(Duration.ofMinutes(2));
        java.sql.Timestamp past = new java.sql.Timestamp(seeded.get("dueAt").asLong() + 1000);
        long otherDue = db.single("SELECT count(*) FROM act_ru_job WHERE duedate_ <= ? AND process_def_key_ <> 'bench-timer'",
                past);
        long waiting = db.single(TIMERS_DUE, past);
        if (waiting != dueTogether) {
            throw new IllegalStateException(waiting + " bench-timer jobs due at the instant, not " + dueTogether);
        }
        double cpuBefore = app.cpuSeconds();
        double dbCpuBefore = BenchmarkSupport.postgresCpuSeconds(postmasterPid);
        double fired = timeUntilFired(app, db, past);
        long ended = db.single("SELECT count(*) FROM act_hi_procinst WHERE proc_def_key_ = 'bench-timer' AND end_time_ IS NOT NULL");
        if (ended < 2L * dueTogether) { // the warm-up's and the measured ones
            throw new IllegalStateException("the timers' jobs are gone but only " + ended + " instances ended");
        }
        double cpu = app.cpuSeconds() - cpuBefore;
        double dbCpu = BenchmarkSupport.postgresCpuSeconds(postmasterPid) - dbCpuBefore;
        log("Partnerflow: %d timers fired %.1f s after the clock reached them; CPU per timer: application %.1f ms,"
                + " PostgreSQL %.1f ms", dueTogether, fired, cpu * 1000 / dueTogether, dbCpu * 1000 / dueTogether);
        notes.add(String.format(Locale.ROOT, "timers: the engine clock was moved past the instant %d bench-timer instances"
                + " waited for; other jobs due then as well: %d; CPU while they fired (and until the clock was put"
                + " back): application %.1f s, PostgreSQL %.1f s", dueTogether, otherDue, cpu, dbCpu));
        return fired;
    }

    /** Moves the engine clock to {@code at}; the seconds until no bench-timer job due by then is left; the clock back. */
    double timeUntilFired(ChildJvm app, Database db, java.sql.Timestamp at) throws Exception {
        // one connection for all looks: a new one each 100 ms cost PostgreSQL more than the query
        try (java.sql.Connection poll = db.connect(); java.sql.PreparedStatement left = poll.prepareStatement(TIMERS_DUE)) {
            left.setTimestamp(1, at);
            long clockMoved = System.nanoTime();
            send(http, HttpRequest.newBuilder(URI.create(app.base() + "/bench/clock?at=" + at.getTime()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try (java.sql.ResultSet result = left.executeQuery()) {
                    result.next();
                    return result.getLong(1) == 0;
                }
            });
            return (System.nanoTime() - clockMoved) / 1e9;
        } finally {
            send(http, HttpRequest.newBuilder(URI.create(app.base() + "/bench/clock"))
                    .DELETE().build(), 200);
        }
    }

    record Partner(String email, String token, String caseNumber) {
    }

    /** Verifications answered "code not sent yet" (the code's mail arrived before its job committed), retried. */
    final AtomicInteger earlyVerifications = new AtomicInteger();

    /** One registration over HTTP and SMTP: request, code mail, verification, welcome mail. Answers the address. */
    String register(String base) throws Exception {
        int n = sequence.incrementAndGet();
        String domain = "reg-" + runId + "-" + n + ".example";
        String email = "lead@" + domain;
        String id = send(http, json(base + "/api/registrations", Map.of("email", email, "firstName", "Ann",
                "lastName", "Example", "password", PASSWORD, "companyName", "Company " + domain, "language", "en"))
                .build(), 202).get("registrationId").asText();
        String code = codeIn(awaitMail(email, 1));
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            HttpResponse<String> verified = http.send(json(base + "/api/registrations/" + id + "/verification",
                    Map.of("code", code)).build(), HttpResponse.BodyHandlers.ofString());
            if (verified.statusCode() == 409 && verified.body().contains("code-not-sent-yet")) {
                earlyVerifications.incrementAndGet();
                return false; // the mail arrived a moment before its transaction committed
            }
            if (verified.statusCode() != 200) {
                throw new IllegalStateException("verification answered " + verified.statusCode() + ": " + verified.body());
            }
            return true;
        });
        awaitMail(email, 2); // the welcome mail
        return email;
    }

    jakarta.mail.internet.MimeMessage awaitMail(String address, int n) {
        return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    GreenMailUser user = mail.getUserManager().getUserByEmail(address);
                    if (user == null) {
                        return null;
                    }
                    List<StoredMessage> messages = mail.getManagers().getImapHostManager().getInbox(user).getMessages();
                    return messages.size() >= n ? messages.get(n - 1).getMimeMessage() : null;
                }, m -> m != null);
    }

    static String codeIn(jakarta.mail.internet.MimeMessage message) throws Exception {
        Matcher m = CODE.matcher(MailText.plainText(message));
        if (!m.find()) {
            throw new IllegalStateException("no security code in the mail");
        }
        return m.group(1);
    }

    /** Registered partners signed in, each with one case of their own to read. */
    List<Partner> partners(String base, List<String> emails) {
        List<Partner> partners = new ArrayList<>();
        for (String email : emails) {
            String token = send(http, json(base + "/api/sessions", Map.of("email", email, "password", PASSWORD)).build(),
                    201).get("token").asText();
            Partner partner = new Partner(email, token, null);
            partners.add(new Partner(email, token, openCase(base, partner, "First question")));
        }
        return partners;
    }

    String openCase(String base, Partner partner, String subject) {
        return send(http, json(base + "/api/cases", Map.of("caseType", "Partner Central", "questionType", "Account",
                "subject", subject, "description", "How do we add a second domain to our account?"))
                .header("Authorization", "Bearer " + partner.token()).build(), 201).get("caseNumber").asText();
    }

    /**
     * Requests at fixed intended times ({@code rate} per second), whatever the answers do; each latency
     * is counted from its intended time, so a stall delays the requests behind it and shows (no
     * coordinated omission). The mix per ten: 3 case lists, 3 case reads, 2 account user lists, 2 new cases.
     */
    Latencies openLoop(String base, List<Partner> partners, int rate, Duration window, Duration warmUp)
            throws Exception {
        Latencies latencies = new Latencies();
        long period = 1_000_000_000L / rate;
        int warmUpRequests = (int) (warmUp.toNanos() / period);
        int total = warmUpRequests + (int) (window.toNanos() / period);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<?>> inFlight = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger tick = new AtomicInteger();
        long t0 = System.nanoTime() + 50_000_000L;
        CompletableFuture<Void> scheduled = new CompletableFuture<>();
        scheduler.scheduleAtFixedRate(() -> {
            int i = tick.getAndIncrement();
            if (i >= total) {
                scheduled.complete(null);
                throw new IllegalStateException("done"); // ends the schedule
            }
            long intended = t0 + i * period;
            Partner p = partners.get(i % partners.size());
            HttpRequest request = switch (i % 10) {
                case 0, 3, 6 -> HttpRequest.newBuilder(URI.create(base + "/api/cases")).GET().build();
                case 1, 4, 7 -> HttpRequest.newBuilder(URI.create(base + "/api/cases/" + p.caseNumber())).GET().build();
                case 2, 5 -> HttpRequest.newBuilder(URI.create(base + "/api/account/users")).GET().build();
                default -> json(base + "/api/cases", Map.of("caseType", "Partner Central", "questionType", "Account",
                        "subject", "Load " + i, "description", "Opened under load")).build();
            };
            HttpRequest authorized = HttpRequest.newBuilder(request, (n, v) -> true)
                    .header("Authorization", "Bearer " + p.token()).timeout(Duration.ofSeconds(30)).build();
            inFlight.add(http.sendAsync(authorized, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                double ms = (System.nanoTime() - intended) / 1e6;
                if (e != null || r.statusCode() >= 300) {
                    latencies.error(e != null ? e.toString() : request.method() + " " + request.uri().getPath() + " "
                            + r.statusCode());
                } else if (i >= warmUpRequests) {
                    latencies.add(ms);
                }
            }));
        }, t0 - System.nanoTime(), period, TimeUnit.NANOSECONDS);
        scheduled.get(window.toSeconds() + warmUp.toSeconds() + 60, TimeUnit.SECONDS);
        scheduler.shutdown();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
                .get(60, TimeUnit.SECONDS);
        return latencies;
    }

    /**
     * What Tasklist asks when the user opens a filter, as this user: the first page (15 tasks, newest
     * first, the HAL form Tasklist reads, which carries the total count too) and the count it shows
     * beside the filter. See {@link #repeat}. Answers
     * [first page, count].
     */
    Latencies[] tasklist(String base, String user, String password, String filterName) {
        WebappSession session = new WebappSession(base, user, password);
        JsonNode filters;
        try {
            filters = JSON.readTree(session.call("GET", "/camunda/api/engine/engine/default/filter?resourceType=Task",
                    null, "application/json", 200).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String filterId = null;
        for (JsonNode f : filters) {
            if (filterName == null || filterName.equals(f.get("name").asText())) {
                filterId = f.get("id").asText();
            }
        }
        if (filterId == null) {
            throw new IllegalStateException(user + " sees no filter " + filterName + ": " + filters);
        }
        String list = "/camunda/api/engine/engine/default/filter/" + filterId + "/list?firstResult=0&maxResults=15";
        String listBody = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],"
                + "\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}";
        String count = "/camunda/api/engine/engine/default/filter/" + filterId + "/count";
        Latencies page = repeat(() -> session.call("POST", list, listBody, "application/hal+json", 200));
        Latencies counted = repeat(() -> session.call("POST", count, "{}", "application/json", 200));
        log("Tasklist as %s at %s: first page p50 %.0f p95 %.0f ms (n=%d), count p50 %.0f p95 %.0f ms (n=%d)", user,
                base, page.percentile(50), page.percentile(95), page.count(), counted.percentile(50),
                counted.percentile(95), counted.count());
        return new Latencies[] {page, counted};
    }

    /**
     * The call repeated for up to 20 s or 50 times, at least twice, after one warm-up call. A warm-up
     * slower than 2 s counts as a sample (a query that slow is not made slow by a cold JIT), and one
     * slower than 10 s is the only sample: the figure is then an order of magnitude, not a p95, and
     * the run does not spend minutes on it.
     */
    static Latencies repeat(Runnable call) {
        Latencies latencies = new Latencies();
        long warmUp = System.nanoTime();
        call.run();
        double warmUpMillis = (System.nanoTime() - warmUp) / 1e6;
        if (warmUpMillis > 2000) {
            latencies.add(warmUpMillis);
        }
        if (warmUpMillis > 10_000) {
            return latencies;
        }
        long until = System.nanoTime() + 20_000_000_000L;
        while (latencies.count() < 2 || (latencies.count() < 50 && System.nanoTime() < until)) {
            long start = System.nanoTime();
            call.run();
            latencies.add((System.nanoTime() - start) / 1e6);
        }
        return latencies;
    }

    // ------------------------------------------------------------------ the table

    /** The password encoder's calls and their CPU so far (the benchmark's hook counts them, see PartnerflowWithHooks). */
    JsonNode passwordHashes(ChildJvm app) throws Exception {
        return send(http, HttpRequest.newBuilder(URI.create(app.base() + "/bench/password-hashes")).GET().build(), 200);
    }

    /** The CPU of one password hash during a level, read by the encoder's callers on their own threads. */
    double hashMillisSince(ChildJvm app, JsonNode before, int registered, int clients) throws Exception {
        JsonNode after = passwordHashes(app);
        long calls = after.get("calls").asLong() - before.get("calls").asLong();
        double millis = calls == 0 ? Double.NaN : (after.get("cpuNanos").asLong() - before.get("cpuNanos").asLong()) / 1e6 / calls;
        notes.add(String.format(Locale.ROOT, "password hashes during the %d-client level (its warm-up included):"
                + " %d for %d registrations, %.1f ms CPU each", clients, calls, registered, millis));
        return millis;
    }

    void table(Bare bare, Throughput[] registrations, double hashMillis, double[] levelHashMillis, Latencies api, Latencies[] agent,
               Latencies[] admin, double fired, Throughput withTimers, double start, double rss,
               Growth perRegistration, Growth perCase, int dueTogether, int openCases, int bareOpen) {
        for (int i = 0; i < CLIENTS.length; i++) {
            Throughput b = bare.throughput()[i];
            Throughput p = registrations[i];
            row("throughput, " + CLIENTS[i] + " client(s): instances/s, registrations/s", b.perSecond(),
                    p.perSecond(), "", null);
        }
        double[] startUpHash = new double[CLIENTS.length];
        java.util.Arrays.fill(startUpHash, hashMillis);
        cpuRows("JVM CPU", bare, registrations, startUpHash, Throughput::appCpuMillisPerUnit);
        // the same without the JIT compiler's threads: what the code costs once compiled (both
        // JVMs are still compiling in these windows, the application for longer)
        cpuRows("JVM CPU without the JIT compiler's threads", bare, registrations, startUpHash,
                Throughput::appCpuMillisPerUnitWithoutJit);
        // the hash as it cost during the level, read under the same load as the baseline beside it
        // (the rows above take the one read at start-up, on an idle machine)
        cpuRows("JVM CPU, the hash as it cost in the level", bare, registrations, levelHashMillis,
                Throughput::appCpuMillisPerUnit);
        for (int i = 0; i < CLIENTS.length; i++) {
            row("PostgreSQL CPU, " + CLIENTS[i] + " client(s): ms per instance, per registration", bare.throughput()[i].dbCpuMillisPerUnit(),
                    registrations[i].dbCpuMillisPerUnit(), "", null);
        }
        row("partner API at 50 req/s, p50 (ms)", Double.NaN, api.percentile(50), "", null);
        row("partner API at 50 req/s, p99 (ms)", Double.NaN, api.percentile(99), "≤ 50", api.percentile(99) <= 50);
        row("partner API at 50 req/s, max (ms)", Double.NaN, api.max(), "", null);
        // at different volumes the two columns are no ratio: it is left out unless they are the same
        boolean sameVolume = bareOpen == openCases;
        String open = sameVolume ? String.format(Locale.ROOT, "%,d open", openCases)
                : String.format(Locale.ROOT, "bare at %,d open, Partnerflow at %,d", bareOpen, openCases);
        row("Tasklist Support cases, first page, agent, p95 (ms), " + open, agent(bare.agentTasklist(), 0),
                agent[0].percentile(95), "≤ 200", agent[0].percentile(95) <= 200, sameVolume);
        row("Tasklist Support cases, count, agent, p95 (ms), " + open, agent(bare.agentTasklist(), 1),
                agent[1].percentile(95), "≤ 200", agent[1].percentile(95) <= 200, sameVolume);
        open = String.format(Locale.ROOT, "%,d open", openCases);
        row("Tasklist Support cases, first page, admin, p95 (ms), " + open, Double.NaN, admin[0].percentile(95),
                "", null);
        row("Tasklist Support cases, count, admin, p95 (ms), " + open, Double.NaN, admin[1].percentile(95), "", null);
        row(String.format(Locale.ROOT, "timers: %,d due at once, seconds until all fired", dueTogether), Double.NaN,
                fired, "≤ 5", fired <= 5);
        double ratio = withTimers.perSecond() / registrations[1].perSecond();
        row("start throughput with the timers waiting ÷ without (registrations/s, 2 clients)", Double.NaN, ratio,
                "≥ 0.9", ratio >= 0.9);
        rows.add(new String[] {"reply latency (median, worst of 100)", "—",
                "not measured here: ReplyLatencyBenchmark", "", "", ""});
        row("start-up to healthy (s)", bare.startSeconds(), start, "≤ 10", start <= 10);
        row("RSS after load (MB)", bare.rssMb(), rss, "≤ 700", rss <= 700);
        row("database growth: bytes per completed instance, per registration", bare.growthPerInstance(),
                perRegistration.perUnit(), "", null);
        row("database growth: bytes per case opened through the API", Double.NaN, perCase.perUnit(), "", null);
        notes.add(String.format(Locale.ROOT, "registrations at 2 clients with timers waiting: %.2f/s (%d errors);"
                + " partner API: %d requests measured, %d errors%s", withTimers.perSecond(), withTimers.errors(),
                api.count(), api.errors.get(), api.firstError == null ? "" : " (first: " + api.firstError + ")"));
        for (Throughput t : registrations) {
            if (t.errors() > 0) {
                notes.add("registration errors at " + t.clients() + " client(s): " + t.errors() + ", first: " + t.firstError());
            }
        }
        for (Throughput t : bare.throughput()) {
            if (t.errors() > 0) {
                notes.add("baseline errors at " + t.clients() + " client(s): " + t.errors() + ", first: " + t.firstError());
            }
        }
        notes.add(String.format(Locale.ROOT, "Tasklist samples: bare agent %d/%d, Partnerflow agent %d/%d (first page/count)",
                bare.agentTasklist()[0].count(), bare.agentTasklist()[1].count(), agent[0].count(), agent[1].count()));
    }

    static double agent(Latencies[] latencies, int i) {
        return latencies == null ? Double.NaN : latencies[i].percentile(95);
    }

    /** One row per client count: CPU per unit as {@code perUnit} reads it, against one hash + 4 × the baseline's. */
    void cpuRows(String label, Bare bare, Throughput[] registrations, double[] hashMillisByLevel,
                 java.util.function.ToDoubleFunction<Throughput> perUnit) {
        for (int i = 0; i < CLIENTS.length; i++) {
            double b = perUnit.applyAsDouble(bare.throughput()[i]);
            double p = perUnit.applyAsDouble(registrations[i]);
            double hashMillis = hashMillisByLevel[i];
            double target = hashMillis + 4 * b;
            row(label + ", " + CLIENTS[i] + " client(s): ms per instance, per registration", b, p,
                    Double.isNaN(target) ? "≤ one hash + 4 × baseline"
                            : String.format(Locale.ROOT, "≤ hash %.0f + 4 × %.1f = %.0f", hashMillis, b, target),
                    Double.isNaN(target) || Double.isNaN(p) ? null : p <= target);
        }
    }

    void row(String figure, double bare, double partnerflow, String target, Boolean met) {
        row(figure, bare, partnerflow, target, met, true);
    }

    void row(String figure, double bare, double partnerflow, String target, Boolean met, boolean withRatio) {
        met = Double.isNaN(partnerflow) ? null : met;
        String ratio = !withRatio || Double.isNaN(bare) || Double.isNaN(partnerflow) || bare == 0 ? ""
                : String.format(Locale.ROOT, "%.2f", partnerflow / bare);
        rows.add(new String[] {figure, number(bare), number(partnerflow), ratio, target,
                met == null ? "" : met ? "yes" : "no"});
        Map<String, Object> figure1 = new LinkedHashMap<>();
        figure1.put("bare", Double.isNaN(bare) ? null : bare);
        figure1.put("partnerflow", Double.isNaN(partnerflow) ? null : partnerflow);
        figure1.put("target", target);
        figure1.put("met", met);
        figures.put(figure, figure1);
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    void report() throws IOException {
        StringBuilder md = new StringBuilder("# Partnerflow benchmark\n\n")
                .append("| figure | bare engine | Partnerflow | ratio | target | met |\n|---|---|---|---|---|---|\n");
        for (String[] row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append("\n");
        for (String note : notes) {
            md.append("- ").append(note).append("\n");
        }
        Files.writeString(out.resolve("results.md"), md);
        ObjectNode json = JSON.createObjectNode();
        json.put("scale", scale);
        json.set("figures", JSON.valueToTree(figures));
        ArrayNode notesJson = json.putArray("notes");
        notes.forEach(notesJson::add);
        Files.writeString(out.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        System.out.println("\n" + md + "\n(written to " + out.resolve("results.md") + " and results.json)\n");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[benchmark %tT] " + format + "%n",
                Stream.concat(Stream.of(new java.util.Date()), Stream.of(args)).toArray());
    }
}
