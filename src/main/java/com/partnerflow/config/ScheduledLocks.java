package com.partnerflow.config;

import com.partnerflow.operations.OperatorMetrics;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Scheduled work that one node of a cluster does per due time, not every node: every node's
 * scheduler ticks, and the tick that finds the task's row in {@code scheduled_lock} free takes it
 * and runs the work; the others skip their tick. The lock is kept for {@code atLeast} after the
 * start (so a node whose tick comes a moment after another's does not run the same due time
 * again) and at most {@code atMost} (a node that dies while running the task frees it then).
 * ShedLock's scheme, in a table of ours (ShedLock itself is not available here).
 *
 * <p>Times are the nodes' own clocks, not the engine clock (which tests move): the nodes' clocks
 * must agree within a fraction of {@code atLeast} (NTP). Each statement commits on its own:
 * call it outside a transaction.
 */
@Component
public class ScheduledLocks {

    private static final Logger log = LoggerFactory.getLogger(ScheduledLocks.class);

    private final JdbcClient jdbc;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final String node;

    @Autowired
    public ScheduledLocks(JdbcClient jdbc, OperatorMetrics metrics) {
        this(jdbc, metrics, Clock.systemUTC());
    }

    ScheduledLocks(JdbcClient jdbc, OperatorMetrics metrics, Clock clock) {
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.clock = clock;
        this.node = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This node as {@code scheduled_lock.locked_by} names it. */
    public String node() {
        return node;
    }

    /**
     * Runs {@code work} if no node ran task {@code name} less than {@code atLeast} ago or is running
     * it now (for at most {@code atMost}).
     *
     * @return whether this node ran it
     */
    public boolean runOnce(String name, Duration atLeast, Duration atMost, Runnable work) {
        Instant now = clock.instant();
        if (!acquire(name, now, now.plus(atMost))) {
            return false;
        }
        try {
            metrics.scheduledRun(name);
            work.run();
        } finally {
            release(name, now.plus(atLeast));
        }
        return true;
    }

    private boolean acquire(String name, Instant now, Instant until) {
        int taken = jdbc.sql("""
                UPDATE scheduled_lock SET lock_until = ?, locked_at = ?, locked_by = ?
                WHERE name = ? AND lock_until <= ?""")
                .params(Timestamp.from(until), Timestamp.from(now), node, name, Timestamp.from(now)).update();
        if (taken == 1) {
            return true;
        }
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM scheduled_lock WHERE name = ?").param(name)
                .query(Long.class).single() > 0;
        if (exists) {
            return false;
        }
        try {
            jdbc.sql("INSERT INTO scheduled_lock (name, lock_until, locked_at, locked_by) VALUES (?, ?, ?, ?)")
                    .params(name, Timestamp.from(until), Timestamp.from(now), node).update();
            return true;
        } catch (DuplicateKeyException anotherNodeFirst) {
            return false;
        }
    }

    /** Frees the task at {@code earliest} or now, whichever is later. */
    private void release(String name, Instant earliest) {
        Instant now = clock.instant();
        Instant until = earliest.isAfter(now) ? earliest : now;
        try {
            jdbc.sql("UPDATE scheduled_lock SET lock_until = ? WHERE name = ? AND locked_by = ?")
                    .params(Timestamp.from(until), name, node).update();
        } catch (RuntimeException e) {
            // the lease runs out by itself (atMost)
            log.warn("Could not free scheduled task {} ({}); it is free again when its lease ends", name, e.toString());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "node";
        }
    }
}
