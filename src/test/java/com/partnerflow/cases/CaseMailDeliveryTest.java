package com.partnerflow.cases;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.config.StaffGroups;
import com.partnerflow.support.TestMailbox;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Mail as real servers and clients send it, through the dev mail server (SMTP in, IMAP out),
 * the background reader, the router and the processes: bounces to the VERP envelope sender,
 * a message that cannot be read, bottom-posted replies, attachment limits, and the receiving
 * server's Authentication-Results. The test profile trusts the authserv-id {@code mx.partnerflow.test}.
 */
@Tag("database")
class CaseMailDeliveryTest extends CaseTestSupport {

    private static final String AGENT = "mailagent";
    private static final String AGENT_PASSWORD = "agent-pass-mail-1";

    @Value("${partnerflow.dev-mail.smtp-port}")
    int smtpPort;
    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identity;

    @BeforeEach
    void supportAgent() {
        staffUser(AGENT, AGENT_PASSWORD, StaffGroups.SUPPORT_AGENTS);
    }

    // ---- 1. bounces come back to the application --------------------------------------------

    @Test
    void aQuestionGoesOutWithAVerpEnvelopeSenderOnTheSupportMailbox() {
        Asked asked = askedCase("en");
        String token = tokenOf(asked.question());
        assertThat(asked.question().returnPath()).isEqualTo("<support+bounce-" + token + "@partnerflow.local>");
        // mail that expects no answer bounces to the support mailbox itself, not to no-reply@
        TestMailbox.Mail opened = mailbox.awaitMessage(asked.partner().email(), 1);
        assertThat(opened.returnPath()).isEqualTo("<support@partnerflow.local>");
    }

    /**
     * A delivery status notification as Postfix writes it, addressed to the question's envelope
     * sender, with and without the returned message's headers (many servers quote nothing).
     * GreenMail takes no null reverse path (it answers MAIL FROM:&lt;&gt; but then refuses RCPT,
     * greenmail issue 28), so the report's envelope sender is the daemon's address; nothing here
     * reads it.
     */
    @ParameterizedTest(name = "original headers quoted: {0}")
    @ValueSource(booleans = {true, false})
    void aBounceAsAnMtaSendsItReachesTheAgent(boolean withOriginalHeaders) throws IOException {
        Asked asked = askedCase("en");
        String verp = bare(asked.question().returnPath());
        String boundary = "dsn-" + UUID.randomUUID();
        String dsn = String.join("\r\n",
                "Message-ID: <" + UUID.randomUUID() + "@mx.acme.example>",
                "Date: Mon, 23 Nov 2026 10:00:05 +0000",
                "From: MAILER-DAEMON@mx.acme.example (Mail Delivery System)",
                "To: " + verp,
                "Subject: Undelivered Mail Returned to Sender",
                "Auto-Submitted: auto-replied",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"",
                "",
                "--" + boundary,
                "Content-Type: text/plain; charset=us-ascii",
                "",
                "This is the mail system at host mx.acme.example.",
                "",
                "<" + asked.partner().email() + ">: host mx.acme.example said: 550 5.1.1 User unknown",
                "",
                "--" + boundary,
                "Content-Type: message/delivery-status",
                "",
                "Reporting-MTA: dns; mx.acme.example",
                "",
                "Final-Recipient: rfc822; " + asked.partner().email(),
                "Action: failed",
                "Status: 5.1.1",
                "",
                withOriginalHeaders ? "--" + boundary : "--" + boundary + "--",
                withOriginalHeaders ? "Content-Type: text/rfc822-headers\r\n\r\nMessage-ID: "
                        + asked.question().messageId() + "\r\nSubject: " + asked.question().subject()
                        + "\r\n\r\n--" + boundary + "--" : "",
                "");
        smtpDialogue("MAILER-DAEMON@mx.acme.example", verp, dsn);

        Task task = awaitAgentTask(asked.supportCase());
        assertThat((String) tasks.getVariable(task.getId(), CaseProcesses.AGENT_NOTICE))
                .contains("could not be delivered").contains("550 5.1.1 User unknown");
        assertThat(stillWaiting(asked)).isFalse();
        assertThat(history.createHistoricVariableInstanceQuery().variableName(CaseProcesses.ASK_OUTCOME)
                .processInstanceId(processIdOf(asked.supportCase())).singleResult().getValue()).isEqualTo("BOUNCED");
    }

    // ---- 2. a message that cannot be handled ------------------------------------------------

    /**
     * A reply the database refuses to store, every time (like an over-long value on PostgreSQL):
     * the test adds a CHECK constraint that refuses the reply's text, on H2 and PostgreSQL alike.
     * After three failed attempts it is set aside and an agent gets it with its original.
     */
    @Test
    void aReplyThatCannotBeStoredIsGivenToAnAgentWithItsOriginalAndOtherMailFlows() throws Exception {
        Asked asked = askedCase("en");
        String poisonId = "<poison-" + UUID.randomUUID() + "@acme.example>";
        jdbc.sql("ALTER TABLE case_message ADD CONSTRAINT ck_test_refused CHECK (body NOT LIKE '%REFUSED-BY-DB%')")
                .update();
        try {
            Transport.send(reply(asked, asked.partner().email(), "Keep account #1. REFUSED-BY-DB", poisonId));

            Task unmatched = await().atMost(Duration.ofSeconds(60)).until(() -> tasks.createTaskQuery()
                    .processDefinitionKey(CaseProcesses.UNMATCHED_REPLY).processInstanceBusinessKey(poisonId)
                    .singleResult(), t -> t != null);
            assertThat((String) tasks.getVariable(unmatched.getId(), "unmatchedReason"))
                    .contains("could not be processed automatically (3 attempts");
            assertThat((String) tasks.getVariable(unmatched.getId(), "mailFrom")).isEqualTo(asked.partner().email());
            assertThat((String) tasks.getVariable(unmatched.getId(), "mailText")).contains("Keep account #1.");
            String original = (String) tasks.getVariable(unmatched.getId(), "mailOriginal");
            ResponseEntity<byte[]> download = http.withBasicAuth(AGENT, AGENT_PASSWORD)
                    .getForEntity(path(original), byte[].class);
            assertThat(download.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(download.getHeaders().getContentType()).hasToString("message/rfc822");
            assertThat(download.getHeaders().getContentDisposition().isAttachment()).isTrue();
            assertThat(new String(download.getBody(), StandardCharsets.UTF_8))
                    .contains("Message-ID: " + poisonId).contains("REFUSED-BY-DB");
            assertThat(jdbc.sql("SELECT kind FROM inbound_mail WHERE message_id = ?").param(poisonId)
                    .query(String.class).single()).isEqualTo("FAILED");
            assertThat(stillWaiting(asked)).isTrue();
        } finally {
            jdbc.sql("ALTER TABLE case_message DROP CONSTRAINT ck_test_refused").update();
        }

        // the question still waits, and the partner's next reply is applied as usual
        Transport.send(reply(asked, asked.partner().email(), "Keep account #1."));
        awaitAgentTask(asked.supportCase());
        assertThat(lastMessage(asked).body()).isEqualTo("Keep account #1.");
    }

    /** Camunda's business key holds 255 characters; a Message-ID may have 998. */
    @Test
    void aMailWithAMessageIdLongerThanABusinessKeyStillReachesAnAgent() throws Exception {
        String sender = "someone-" + UUID.randomUUID() + "@elsewhere.example";
        String longId = "<" + "x".repeat(400) + "@elsewhere.example>";
        MimeMessage mail = new MimeMessage(smtpSession(sender)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", longId);
            }
        };
        mail.setFrom(new InternetAddress(sender));
        mail.setRecipients(MimeMessage.RecipientType.TO, "support@partnerflow.local");
        mail.setSubject("A question without a case");
        mail.setText("Hello, who can help me?");
        Transport.send(mail);

        await().atMost(Duration.ofSeconds(30)).until(() -> unmatchedTasksFrom(sender) == 1);
        assertThat(jdbc.sql("SELECT kind FROM inbound_mail WHERE message_id = ?").param(longId).query(String.class)
                .single()).isEqualTo("REPLY");
    }

    @Test
    void theOriginalIsForStaffOnly() throws Exception {
        Asked asked = askedCase("en");
        Transport.send(reply(asked, asked.partner().email(), "Keep account #1."));
        awaitAgentTask(asked.supportCase());
        String path = "/staff/inbound-mail/" + lastMessage(asked).originalMailId() + ".eml";

        assertThat(http.getForEntity(path, byte[].class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        String partnerToken = signIn(asked.partner().id());
        assertThat(http.exchange(path, org.springframework.http.HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(bearer(partnerToken)), byte[].class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth(AGENT, AGENT_PASSWORD).getForEntity(path, byte[].class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth(AGENT, AGENT_PASSWORD)
                .getForEntity("/staff/inbound-mail/" + UUID.randomUUID() + ".eml", byte[].class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.withBasicAuth(AGENT, AGENT_PASSWORD)
                .getForEntity("/staff/inbound-mail/not-an-id.eml", byte[].class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        // last: Camunda holds the user back for a few seconds after a wrong password
        assertThat(http.withBasicAuth(AGENT, "wrong").getForEntity(path, byte[].class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        // lifted here: the class's next test may sign in as the agent within those seconds
        identity.unlockUser(AGENT);
    }

    @Test
    void aReplyWithAnOverlongAttachmentNameIsAppliedWithTheNameShortened() throws Exception {
        Asked asked = askedCase("en");
        MimeMessage reply = reply(asked, asked.partner().email(), "The certificate is attached.");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("The certificate is attached.", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setContent("%PDF-1.4".getBytes(StandardCharsets.US_ASCII), "application/pdf");
        file.setFileName("certificate-" + "x".repeat(300) + ".pdf");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        reply.setContent(new MimeMultipart(text, file));
        Transport.send(reply);

        awaitAgentTask(asked.supportCase());
        CaseMessage last = lastMessage(asked);
        assertThat(last.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).hasSize(255).startsWith("certificate-xxx").endsWith("….pdf");
            assertThat(a.size()).isEqualTo(8);
        });
        assertThat(last.body()).startsWith("The certificate is attached.")
                .contains("was shortened to 255 characters (it had 316)");
    }

    // ---- 3. bottom-posted replies -----------------------------------------------------------

    @Test
    void aBottomPostedReplyStoresTheAnswerAndTheAgentCanOpenTheWholeMail() throws Exception {
        Asked asked = askedCase("en");
        MimeMessage reply = reply(asked, asked.partner().email(), null);
        reply.setText("On Mon, 23 Nov 2026 at 10:00, Partnerflow <support@partnerflow.local> wrote:\n> "
                + asked.question().text().strip().replace("\n", "\n> ") + "\n\nKeep account #1, please.\n\n-- \nPat\n",
                "UTF-8");
        Transport.send(reply);

        Task task = awaitAgentTask(asked.supportCase());
        CaseMessage last = lastMessage(asked);
        assertThat(last.body()).isEqualTo("Keep account #1, please.");
        String correspondence = (String) tasks.getVariable(task.getId(), "correspondence");
        assertThat(correspondence).contains("original: http://").contains("/staff/inbound-mail/" + last.originalMailId());
        ResponseEntity<byte[]> original = http.withBasicAuth(AGENT, AGENT_PASSWORD)
                .getForEntity("/staff/inbound-mail/" + last.originalMailId() + ".eml", byte[].class);
        assertThat(new String(original.getBody(), StandardCharsets.UTF_8)).contains("wrote:").contains("> ")
                .contains("Keep account #1, please.");
    }

    // ---- 4. sender evidence ---------------------------------------------------------------

    /**
     * @param envelopeSender the reply's envelope sender ({d}: the partner's domain; null: the partner)
     * @param results        the Authentication-Results header our MX would add, or null for none
     * @param applied        whether the reply advances the case (else an agent gets it as unmatched)
     */
    static Stream<Arguments> senderEvidence() {
        return Stream.of(
                Arguments.of("trusted server: DMARC fails", null,
                        "mx.partnerflow.test; spf=fail smtp.mailfrom={d}; dkim=fail header.d={d}; dmarc=fail header.from={d}",
                        false),
                Arguments.of("trusted server: everything passes", null,
                        "mx.partnerflow.test; spf=pass smtp.mailfrom=pat@{d}; dkim=pass header.d={d}; dmarc=pass header.from={d}",
                        true),
                Arguments.of("untrusted server's failure is ignored", null,
                        "mx.elsewhere.example; spf=fail smtp.mailfrom={d}; dmarc=fail header.from={d}", true),
                Arguments.of("no Authentication-Results: the token decides, as before", null, null, true),
                Arguments.of("someone else's envelope sender, only their SPF passes", "mallory@elsewhere.example",
                        "mx.partnerflow.test; spf=pass smtp.mailfrom=mallory@elsewhere.example; dkim=none", false),
                Arguments.of("someone else's envelope sender (a forwarder), signed by the partner's domain",
                        "forwarder@lists.example",
                        "mx.partnerflow.test; spf=pass smtp.mailfrom=forwarder@lists.example; dkim=pass header.d={d}",
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("senderEvidence")
    void theReceivingServersResultsDecideWhetherTheClaimedSenderIsBelieved(String name, String envelopeSender,
                                                                           String results, boolean applied)
            throws Exception {
        Asked asked = askedCase("en");
        String email = asked.partner().email();
        String domain = email.substring(email.indexOf('@') + 1);
        MimeMessage reply = reply(asked, email, "Keep account #1.");
        if (results != null) {
            reply.setHeader("Authentication-Results", results.replace("{d}", domain));
        }
        Session session = smtpSession(envelopeSender != null ? envelopeSender : email);
        Transport.send(copyInto(session, reply));

        if (applied) {
            awaitAgentTask(asked.supportCase());
            assertThat(lastMessage(asked).body()).isEqualTo("Keep account #1.");
            assertThat(unmatchedTasksFrom(email)).isZero();
        } else {
            await().atMost(Duration.ofSeconds(30)).until(() -> unmatchedTasksFrom(email) == 1);
            Task unmatched = tasks.createTaskQuery().processDefinitionKey(CaseProcesses.UNMATCHED_REPLY)
                    .processVariableValueEquals("mailFrom", email).singleResult();
            assertThat((String) tasks.getVariable(unmatched.getId(), "unmatchedReason"))
                    .contains("could not confirm the sender");
            assertThat(stillWaiting(asked)).isTrue();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private MimeMessage reply(Asked asked, String from, String text) throws MessagingException {
        return reply(asked, from, text, null);
    }

    private MimeMessage reply(Asked asked, String from, String text, String messageId) throws MessagingException {
        MimeMessage m = new MimeMessage(smtpSession(from)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (messageId == null) {
                    super.updateMessageID();
                } else {
                    setHeader("Message-ID", messageId);
                }
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipients(MimeMessage.RecipientType.TO, asked.question().replyTo());
        m.setSubject("Re: " + asked.question().subject(), "UTF-8");
        m.setHeader("In-Reply-To", asked.question().messageId());
        if (text != null) {
            m.setText(text + "\n\nOn Mon, 23 Nov 2026 Partnerflow <support@partnerflow.local> wrote:\n> "
                    + asked.question().text().replace("\n", "\n> "), "UTF-8");
        }
        return m;
    }

    private Session smtpSession(String envelopeSender) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        props.put("mail.smtp.from", envelopeSender);
        return Session.getInstance(props);
    }

    private static MimeMessage copyInto(Session session, MimeMessage message) throws Exception {
        message.saveChanges();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        message.writeTo(out);
        return new MimeMessage(session, new java.io.ByteArrayInputStream(out.toByteArray()));
    }

    /** Hands a raw message to the mail server as another MTA would: a plain SMTP dialogue. */
    private void smtpDialogue(String mailFrom, String rcptTo, String message) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", smtpPort)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO mx.acme.example", "250");
            command(out, in, "MAIL FROM:<" + mailFrom + ">", "250");
            command(out, in, "RCPT TO:<" + rcptTo + ">", "250");
            command(out, in, "DATA", "354");
            StringBuilder data = new StringBuilder();
            for (String line : message.replace("\r\n", "\n").split("\n", -1)) {
                data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            }
            out.write(data.append(".\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(OutputStream out, BufferedReader in, String command, String expected) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected);
    }

    /** Reads a (possibly multi-line, "250-…") reply and checks its code. */
    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || !line.startsWith(code)) {
                throw new IOException("SMTP: expected " + code + ", got " + line);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    private CaseMessage lastMessage(Asked asked) {
        List<CaseMessage> messages = caseRepository.messages(asked.supportCase().id());
        return messages.get(messages.size() - 1);
    }

    private static String tokenOf(TestMailbox.Mail question) {
        String replyTo = question.replyTo();
        return replyTo.substring(replyTo.indexOf('+') + 1, replyTo.indexOf('@'));
    }

    private static String bare(String returnPath) {
        return returnPath.replace("<", "").replace(">", "").strip();
    }

    private static String path(String url) {
        return java.net.URI.create(url).getPath();
    }
}
