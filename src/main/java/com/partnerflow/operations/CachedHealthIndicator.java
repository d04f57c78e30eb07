package com.partnerflow.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Answers with the last result of a check that reaches another server for {@code timeToLive},
 * so that probes every few seconds from each node do not each open a connection to it.
 */
class CachedHealthIndicator implements HealthIndicator {

    private final HealthIndicator delegate;
    private final Duration timeToLive;
    private final Clock clock;
    private Health last;
    private Instant checkedAt;

    CachedHealthIndicator(HealthIndicator delegate, Duration timeToLive, Clock clock) {
        this.delegate = delegate;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(timeToLive))) {
            last = delegate.health();
            checkedAt = now;
        }
        return last;
    }
}
