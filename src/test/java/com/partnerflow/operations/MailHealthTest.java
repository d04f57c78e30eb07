package com.partnerflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.mail.MailHealthIndicator;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.util.TestSocketUtils;

/** The outgoing mail server's health check against a real SMTP server of this test's own, and none. */
class MailHealthTest {

    @Test
    void downWhenTheSmtpServerIsUnreachableUpWhenItAnswersAndCheckedOncePerCachePeriod() {
        int port = TestSocketUtils.findAvailableTcpPort();
        MutableClock clock = new MutableClock();
        CachedHealthIndicator health = new CachedHealthIndicator(new MailHealthIndicator(sender(port)),
                Duration.ofSeconds(30), clock);

        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);

        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            // within the cache period the last answer stands: no new connection
            assertThat(health.health()).isSameAs(down);
            clock.now = clock.now.plusSeconds(31);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            smtp.stop();
        }
    }

    private static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "2000");
        properties.setProperty("mail.smtp.timeout", "2000");
        sender.setJavaMailProperties(properties);
        return sender;
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
