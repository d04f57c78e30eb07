package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.operations.OperatorMetrics;
import com.partnerflow.support.IntegrationTestBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Scheduled work that one node per due time does: two nodes' locks on one database (here two
 * instances on the suite's), with clocks the test moves. TwoNodeClusterTest counts the runs of
 * real nodes on PostgreSQL.
 */
class ScheduledLocksTest extends IntegrationTestBase {

    @Autowired
    OperatorMetrics metrics;

    @Test
    void oneNodeRunsATaskPerDueTimeAndADeadNodesLeaseRunsOut() {
        MovableClock clock = new MovableClock();
        ScheduledLocks nodeA = new ScheduledLocks(jdbc, metrics, clock);
        ScheduledLocks nodeB = new ScheduledLocks(jdbc, metrics, clock);
        String task = "test-" + UUID.randomUUID();
        Duration atLeast = Duration.ofSeconds(4);
        Duration atMost = Duration.ofMinutes(1);
        AtomicInteger runs = new AtomicInteger();

        assertThat(nodeA.runOnce(task, atLeast, atMost, runs::incrementAndGet)).isTrue();
        // B's tick a moment later is the same due time: skipped
        clock.move(Duration.ofSeconds(1));
        assertThat(nodeB.runOnce(task, atLeast, atMost, runs::incrementAndGet)).isFalse();
        // the next due time: whichever node ticks first runs it
        clock.move(Duration.ofSeconds(4));
        assertThat(nodeB.runOnce(task, atLeast, atMost, runs::incrementAndGet)).isTrue();
        assertThat(nodeA.runOnce(task, atLeast, atMost, runs::incrementAndGet)).isFalse();
        assertThat(runs).hasValue(2);

        // while one node runs the task, no other starts it, however long it takes ...
        clock.move(Duration.ofSeconds(10));
        boolean[] otherRanMeanwhile = new boolean[1];
        assertThat(nodeA.runOnce(task, atLeast, atMost, () -> {
            clock.move(Duration.ofSeconds(30));
            otherRanMeanwhile[0] = nodeB.runOnce(task, atLeast, atMost, runs::incrementAndGet);
        })).isTrue();
        assertThat(otherRanMeanwhile[0]).isFalse();

        // ... and a node that died while running it holds it until its lease (atMost) runs out
        String orphan = "test-" + UUID.randomUUID();
        jdbc.sql("INSERT INTO scheduled_lock (name, lock_until, locked_at, locked_by) VALUES (?, ?, ?, 'dead-node')")
                .params(orphan, java.sql.Timestamp.from(clock.instant().plus(atMost)),
                        java.sql.Timestamp.from(clock.instant()))
                .update();
        assertThat(nodeB.runOnce(orphan, atLeast, atMost, runs::incrementAndGet)).isFalse();
        clock.move(atMost.plusSeconds(1));
        assertThat(nodeB.runOnce(orphan, atLeast, atMost, runs::incrementAndGet)).isTrue();
        assertThat(jdbc.sql("SELECT locked_by FROM scheduled_lock WHERE name = ?").param(orphan).query(String.class)
                .single()).isEqualTo(nodeB.node());
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
