package com.partnerflow.mail.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.mail.inbound.InboundMailboxTest.RecordingHandler;
import com.partnerflow.support.IntegrationTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import jakarta.mail.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Status;
import org.springframework.test.util.TestSocketUtils;

/** What the operator sees of inbound mail: its counters and lag, and the mailbox's health. */
class InboundMailObservabilityTest extends IntegrationTestBase {

    @Autowired
    private InboundMailboxes mailboxes;
    @Autowired
    private MeterRegistry registry;
    @Value("${partnerflow.dev-mail.smtp-port}")
    private int smtpPort;
    @Value("${partnerflow.dev-mail.imap-port}")
    private int imapPort;

    @Test
    void aHandledMailIsCountedByKindWithItsLag() throws Exception {
        String support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        InboundMailSettings settings = new InboundMailSettings(false, "127.0.0.1", imapPort, "imap", support, "x",
                "INBOX", false, Duration.ofSeconds(1), 3, List.of());
        double received = count("partnerflow_inbound_mail_received", "kind", "REPLY");
        long lags = registry.find("partnerflow_inbound_mail_lag").timers().stream().mapToLong(t -> t.count()).sum();
        Transport.send(TestMails.plain(TestMails.session(smtpPort), "<" + UUID.randomUUID() + "@acme.example>",
                "alice@acme.example", support, "Re: your question", "Here it is"));
        try (InboundMailbox mailbox = mailboxes.open(settings)) {
            RecordingHandler recorder = new RecordingHandler();
            await().until(() -> mailbox.readNewMessages(recorder) == 1 || !recorder.mails.isEmpty());
        }
        assertThat(count("partnerflow_inbound_mail_received", "kind", "REPLY")).isEqualTo(received + 1);
        assertThat(registry.find("partnerflow_inbound_mail_lag").timers().stream().mapToLong(t -> t.count()).sum())
                .isEqualTo(lags + 1);
    }

    @Test
    void theMailboxIsDownWhileTheReaderCannotReachItAndUpOnceItReadsARound() {
        String support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        int nobodyListens = TestSocketUtils.findAvailableTcpPort();
        double errors = count("partnerflow_inbound_mailbox_errors");
        InboundMailSettings nowhere = new InboundMailSettings(false,
                "127.0.0.1", nobodyListens, "imap", support, "x", "INBOX", false, Duration.ofSeconds(1), 3, List.of());
        InboundMailReader unreachable = mailboxes.reader(nowhere, new RecordingHandler());
        InboundMailboxHealthIndicator unreachableHealth = new InboundMailboxHealthIndicator(unreachable, Clock.systemUTC());
        unreachable.start();
        try {
            await().until(() -> unreachable.lastError() != null);
            assertThat(unreachableHealth.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(unreachableHealth.health().getDetails()).containsEntry("error", unreachable.lastError())
                    .doesNotContainValue("x");
            assertThat(count("partnerflow_inbound_mailbox_errors")).isGreaterThan(errors);
        } finally {
            unreachable.stop();
        }
        assertThat(unreachableHealth.health().getStatus()).isEqualTo(Status.DOWN); // stopped

        InboundMailSettings greenMail = new InboundMailSettings(false, "127.0.0.1",
                imapPort, "imap", support, "x", "INBOX", false, Duration.ofSeconds(1), 3, List.of());
        InboundMailReader reachable = mailboxes.reader(greenMail, new RecordingHandler());
        InboundMailboxHealthIndicator health = new InboundMailboxHealthIndicator(reachable, Clock.systemUTC());
        reachable.start();
        try {
            await().until(() -> reachable.lastRoundAt() != null);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            // a reader whose last round is older than three poll intervals and a minute has stalled
            Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(2)), ZoneOffset.UTC);
            assertThat(new InboundMailboxHealthIndicator(reachable, later).health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            reachable.stop();
        }
        assertThat(new InboundMailboxHealthIndicator(null, Clock.systemUTC()).health().getStatus()).isEqualTo(Status.UP);
    }

    private double count(String name, String... tags) {
        return Search.in(registry).name(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
