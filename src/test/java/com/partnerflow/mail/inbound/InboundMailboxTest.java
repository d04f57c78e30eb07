package com.partnerflow.mail.inbound;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.partnerflow.support.IntegrationTestBase;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The mailbox over real SMTP and IMAP (the embedded GreenMail) and the real database: each test
 * sends to its own mailbox and reads it with a recording handler.
 */
@Tag("database")
@ExtendWith(OutputCaptureExtension.class)
class InboundMailboxTest extends IntegrationTestBase {

    @Autowired
    private InboundMailboxes mailboxes;
    @Autowired
    private InboundMailLedger ledger;
    @Value("${partnerflow.dev-mail.smtp-port}")
    private int smtpPort;
    @Value("${partnerflow.dev-mail.imap-port}")
    private int imapPort;

    private String support;
    private Session smtp;
    private InboundMailbox inbox;
    private final RecordingHandler recorder = new RecordingHandler();

    @BeforeEach
    void openOwnMailbox() {
        support = "support-" + UUID.randomUUID() + "@partnerflow.local";
        smtp = TestMails.session(smtpPort);
        inbox = mailboxes.open(settings(imapPort, support));
    }

    @AfterEach
    void closeMailbox() {
        inbox.close();
    }

    static InboundMailSettings settings(int imapPort, String user) {
        return new InboundMailSettings(false, "127.0.0.1", imapPort, "imap", user, "any-password", "INBOX", true,
                Duration.ofMillis(200), 3, List.of());
    }

    @Test
    void aJapaneseReplyArrivesParsedWithItsAttachmentAndIsMarkedSeen() throws Exception {
        String id = "<" + UUID.randomUUID() + "@acme.example>";
        Transport.send(TestMails.japaneseReplyWithAttachment(smtp, id, support));

        awaitHandled(1);

        InboundMail mail = recorder.mails.get(0);
        assertThat(mail.messageId()).isEqualTo(id);
        assertThat(mail.from()).isEqualTo("yamada.taro@acme.example");
        assertThat(mail.to()).contains(support);
        assertThat(mail.subject()).isEqualTo("Re: 契約書のご確認 [CASE-42]");
        assertThat(mail.inReplyTo()).containsExactly(TestMails.OUR_MESSAGE_ID);
        assertThat(mail.references()).endsWith(TestMails.OUR_MESSAGE_ID);
        assertThat(mail.replyText()).isEqualTo("お世話になっております。\n署名済みの契約書を添付いたします。");
        assertThat(mail.attachments()).extracting(InboundAttachment::filename, InboundAttachment::contentType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("契約書.pdf", "application/pdf"));
        assertThat(mail.kind()).isEqualTo(MailKind.REPLY);
        assertThat(mail.receivedAt()).isNotNull();

        assertThat(seenFlags()).containsExactly(true);
        Map<String, Object> row = jdbc.sql("SELECT sender, subject, kind, outcome FROM inbound_mail WHERE message_id = ?")
                .param(id).query().singleRow();
        assertThat(row).containsEntry("SENDER", "yamada.taro@acme.example")
                .containsEntry("SUBJECT", "Re: 契約書のご確認 [CASE-42]")
                .containsEntry("KIND", "REPLY").containsEntry("OUTCOME", "recorded REPLY");
        assertThat(inbox.readNewMessages(recorder)).isZero();
    }

    @Test
    void aUtf8ReplyWithEncodedWordsAndAnHtmlOnlyReplyAreReadable() throws Exception {
        Transport.send(TestMails.plain(smtp, "<" + UUID.randomUUID() + "@acme.example>", "alice@acme.example", support,
                "Re: ご質問の件 — 回答", "はい、問題ありません。\n\nOn Mon, 23 Nov 2026, Support <" + support + "> wrote:\n> 質問"));
        Transport.send(TestMails.htmlOnlyShiftJis(smtp, "<" + UUID.randomUUID() + "@acme.example>", support));

        awaitHandled(2);

        assertThat(recorder.mails).extracting(InboundMail::subject)
                .containsExactlyInAnyOrder("Re: ご質問の件 — 回答", "Re: 見積もり");
        assertThat(recorder.mails).extracting(InboundMail::replyText)
                .containsExactlyInAnyOrder("はい、問題ありません。", "見積もりを確認しました。\n来週お電話します。");
    }

    @Test
    void theSameMessageIdDeliveredTwiceReachesTheHandlerOnce() throws Exception {
        String id = "<" + UUID.randomUUID() + "@acme.example>";
        Transport.send(TestMails.plain(smtp, id, "alice@acme.example", support, "Re: case", "First copy"));
        Transport.send(TestMails.plain(smtp, id, "alice@acme.example", support, "Re: case", "Second copy"));
        await().atMost(Duration.ofSeconds(30)).until(() -> seenFlags().size() == 2);

        assertThat(inbox.readNewMessages(recorder)).isEqualTo(1);
        assertThat(inbox.readNewMessages(recorder)).isZero();

        assertThat(recorder.mails).singleElement().extracting(InboundMail::messageId).isEqualTo(id);
        assertThat(seenFlags()).containsExactly(true, true);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_mail WHERE message_id = ?").param(id).query(Integer.class)
                .single()).isEqualTo(1);
    }

    @Test
    void aHandlerThatFailsLeavesTheMessageUnseenAndALaterReadHandlesIt(CapturedOutput output) throws Exception {
        String id = "<" + UUID.randomUUID() + "@acme.example>";
        Transport.send(TestMails.plain(smtp, id, "alice@acme.example", support, "Re: case", "Here it is"));
        await().atMost(Duration.ofSeconds(30)).until(() -> seenFlags().size() == 1);
        AtomicInteger calls = new AtomicInteger();
        InboundMailHandler crashing = mail -> {
            calls.incrementAndGet();
            // the handler's own write is part of the transaction that is rolled back
            jdbc.sql("UPDATE inbound_mail SET outcome = 'half done' WHERE message_id = ?").param(mail.messageId()).update();
            throw new IllegalStateException("process engine unavailable");
        };

        // a crash between reading and committing, twice (of at most 3 attempts)
        assertThat(inbox.readNewMessages(crashing)).isZero();
        assertThat(inbox.readNewMessages(crashing)).isZero();

        assertThat(calls).hasValue(2);
        assertThat(seenFlags()).containsExactly(false);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_mail WHERE message_id = ?").param(id).query(Integer.class)
                .single()).isZero();
        assertThat(failureCount(id)).isEqualTo(2);
        assertThat(output.getAll()).containsPattern("WARN .*Inbound mail " + java.util.regex.Pattern.quote(id)
                + " could not be handled \\(attempt 2 of 3\\)");

        assertThat(inbox.readNewMessages(recorder)).isEqualTo(1);
        assertThat(recorder.mails).singleElement().extracting(InboundMail::messageId).isEqualTo(id);
        assertThat(seenFlags()).containsExactly(true);
        assertThat(failureCount(id)).isZero();
    }

    /**
     * A message that fails every time is set aside after max-attempts (3) failures, counted in
     * the database: a new mailbox (a restart, or another node) goes on counting. Then it is
     * recorded as FAILED, given to the handler's failed-mail path with its original, and seen.
     */
    @Test
    void aMessageThatKeepsFailingIsSetAsideWithItsOriginalAndTheCountSurvivesARestart() throws Exception {
        String id = "<" + UUID.randomUUID() + "@acme.example>";
        Transport.send(TestMails.plain(smtp, id, "alice@acme.example", support, "Re: case", "Poison"));
        await().atMost(Duration.ofSeconds(30)).until(() -> seenFlags().size() == 1);
        List<InboundMailHandler.FailedMail> setAside = new CopyOnWriteArrayList<>();
        InboundMailHandler alwaysFailing = new InboundMailHandler() {
            @Override
            public String handle(InboundMail mail) {
                throw new IllegalStateException("value too long for type character varying(255)");
            }

            @Override
            public String handleFailed(FailedMail mail) {
                setAside.add(mail);
                return "given to an agent";
            }
        };

        assertThat(inbox.readNewMessages(alwaysFailing)).isZero();
        assertThat(inbox.readNewMessages(alwaysFailing)).isZero();
        inbox.close();
        inbox = mailboxes.open(settings(imapPort, support)); // a restart: nothing is remembered in memory
        assertThat(inbox.readNewMessages(alwaysFailing)).isEqualTo(1);

        assertThat(setAside).singleElement().satisfies(failed -> {
            assertThat(failed.messageId()).isEqualTo(id);
            assertThat(failed.from()).isEqualTo("alice@acme.example");
            assertThat(failed.subject()).isEqualTo("Re: case");
            assertThat(failed.text()).contains("Poison");
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.error()).contains("value too long");
        });
        assertThat(seenFlags()).containsExactly(true);
        assertThat(jdbc.sql("SELECT kind, outcome FROM inbound_mail WHERE message_id = ?").param(id).query()
                .singleRow()).containsEntry("KIND", "FAILED")
                .hasEntrySatisfying("OUTCOME", o -> assertThat((String) o).startsWith("set aside after 3 failures"));
        InboundMailLedger.Original original = ledger.original(setAside.get(0).originalId()).orElseThrow();
        assertThat(new String(original.raw(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("Message-ID: " + id).contains("Poison");
        assertThat(failureCount(id)).isZero();
        assertThat(inbox.readNewMessages(alwaysFailing)).isZero();
    }

    @Test
    void attachmentsBeyondTheLimitsAreCutWithANoticeNotRefused() throws Exception {
        String id = "<" + UUID.randomUUID() + "@acme.example>";
        String longName = "a".repeat(300) + ".pdf";
        MimeMessage message = TestMails.plain(smtp, id, "alice@acme.example", support, "Re: case", "See attached");
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("See attached", "UTF-8");
        jakarta.mail.internet.MimeMultipart mixed = new jakarta.mail.internet.MimeMultipart(text);
        for (int i = 0; i < MailLimits.MAX_ATTACHMENTS + 1; i++) {
            jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
            file.setContent(new byte[] {'%', 'P', 'D', 'F'}, "application/pdf");
            file.setFileName(i == 0 ? longName : "file-" + i + ".pdf");
            file.setDisposition(jakarta.mail.Part.ATTACHMENT);
            mixed.addBodyPart(file);
        }
        message.setContent(mixed);
        Transport.send(message);

        awaitHandled(1);

        InboundMail mail = recorder.mails.get(0);
        assertThat(mail.attachments()).hasSize(MailLimits.MAX_ATTACHMENTS);
        assertThat(mail.attachments().get(0).filename()).hasSize(255).endsWith("….pdf").startsWith("aaaa");
        assertThat(mail.notices()).hasSize(2)
                .anySatisfy(n -> assertThat(n).contains("shortened to 255 characters (it had 304)"))
                .anySatisfy(n -> assertThat(n).contains("file-20.pdf").contains("more than 20 attachments"));
        assertThat(mail.originalId()).isNotNull();
    }

    @Test
    void autoRepliesAndBouncesAreClassified() throws Exception {
        Transport.send(TestMails.outOfOffice(smtp, "<" + UUID.randomUUID() + "@acme.example>", support,
                "Auto-Submitted", "auto-replied"));
        Transport.send(TestMails.outOfOffice(smtp, "<" + UUID.randomUUID() + "@acme.example>", support,
                "Precedence", "bulk"));
        String dsn = "<" + UUID.randomUUID() + "@mx.acme.example>";
        Transport.send(TestMails.deliveryReport(smtp, dsn, support));

        awaitHandled(3);

        assertThat(recorder.mails).extracting(InboundMail::kind)
                .containsExactlyInAnyOrder(MailKind.AUTO_REPLY, MailKind.AUTO_REPLY, MailKind.BOUNCE);
        InboundMail bounce = recorder.mails.stream().filter(m -> m.kind() == MailKind.BOUNCE).findFirst().orElseThrow();
        assertThat(bounce.messageId()).isEqualTo(dsn);
        assertThat(bounce.from()).isEqualTo("mailer-daemon@mx.acme.example");
        assertThat(bounce.bouncedMessageId()).isEqualTo(TestMails.OUR_MESSAGE_ID);
        assertThat(bounce.attachments()).isEmpty();
        assertThat(seenFlags()).containsOnly(true);
    }

    @Test
    void aMailboxNeedsAServerAndAUser() {
        assertThatThrownBy(() -> mailboxes.open(settings(imapPort, " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username");
        assertThat(settings(imapPort, support).toString()).doesNotContain("any-password").contains("HIDDEN");
    }

    private int failureCount(String messageId) {
        return jdbc.sql("SELECT COALESCE(MAX(failures), 0) FROM inbound_mail_failure WHERE message_id = ?")
                .param(messageId).query(Integer.class).single();
    }

    private void awaitHandled(int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            inbox.readNewMessages(recorder);
            assertThat(recorder.mails).hasSize(count);
        });
    }

    /** The \Seen flag of every message in the test's mailbox, read over a separate IMAP connection. */
    private List<Boolean> seenFlags() throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", imapPort, support, "any-password");
        try {
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            List<Boolean> flags = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                flags.add(message.isSet(Flags.Flag.SEEN));
            }
            folder.close(false);
            return flags;
        } finally {
            store.close();
        }
    }

    static final class RecordingHandler implements InboundMailHandler {
        final List<InboundMail> mails = new CopyOnWriteArrayList<>();

        @Override
        public String handle(InboundMail mail) {
            mails.add(mail);
            return "recorded " + mail.kind();
        }
    }
}
