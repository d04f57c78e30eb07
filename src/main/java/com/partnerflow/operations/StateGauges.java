package com.partnerflow.operations;

import com.partnerflow.config.EngineClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The state an operator watches, read from the database: open cases by process and status and
 * how long the oldest has waited, questions waiting for a partner's reply, inbound mails failing,
 * open incidents by process, and the job backlog. A scrape reads the last snapshot only: the
 * queries run on this bean's own thread every {@code partnerflow.metrics.refresh-interval}
 * (30 s), so scraping more often costs PostgreSQL nothing. Every node of a cluster reads the
 * same database, so these series are equal on every node (aggregate them with max, not sum).
 */
@Component
public class StateGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StateGauges.class);
    private static final String P = OperatorMetrics.PREFIX;
    /** The statuses of a case that is not yet resolved or closed. */
    private static final List<String> OPEN_STATUSES = List.of("OPEN", "WAITING_FOR_AGENT", "WAITING_FOR_PARTNER");

    private final JdbcClient jdbc;
    private final EngineClock clock;
    private final Duration interval;
    private final MultiGauge openCases;
    private final MultiGauge oldestCaseWait;
    private final MultiGauge incidents;
    /** Process and status pairs seen since start: kept at 0 when they empty, so a series does not vanish. */
    private final Set<Tags> caseSeries = new LinkedHashSet<>();
    private final Set<Tags> incidentSeries = new LinkedHashSet<>();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile boolean ready;
    private ScheduledExecutorService refresher;

    record Count(long count, Instant oldest) {
    }

    record Snapshot(Instant takenAt, Map<Tags, Count> cases, Count questions, long inboundFailing,
                    Map<Tags, Long> incidents, long jobsDue, long jobsLocked, long jobsWithoutRetries,
                    Instant oldestDueJob) {
        static final Snapshot EMPTY = new Snapshot(null, Map.of(), new Count(0, null), 0, Map.of(), 0, 0, 0, null);
    }

    public StateGauges(JdbcClient jdbc, EngineClock clock, MeterRegistry registry,
                       @Value("${partnerflow.metrics.refresh-interval:PT30S}") Duration interval) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.interval = interval;
        for (String status : OPEN_STATUSES) {
            caseSeries.add(Tags.of("process", "support-case", "status", status));
        }
        openCases = MultiGauge.builder(P + "cases_open")
                .description("Support cases not yet resolved or closed, by the process working them and status")
                .register(registry);
        oldestCaseWait = MultiGauge.builder(P + "cases_oldest_wait").baseUnit("seconds")
                .description("Age of the oldest open case's last change (status or message), by process and status")
                .register(registry);
        incidents = MultiGauge.builder(P + "incidents_open_by_process")
                .description("Open incidents (a step out of retries, see Cockpit), by process").register(registry);
        Gauge.builder(P + "incidents_open", this, g -> g.snapshot.incidents().values().stream()
                        .mapToLong(Long::longValue).sum())
                .description("Open incidents (a step out of retries, see Cockpit), all processes").register(registry);
        Gauge.builder(P + "questions_awaiting_reply", this, g -> g.snapshot.questions().count())
                .description("Questions mailed to a partner that wait for the reply").register(registry);
        Gauge.builder(P + "questions_oldest_wait", this, g -> age(g.snapshot, g.snapshot.questions().oldest()))
                .baseUnit("seconds").description("How long the oldest unanswered question has waited")
                .register(registry);
        Gauge.builder(P + "inbound_mail_failing", this, g -> g.snapshot.inboundFailing())
                .description("Inbound mails that failed and wait for their next attempt").register(registry);
        Gauge.builder(P + "jobs_due", this, g -> g.snapshot.jobsDue())
                .description("Engine jobs due now and not taken by a node: the job executor's backlog")
                .register(registry);
        Gauge.builder(P + "jobs_oldest_due", this, g -> age(g.snapshot, g.snapshot.oldestDueJob()))
                .baseUnit("seconds").description("How long the oldest due, untaken job has been due")
                .register(registry);
        Gauge.builder(P + "jobs_locked", this, g -> g.snapshot.jobsLocked())
                .description("Engine jobs a node has taken and is running (locked)").register(registry);
        Gauge.builder(P + "jobs_failed", this, g -> g.snapshot.jobsWithoutRetries())
                .description("Engine jobs out of retries (each one is an incident)").register(registry);
        Gauge.builder(P + "state_age", this, g -> age(g.snapshot, g.snapshot.takenAt()))
                .baseUnit("seconds").description("Age of the database figures above (refreshed every "
                        + interval + ")").register(registry);
    }

    /** Reads the figures now and publishes them. Also what the refresh thread runs. */
    public synchronized void refresh() {
        Instant now = clock.now();
        Timestamp nowTs = Timestamp.from(now);
        Map<Tags, Count> cases = new LinkedHashMap<>();
        // a case's process: the engine's root instance whose business key is the case number
        // (SupportCase.format: CASE- and at least six digits)
        jdbc.sql("""
                SELECT COALESCE(d.KEY_, 'none') AS process, c.status, COUNT(*) AS n, MIN(c.updated_at) AS oldest
                FROM support_case c
                LEFT JOIN ACT_RU_EXECUTION e ON e.BUSINESS_KEY_ = CASE WHEN c.number < 1000000
                         THEN 'CASE-' || LPAD(CAST(c.number AS VARCHAR(20)), 6, '0')
                         ELSE 'CASE-' || CAST(c.number AS VARCHAR(20)) END
                     AND e.ID_ = e.PROC_INST_ID_ AND e.SUPER_EXEC_ IS NULL
                LEFT JOIN ACT_RE_PROCDEF d ON d.ID_ = e.PROC_DEF_ID_
                WHERE c.status IN ('OPEN', 'WAITING_FOR_AGENT', 'WAITING_FOR_PARTNER')
                GROUP BY COALESCE(d.KEY_, 'none'), c.status""")
                .query(rs -> {
                    cases.put(Tags.of("process", rs.getString("process"), "status", rs.getString("status")),
                            new Count(rs.getLong("n"), instant(rs.getTimestamp("oldest"))));
                });
        Count questions = jdbc.sql("SELECT COUNT(*), MIN(created_at) FROM reply_expectation WHERE status = 'WAITING'")
                .query((rs, n) -> new Count(rs.getLong(1), instant(rs.getTimestamp(2)))).single();
        long failing = jdbc.sql("SELECT COUNT(*) FROM inbound_mail_failure").query(Long.class).single();
        Map<Tags, Long> openIncidents = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT COALESCE(d.KEY_, 'none') AS process, COUNT(*) AS n FROM ACT_RU_INCIDENT i
                LEFT JOIN ACT_RE_PROCDEF d ON d.ID_ = i.PROC_DEF_ID_ GROUP BY COALESCE(d.KEY_, 'none')""")
                .query(rs -> {
                    openIncidents.put(Tags.of("process", rs.getString("process")), rs.getLong("n"));
                });
        // due as the job executor's acquisition sees it: retries left, due, not suspended, not locked
        String due = """
                FROM ACT_RU_JOB WHERE RETRIES_ > 0 AND (DUEDATE_ IS NULL OR DUEDATE_ <= ?) AND SUSPENSION_STATE_ = 1
                AND (LOCK_EXP_TIME_ IS NULL OR LOCK_EXP_TIME_ < ?)""";
        var jobsDue = jdbc.sql("SELECT COUNT(*), MIN(COALESCE(DUEDATE_, CREATE_TIME_)) " + due).params(nowTs, nowTs)
                .query((rs, n) -> new Count(rs.getLong(1), instant(rs.getTimestamp(2)))).single();
        // LOCK_OWNER_ too, so that PostgreSQL reads the partial index of locked jobs (JobAcquisitionIndex)
        long locked = jdbc.sql("SELECT COUNT(*) FROM ACT_RU_JOB WHERE LOCK_OWNER_ IS NOT NULL AND LOCK_EXP_TIME_ >= ?").param(nowTs)
                .query(Long.class).single();
        long withoutRetries = jdbc.sql("SELECT COUNT(*) FROM ACT_RU_JOB WHERE RETRIES_ = 0").query(Long.class).single();
        publish(new Snapshot(now, cases, questions, failing, openIncidents, jobsDue.count(), locked, withoutRetries,
                jobsDue.oldest()));
    }

    private void publish(Snapshot next) {
        caseSeries.addAll(next.cases().keySet());
        incidentSeries.addAll(next.incidents().keySet());
        snapshot = next;
        List<MultiGauge.Row<?>> open = new ArrayList<>();
        List<MultiGauge.Row<?>> waits = new ArrayList<>();
        for (Tags tags : caseSeries) {
            Count count = next.cases().getOrDefault(tags, new Count(0, null));
            open.add(MultiGauge.Row.of(tags, count.count()));
            waits.add(MultiGauge.Row.of(tags, count.oldest() == null ? 0
                    : Math.max(0, Duration.between(count.oldest(), next.takenAt()).toSeconds())));
        }
        openCases.register(open, true);
        oldestCaseWait.register(waits, true);
        List<MultiGauge.Row<?>> incidentRows = new ArrayList<>();
        for (Tags tags : incidentSeries) {
            incidentRows.add(MultiGauge.Row.of(tags, next.incidents().getOrDefault(tags, 0L)));
        }
        incidents.register(incidentRows, true);
    }

    private static double age(Snapshot snapshot, Instant since) {
        if (since == null || snapshot.takenAt() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(since, snapshot.takenAt()).toSeconds());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Starts refreshing once the application is ready (the engine's tables exist then). */
    @EventListener(ApplicationReadyEvent.class)
    void applicationReady() {
        ready = true;
        startRefresher();
    }

    private synchronized void startRefresher() {
        if (!ready || refresher != null || interval.isZero() || interval.isNegative()) {
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "metrics-state-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // the last figures stay, and state_age shows how old they are
            log.warn("Could not read the operator figures from the database: {}", e.toString());
        }
    }

    @Override
    public void start() {
        startRefresher();
    }

    @Override
    public synchronized void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return refresher != null;
    }
}
