package com.partnerflow.mail.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.mail.inbound.InboundMailboxTest.RecordingHandler;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.TcpGate;
import jakarta.mail.Transport;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** The background reader on its own mailbox: it picks up mail by itself, with IDLE and by polling. */
class InboundMailReaderTest extends IntegrationTestBase {

    @Autowired
    private InboundMailboxes mailboxes;
    @Value("${partnerflow.dev-mail.smtp-port}")
    private int smtpPort;
    @Value("${partnerflow.dev-mail.imap-port}")
    private int imapPort;

    /** The support mailbox {@code support} on the test's GreenMail: 3 attempts, no trusted authserv-ids. */
    private InboundMailSettings greenMail(String support, boolean idle, Duration pollInterval) {
        return new InboundMailSettings(false, "127.0.0.1", imapPort, "imap", support, "x", "INBOX", idle,
                pollInterval, 3, List.of());
    }

    @Test
    void withIdleANewMessageIsPickedUpWithoutPolling() throws Exception {
        String support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        // rounds only every two minutes: within the 30 seconds below only IDLE can deliver
        InboundMailSettings settings = greenMail(support, true, Duration.ofMinutes(2));
        RecordingHandler recorder = new RecordingHandler();
        InboundMailReader reader = mailboxes.reader(settings, recorder);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(reader::usesIdle);
            for (int i = 1; i <= 3; i++) {
                await().atMost(Duration.ofSeconds(30)).until(reader::isIdling);
                String id = "<" + UUID.randomUUID() + "@acme.example>";
                Transport.send(TestMails.plain(TestMails.session(smtpPort), id, "alice@acme.example", support,
                        "Re: case " + i, "Reply " + i));
                int expected = i;
                await().atMost(Duration.ofSeconds(30)).until(() -> recorder.mails.size() == expected);
                assertThat(recorder.mails.get(i - 1).messageId()).isEqualTo(id);
            }
            // one round to start, then about one per arrival: IDLE waits, it does not spin
            assertThat(reader.rounds()).isLessThan(10);
        } finally {
            reader.stop();
        }
        assertThat(reader.isRunning()).isFalse();
    }

    /**
     * A message whose handling keeps failing stays unseen until it is set aside; meanwhile IDLE
     * stays on: a new message is handled at once, not after a pause of the poll interval (two
     * minutes here, longer than the test waits).
     */
    @Test
    void aFailingMessageDoesNotTurnIdleOff() throws Exception {
        String support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        InboundMailSettings settings = greenMail(support, true, Duration.ofMinutes(2));
        String poison = "<poison-" + UUID.randomUUID() + "@acme.example>";
        RecordingHandler recorder = new RecordingHandler();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        InboundMailHandler failingOnPoison = mail -> {
            if (mail.messageId().equals(poison)) {
                attempts.incrementAndGet();
                throw new IllegalStateException("cannot store this one");
            }
            return recorder.handle(mail);
        };
        InboundMailReader reader = mailboxes.reader(settings, failingOnPoison);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(reader::usesIdle);
            Transport.send(TestMails.plain(TestMails.session(smtpPort), poison, "alice@acme.example", support,
                    "Re: poison", "fails"));
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() >= 1);
            for (int i = 1; i <= 2; i++) {
                await().atMost(Duration.ofSeconds(30)).until(reader::isIdling);
                String id = "<" + UUID.randomUUID() + "@acme.example>";
                Transport.send(TestMails.plain(TestMails.session(smtpPort), id, "bob@acme.example", support,
                        "Re: case " + i, "Reply " + i));
                int expected = i;
                await().atMost(Duration.ofSeconds(20)).until(() -> recorder.mails.size() == expected);
            }
            // each arrival's round tried the poison once more; no busy loop in between
            assertThat(attempts.get()).isBetween(1, 3);
            assertThat(reader.rounds()).isLessThan(10);
        } finally {
            reader.stop();
        }
    }

    /**
     * A retry of a failing message may take long (here it hangs until the test lets it fail, as
     * one waiting on a lock would); a reply arriving meanwhile is handled at once, not after it,
     * and the failing message is still retried to the end and set aside.
     */
    @Test
    void aReplyIsNotHeldUpByTheRetryOfAFailingMessage() throws Exception {
        String support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        InboundMailSettings settings = greenMail(support, true, Duration.ofMillis(500));
        String poison = "<poison-" + UUID.randomUUID() + "@acme.example>";
        RecordingHandler recorder = new RecordingHandler();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch retryHangs = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch letItFail = new java.util.concurrent.CountDownLatch(1);
        List<String> setAside = new java.util.concurrent.CopyOnWriteArrayList<>();
        InboundMailHandler slowPoison = new InboundMailHandler() {
            @Override
            public String handle(InboundMail mail) {
                if (!mail.messageId().equals(poison)) {
                    return recorder.handle(mail);
                }
                if (attempts.incrementAndGet() == 2) {
                    retryHangs.countDown();
                    try {
                        letItFail.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                throw new IllegalStateException("cannot store this one");
            }

            @Override
            public String handleFailed(FailedMail mail) {
                setAside.add(mail.messageId());
                return "set aside";
            }
        };
        InboundMailReader reader = mailboxes.reader(settings, slowPoison);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(reader::usesIdle);
            Transport.send(TestMails.plain(TestMails.session(smtpPort), poison, "alice@acme.example", support,
                    "Re: poison", "fails"));
            await().atMost(Duration.ofSeconds(30)).until(() -> retryHangs.getCount() == 0);
            String id = "<" + UUID.randomUUID() + "@acme.example>";
            Transport.send(TestMails.plain(TestMails.session(smtpPort), id, "bob@acme.example", support,
                    "Re: case", "A good reply"));
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.mails.size() == 1);
            assertThat(recorder.mails.get(0).messageId()).isEqualTo(id);
            assertThat(attempts.get()).isEqualTo(2); // the retry still hangs
            letItFail.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> setAside.equals(List.of(poison)));
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(recorder.mails).hasSize(1);
        } finally {
            letItFail.countDown();
            reader.stop();
        }
    }

    /**
     * A message stored on the server after the wait looked for unseen mail but before its IDLE
     * command was confirmed is announced with that confirmation (GreenMail, like Dovecot, sends
     * the EXISTS first); the IDLE must end for it at once, not at the renewal (two minutes here),
     * which with the default poll interval held such a reply for ten seconds.
     */
    @Test
    void aMessageArrivingAsTheIdleStartsEndsIt() throws Exception {
        String support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        InboundMailSettings settings = greenMail(support, true, Duration.ofMinutes(2));
        RecordingHandler recorder = new RecordingHandler();
        String id = "<" + UUID.randomUUID() + "@acme.example>";
        try (InboundMailbox mailbox = mailboxes.open(settings)) {
            assertThat(mailbox.supportsIdle()).isTrue();
            assertThat(mailbox.readNewMessages(recorder)).isZero();
            // the hook runs after the look for unseen mail, just before the IDLE command
            Runnable deliverNow = () -> {
                try {
                    Transport.send(TestMails.plain(TestMails.session(smtpPort), id, "bob@acme.example", support,
                            "Re: x", "Just as the IDLE starts")); // GreenMail has stored it when it says 250
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            };
            java.util.concurrent.CompletableFuture<Void> waiting = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    mailbox.waitForNewMessages(Duration.ofMinutes(2), deliverNow, 0);
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                await().atMost(Duration.ofSeconds(20)).until(waiting::isDone);
            } finally {
                mailbox.interruptWait();
            }
            waiting.get();
            assertThat(mailbox.readNewMessages(recorder)).isEqualTo(1);
            assertThat(recorder.mails.get(0).messageId()).isEqualTo(id);
        }
    }

    @Test
    void withoutIdleTheReaderPolls() throws Exception {
        String support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        InboundMailSettings settings = greenMail(support, false, Duration.ofMillis(300));
        RecordingHandler recorder = new RecordingHandler();
        InboundMailReader reader = mailboxes.reader(settings, recorder);
        reader.start();
        try {
            String id = "<" + UUID.randomUUID() + "@acme.example>";
            Transport.send(TestMails.plain(TestMails.session(smtpPort), id, "bob@acme.example", support, "Re: x", "Hi"));
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.mails.size() == 1);
            assertThat(recorder.mails.get(0).messageId()).isEqualTo(id);
        } finally {
            reader.stop();
        }
    }

    /**
     * The IMAP server goes away (every connection cut, new ones refused) while the reader waits in
     * IDLE and mail keeps arriving, then comes back: the reader reconnects by itself and hands
     * over every message once, those that arrived while it was away included. (GreenMail's handler
     * threads throw when their connection is cut: the waits do not fail on that.)
     */
    @Test
    void whenTheImapServerGoesAwayAndComesBackTheReaderReconnectsAndLosesNothing() throws Exception {
        String support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        RecordingHandler recorder = new RecordingHandler();
        try (TcpGate imap = new TcpGate(imapPort).open()) {
            InboundMailSettings settings = new InboundMailSettings(false, "127.0.0.1", imap.port(), "imap", support,
                    "x", "INBOX", true, Duration.ofMillis(500), 3, List.of());
            InboundMailReader reader = mailboxes.reader(settings, recorder);
            reader.start();
            try {
                List<String> sent = new java.util.ArrayList<>();
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(reader::isIdling);
                sent.add(send(support, "before"));
                await().dontCatchUncaughtExceptions().until(() -> recorder.mails.size() == 1);

                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(reader::isIdling);
                imap.close();
                long roundsBefore = reader.rounds();
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> reader.lastError() != null);
                for (int i = 0; i < 3; i++) {
                    sent.add(send(support, "while away " + i));
                }
                assertThat(recorder.mails).hasSize(1);

                imap.open();
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> recorder.mails.size() == 4);
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(reader::isIdling);
                sent.add(send(support, "after"));
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> recorder.mails.size() == 5);
                assertThat(reader.lastError()).isNull();
                assertThat(reader.rounds()).isGreaterThan(roundsBefore);
                assertThat(recorder.mails).extracting(InboundMail::messageId).containsExactlyInAnyOrderElementsOf(sent);
            } finally {
                reader.stop();
            }
        }
    }

    private String send(String support, String text) throws Exception {
        String id = "<" + UUID.randomUUID() + "@acme.example>";
        Transport.send(TestMails.plain(TestMails.session(smtpPort), id, "alice@acme.example", support, "Re: " + text,
                text));
        return id;
    }
}
