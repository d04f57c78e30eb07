package com.partnerflow.mail.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The inbound support mailbox as its background reader last saw it, without connecting itself
 * (a probe must not open IMAP sessions): DOWN when the reader is stopped, when its last attempt
 * could not read the mailbox, or when its last good round is older than three poll intervals
 * plus a minute (a reader waiting in IDLE still reads a round at least every poll interval);
 * UNKNOWN before the first round; UP with inbound mail switched off (nothing to read).
 */
public class InboundMailboxHealthIndicator extends AbstractHealthIndicator {

    private final InboundMailReader reader;
    private final Clock clock;

    /** @param reader null when inbound mail is switched off */
    public InboundMailboxHealthIndicator(InboundMailReader reader, Clock clock) {
        super("Inbound mailbox health check failed");
        this.reader = reader;
        this.clock = clock;
    }

    Duration staleAfter() {
        return reader.settings().pollInterval().multipliedBy(3).plusMinutes(1);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (reader == null) {
            builder.up().withDetail("enabled", false);
            return;
        }
        Instant last = reader.lastRoundAt();
        builder.withDetail("mailbox", reader.settings().describe());
        if (last != null) {
            builder.withDetail("lastRead", last.toString());
        }
        if (!reader.isRunning()) {
            builder.down().withDetail("reader", "stopped");
        } else if (reader.lastError() != null) {
            builder.down().withDetail("error", reader.lastError());
        } else if (last == null) {
            builder.unknown().withDetail("reader", "starting");
        } else if (Duration.between(last, clock.instant()).compareTo(staleAfter()) > 0) {
            builder.down().withDetail("reader", "no round since " + last);
        } else {
            builder.up().withDetail("waits", reader.isIdling() ? "IMAP IDLE" : "polling");
        }
    }
}
