package com.partnerflow.benchmark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The pieces {@link PerformanceBenchmark} is made of: child JVMs, CPU and memory readings, load, statistics. */
final class BenchmarkSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private BenchmarkSupport() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU seconds of a process by {@code /proc/<pid>/stat}: its own, plus its reaped children's when asked. */
    static double cpuSeconds(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = fieldsAfterName(stat);
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            if (withReapedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime, cstime
            }
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** The fields of a {@code stat} line after the command name (field 2), which may hold spaces. */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /**
     * CPU seconds of a JVM's JIT compiler threads ({@code C1/C2 CompilerThre…}, the names Linux
     * keeps): compiling, not running, the code. A fresh JVM of this size still compiles minutes
     * after its start, so the closed-loop windows also report CPU without them.
     */
    static double compilerCpuSeconds(long pid) {
        return threadCpuSeconds(pid).getOrDefault(COMPILER_THREADS, 0.0);
    }

    /** The JIT compiler's threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}) as {@link #threadCpuSeconds} groups them. */
    static final String COMPILER_THREADS = "C CompilerThre";

    /**
     * CPU seconds of a JVM's threads grouped by name, digits and {@code #} dropped (Linux keeps
     * 15 characters: {@code http-nio-8080-e}, {@code GC Thread}, {@code camundaTaskExe}…).
     * Threads that ended meanwhile are lost to both ends alike.
     */
    static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> groups = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9#]", "").replaceAll("[-_ ]+$", "");
                    String[] f = fieldsAfterName(stat);
                    groups.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (IOException | RuntimeException threadGone) {
                    // ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException gone) {
            return Map.of();
        }
        return groups;
    }

    /** The difference of two {@link #threadCpuSeconds} readings, largest first, as "name ms/unit" text. */
    static String threadCpuPerUnit(Map<String, Double> before, Map<String, Double> after, int units, int top) {
        if (units == 0) {
            return "";
        }
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() * 1000 / units))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** Resident set size in MB ({@code VmRSS}). */
    static double rssMb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0).orElse(Double.NaN);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /**
     * All of PostgreSQL's CPU: the postmaster, its live backends and workers, and what its exited
     * children used (the postmaster reaps them, so their time is in its cutime/cstime).
     */
    static double postgresCpuSeconds(long postmasterPid) {
        double total = cpuSeconds(postmasterPid, true);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (parentOf(pid) == postmasterPid) {
                    total += cpuSeconds(pid, false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /**
     * Both applications' JVM options unless {@code benchmark.jvmOptions} says otherwise: the heap
     * bound the README's production instructions give. Without one the JVM may take a quarter of
     * the machine's memory for its heap, and keeps what it once took.
     */
    static final String DEFAULT_JVM_OPTIONS = "-Xmx384m";

    /**
     * The classpath with each directory replaced by a jar of its files (in {@code jars}): CDS
     * archives classes from jars only, and a JVM asked to archive refuses a classpath with a
     * non-empty directory.
     */
    static List<Path> asJars(List<Path> classpath, Path jars) throws IOException {
        Files.createDirectories(jars);
        List<Path> result = new ArrayList<>();
        for (Path entry : classpath) {
            if (!Files.isDirectory(entry)) {
                result.add(entry);
                continue;
            }
            Path jar = jars.resolve(entry.getParent().getFileName() + "-" + entry.getFileName() + ".jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(entry)) {
                // directories too: Spring's component scan finds a package through its directory entry
                for (Path f : files.filter(f -> !f.equals(entry)).sorted().toList()) {
                    String name = entry.relativize(f).toString().replace(File.separatorChar, '/');
                    boolean directory = Files.isDirectory(f);
                    out.putNextEntry(new java.util.jar.JarEntry(directory ? name + "/" : name));
                    if (!directory) {
                        Files.copy(f, out);
                    }
                    out.closeEntry();
                }
            }
            result.add(jar);
        }
        return result;
    }

    /**
     * A CDS training run as Spring Boot's instructions have it: the JVM starts with
     * {@code -XX:ArchiveClassesAtExit} and {@code -Dspring.context.exit=onRefresh}, so the
     * application exits once its context has refreshed and the JVM writes the archive of the
     * classes it loaded. Answers the options for the real start, none when no archive was written
     * (the training log says why).
     */
    static List<String> trainCds(List<Path> classpath, String mainClass, List<String> args, Map<String, String> env,
                                 Path archive, Path log) throws IOException, InterruptedException {
        Files.deleteIfExists(archive);
        ProcessBuilder builder = new ProcessBuilder(javaCommand(classpath, mainClass, args, List.of(
                "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process training = builder.start();
        if (!training.waitFor(5, TimeUnit.MINUTES)) {
            training.destroyForcibly();
            throw new IllegalStateException("the CDS training run did not end in 5 minutes; see " + log);
        }
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /** An application in a JVM of its own, its output in a log file. */
    static final class ChildJvm implements AutoCloseable {
        final String name;
        final int port;
        final Process process;
        final long startedNanos;
        double secondsToReady = Double.NaN;

        ChildJvm(String name, int port, List<String> command, Map<String, String> env, Path log) throws IOException {
            this.name = name;
            this.port = port;
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            this.startedNanos = System.nanoTime();
            this.process = builder.start();
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        /** Waits until {@code /actuator/health} answers UP; the seconds from the process's start to then. */
        double awaitReady(HttpClient http, Duration atMost) {
            await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " stopped during start-up (exit " + process.exitValue()
                            + "); see its log in target/benchmark");
                }
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base()
                            + "/actuator/health")).timeout(Duration.ofSeconds(2)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    return health.statusCode() == 200 && health.body().contains("\"UP\"");
                } catch (IOException notYet) {
                    return false;
                }
            });
            secondsToReady = (System.nanoTime() - startedNanos) / 1e9;
            return secondsToReady;
        }

        double cpuSeconds() {
            return BenchmarkSupport.cpuSeconds(process.pid(), false);
        }

        double compilerCpuSeconds() {
            return BenchmarkSupport.compilerCpuSeconds(process.pid());
        }

        Map<String, Double> threadCpuSeconds() {
            return BenchmarkSupport.threadCpuSeconds(process.pid());
        }

        double rssMb() {
            return BenchmarkSupport.rssMb(process.pid());
        }

        @Override
        public void close() {
            process.destroy(); // SIGTERM: Spring closes the context
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The command line of a child JVM: this JVM's java, the given classpath, the same JVM options for both apps. */
    static List<String> javaCommand(List<Path> classpath, String mainClass, List<String> args) {
        return javaCommand(classpath, mainClass, args, List.of());
    }

    /** As {@link #javaCommand(List, String, List)}, with JVM options of this start only (a CDS archive's). */
    static List<String> javaCommand(List<Path> classpath, String mainClass, List<String> args, List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Duser.language=en");
        command.add("-Duser.country=US");
        String jvmOptions = System.getProperty("benchmark.jvmOptions", DEFAULT_JVM_OPTIONS);
        if (!jvmOptions.isBlank()) {
            command.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(options);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    // ---------------------------------------------------------------- HTTP

    static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpRequest.Builder json(String url, Object body) {
        try {
            return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode send(HttpClient http, HttpRequest request, int... expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (Arrays.stream(expected).noneMatch(s -> s == response.statusCode())) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + abbreviate(response.body()));
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** A staff member logged into Tasklist as its login page does: session cookie and CSRF token. */
    static final class WebappSession {
        private final String base;
        private final CookieManager cookies = new CookieManager();
        private final HttpClient http;

        WebappSession(String base, String user, String password) {
            this.base = base;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).build();
            call("GET", "/camunda/app/tasklist/default/", null, "text/html", 200);
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
            send(http, withCsrf(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))).build(), 200);
            call("GET", "/camunda/api/admin/auth/user/default", null, "application/json", 200);
        }

        HttpResponse<String> call(String method, String path, String jsonBody, String accept, int expected) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                    .header("Accept", accept);
            if (jsonBody != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> response = http.send(withCsrf(request).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != expected) {
                    throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                            + abbreviate(response.body()));
                }
                return response;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private HttpRequest.Builder withCsrf(HttpRequest.Builder request) {
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
            return request;
        }
    }

    // ---------------------------------------------------------------- database

    static final class Database {
        final String url;

        Database(String url) {
            this.url = url;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, "postgres", "");
        }

        long single(String sql, Object... parameters) {
            try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    s.setObject(i + 1, parameters[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        void execute(String sql) {
            try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
                s.execute();
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        long size() {
            return single("SELECT pg_database_size(current_database())");
        }

        /** Bytes per table of the public schema, indexes and TOAST included. */
        Map<String, Long> tableSizes() {
            Map<String, Long> sizes = new HashMap<>();
            try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                    SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public'""");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    sizes.put(r.getString(1), r.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return sizes;
        }

        /**
         * The statements clients sent to this database since {@link #resetStatements()}, by
         * pg_stat_statements (loaded with -Dbenchmark.pg.statements=true): calls per unit in all,
         * the engine's (on ACT_ tables) and the rest; then the engine's {@code top} most frequent
         * and every other statement of at least 0.5 calls per unit.
         */
        String statementsPerUnit(int units, int top) {
            StringBuilder out = new StringBuilder();
            try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                    SELECT calls, query FROM pg_stat_statements
                    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                    AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC""");
                 ResultSet r = s.executeQuery()) {
                long all = 0;
                long engine = 0;
                List<String> engines = new ArrayList<>();
                List<String> others = new ArrayList<>();
                while (r.next()) {
                    long calls = r.getLong(1);
                    String query = r.getString(2).replaceAll("\\s+", " ").trim();
                    String line = String.format(Locale.ROOT, "%.2f %s", (double) calls / units,
                            query.length() > 140 ? query.substring(0, 140) + "…" : query);
                    all += calls;
                    if (query.toLowerCase(Locale.ROOT).matches(".*\\bact_[a-z_]+\\b.*")) {
                        engine += calls;
                        if (engines.size() < top) {
                            engines.add(line);
                        }
                    } else if ((double) calls / units >= 0.5) {
                        others.add(line);
                    }
                }
                out.append(String.format(Locale.ROOT, "%.1f statements per unit (engine %.1f, other %.1f) over %d units",
                        (double) all / units, (double) engine / units, (double) (all - engine) / units, units));
                engines.forEach(line -> out.append("\n    - engine: ").append(line));
                others.forEach(line -> out.append("\n    - other: ").append(line));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return out.toString();
        }

        void resetStatements() {
            execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            single("SELECT count(*) FROM (SELECT pg_stat_statements_reset()) r");
        }

        /** Jobs the job executor could run now (due, with retries, not suspended). */
        long executableJobs() {
            return single("SELECT count(*) FROM act_ru_job WHERE retries_ > 0 AND suspension_state_ = 1"
                    + " AND (duedate_ IS NULL OR duedate_ <= ?)", new Timestamp(System.currentTimeMillis()));
        }

        /** Until the job executor has nothing left to do (mails sent, processes moved on). */
        void awaitQuiet(Duration atMost) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> executableJobs() == 0);
        }
    }

    /** Database growth between two snapshots, per unit, with the tables that grew most. */
    record Growth(long databaseBytes, Map<String, Long> tableBytes, int units) {

        static Growth between(Database db, long sizeBefore, Map<String, Long> tablesBefore, int units) {
            Map<String, Long> after = db.tableSizes();
            Map<String, Long> delta = new HashMap<>();
            after.forEach((table, bytes) -> delta.put(table, bytes - tablesBefore.getOrDefault(table, 0L)));
            return new Growth(db.size() - sizeBefore, delta, units);
        }

        double perUnit() {
            return units == 0 ? Double.NaN : (double) databaseBytes / units;
        }

        String topTables(int n) {
            return tableBytes.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .map(e -> String.format("%s %,.0f", e.getKey(), (double) e.getValue() / Math.max(1, units)))
                    .collect(Collectors.joining(", "));
        }
    }

    // ---------------------------------------------------------------- load

    /** The result of a closed-loop run: units completed within the measured window, and CPU spent meanwhile. */
    record Throughput(int clients, int units, double seconds, double appCpuSeconds, double dbCpuSeconds, int errors,
                      String firstError, double appJitCpuSeconds, String threadCpuPerUnit) {

        double perSecond() {
            return clients == 0 ? Double.NaN : units / seconds;
        }

        double appCpuMillisPerUnit() {
            return units == 0 ? Double.NaN : appCpuSeconds * 1000 / units;
        }

        /** The application's CPU per unit without its JIT compiler threads' share. */
        double appCpuMillisPerUnitWithoutJit() {
            return units == 0 ? Double.NaN : (appCpuSeconds - appJitCpuSeconds) * 1000 / units;
        }

        double dbCpuMillisPerUnit() {
            return units == 0 ? Double.NaN : dbCpuSeconds * 1000 / units;
        }
    }

    /**
     * The application's CPU while nothing asks anything of it, in ms per second, in all and by
     * thread: what its own timers and pollers cost (job acquisition, the mail reader, scheduled
     * work, metrics), which a closed loop spreads over fewer units the fewer clients there are.
     */
    static String idleCpu(ChildJvm app, Duration window) throws Exception {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            double cpu = app.cpuSeconds();
            Map<String, Double> threads = app.threadCpuSeconds();
            return clock.schedule(() -> {
                int seconds = (int) window.toSeconds();
                return String.format(Locale.ROOT, "%.1f ms/s over %d s; by thread: %s",
                        (app.cpuSeconds() - cpu) * 1000 / seconds, seconds,
                        threadCpuPerUnit(threads, app.threadCpuSeconds(), seconds, 6));
            }, window.toMillis(), TimeUnit.MILLISECONDS).get();
        } finally {
            clock.shutdown();
        }
    }

    /** What {@link #warmUntilCompiled} did: its seconds, units, and the JIT's share of the CPU at its end. */
    record WarmUp(double seconds, int units, double jitShare, int errors) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f s, %d units (%d errors), the JIT compiler's threads at %.0f %%"
                    + " of the CPU in its last interval", seconds, units, errors, jitShare * 100);
        }
    }

    private static double per(double cpuSeconds, double units) {
        return units > 0 ? cpuSeconds * 1000 / units : Double.NaN;
    }

    /**
     * {@code clients} threads run {@code unit} back to back until the JIT compiler's threads take
     * less than {@code threshold} of the application's CPU over an {@code interval}, or for
     * {@code max}; at least for {@code min}. A fresh JVM of this size compiles for minutes: a
     * node that has been up a while has done so, and the windows that follow measure that node.
     */
    static WarmUp warmUntilCompiled(int clients, Callable<?> unit, ChildJvm app, Duration min, Duration max,
                                    Duration interval, double threshold) throws InterruptedException {
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger units = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        unit.call();
                        units.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }, app.name + "-warm-up-" + c);
            threads.add(client);
            client.start();
        }
        double[] last = {app.cpuSeconds(), app.compilerCpuSeconds(), 0};
        double[] share = {Double.NaN};
        try {
            await().atMost(max.plus(interval)).pollDelay(interval).pollInterval(interval).until(() -> {
                double cpu = app.cpuSeconds();
                double jit = app.compilerCpuSeconds();
                share[0] = cpu > last[0] ? (jit - last[1]) / (cpu - last[0]) : 0;
                int done = units.get();
                long elapsed = System.nanoTime() - start;
                PerformanceBenchmark.log("%s warm-up at %.0f s: %d units in the interval, %.1f ms CPU per unit,"
                        + " %.1f without the JIT compiler's threads (%.0f %% of it)", app.name, elapsed / 1e9,
                        done - (int) last[2], per(cpu - last[0], done - last[2]),
                        per(cpu - last[0] - (jit - last[1]), done - last[2]), share[0] * 100);
                last[0] = cpu;
                last[1] = jit;
                last[2] = done;
                return elapsed >= min.toNanos() && (share[0] < threshold || elapsed >= max.toNanos());
            });
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        return new WarmUp((System.nanoTime() - start) / 1e9, units.get(), share[0], errors.get());
    }

    /**
     * {@code clients} threads each run {@code unit} back to back for warm-up plus the measured
     * window; counted are the units that end inside the window, and the CPU of the application and
     * of PostgreSQL is read at the window's two ends.
     */
    static Throughput closedLoop(int clients, Duration warmUp, Duration window, Callable<?> unit,
                                 ChildJvm app, long postmasterPid) throws InterruptedException {
        long start = System.nanoTime();
        long windowStart = start + warmUp.toNanos();
        long windowEnd = windowStart + window.toNanos();
        AtomicInteger counted = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        String[] firstError = {null};
        double[] cpu = new double[4];
        List<Map<String, Double>> threadCpu = new ArrayList<>(List.of(Map.of(), Map.of()));
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        clock.schedule(() -> {
            cpu[0] = app.cpuSeconds();
            cpu[1] = postgresCpuSeconds(postmasterPid);
            threadCpu.set(0, app.threadCpuSeconds());
        }, warmUp.toNanos(), TimeUnit.NANOSECONDS);
        clock.schedule(() -> {
            cpu[2] = app.cpuSeconds();
            cpu[3] = postgresCpuSeconds(postmasterPid);
            threadCpu.set(1, app.threadCpuSeconds());
        }, warmUp.toNanos() + window.toNanos(), TimeUnit.NANOSECONDS);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < windowEnd) {
                    try {
                        unit.call();
                        long done = System.nanoTime();
                        if (done >= windowStart && done < windowEnd) {
                            counted.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError[0] == null) {
                                firstError[0] = String.valueOf(e);
                            }
                        }
                    }
                }
            }, app.name + "-client-" + c);
            threads.add(client);
            client.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        clock.shutdown();
        clock.awaitTermination(1, TimeUnit.MINUTES);
        return new Throughput(clients, counted.get(), window.toNanos() / 1e9, cpu[2] - cpu[0], cpu[3] - cpu[1],
                errors.get(), firstError[0], threadCpu.get(1).getOrDefault(COMPILER_THREADS, 0.0)
                        - threadCpu.get(0).getOrDefault(COMPILER_THREADS, 0.0),
                threadCpuPerUnit(threadCpu.get(0), threadCpu.get(1), counted.get(), 8));
    }

    /** Latencies in milliseconds: nearest-rank percentiles. */
    static final class Latencies {
        private final List<Double> millis = new ArrayList<>();
        final AtomicLong errors = new AtomicLong();
        String firstError;

        synchronized void add(double ms) {
            millis.add(ms);
        }

        synchronized void error(String what) {
            errors.incrementAndGet();
            if (firstError == null) {
                firstError = what;
            }
        }

        synchronized int count() {
            return millis.size();
        }

        synchronized double percentile(double p) {
            if (millis.isEmpty()) {
                return Double.NaN;
            }
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        synchronized double max() {
            return millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
