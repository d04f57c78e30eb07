package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The whole way of a partner's reply: SMTP into the dev mail server (support+token@ lands in
 * support@), the background IMAP reader, the router, the waiting process.
 */
class CaseEmailReplyEndToEndTest extends CaseTestSupport {

    @Value("${partnerflow.dev-mail.smtp-port}")
    int smtpPort;


    private MimeMessage message(String messageId) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        return new MimeMessage(Session.getInstance(props)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
    }

    private MimeMessage reply(Asked asked, String from, String messageId, String text, String charset)
            throws Exception {
        MimeMessage m = message(messageId);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(MimeMessage.RecipientType.TO, asked.question().replyTo());
        m.setSubject("Re: " + asked.question().subject(), charset);
        m.setHeader("In-Reply-To", asked.question().messageId());
        m.setText(text + "\n\n" + "On Mon, 23 Nov 2026 Partnerflow <support@partnerflow.local> wrote:\n> "
                + asked.question().text().replace("\n", "\n> "), charset);
        return m;
    }

    /** Mail is read in order: once this marker is recorded, everything sent before it was handled. */
    private void awaitHandledUpTo(String markerMessageId) throws Exception {
        MimeMessage marker = message(markerMessageId);
        marker.setFrom(new InternetAddress("robot@marker.example"));
        marker.setRecipients(MimeMessage.RecipientType.TO, "support@partnerflow.local");
        marker.setSubject("Automatic reply");
        marker.setHeader("Auto-Submitted", "auto-replied");
        marker.setText("marker");
        Transport.send(marker);
        await().until(() -> jdbc.sql("SELECT COUNT(*) FROM inbound_mail WHERE message_id = ?").param(markerMessageId)
                .query(Long.class).single() == 1);
    }

    @Test
    void aJapaneseReplyWithAnAttachmentAdvancesTheCase() throws Exception {
        Asked asked = askedCase("ja");
        MimeMessage reply = message("<" + UUID.randomUUID() + "@partner.example>");
        reply.setFrom(new InternetAddress(asked.partner().email(), "山田 太郎", "UTF-8"));
        reply.setRecipients(MimeMessage.RecipientType.TO, asked.question().replyTo());
        reply.setSubject("Re: " + asked.question().subject(), "ISO-2022-JP");
        reply.setHeader("In-Reply-To", asked.question().messageId());
        MimeBodyPart text = new MimeBodyPart();
        text.setText("アカウント #1 を残してください。\n\n2026年11月23日 Partnerflow <support@partnerflow.local>:\n> ご質問です。",
                "ISO-2022-JP");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent("%PDF-1.4 test".getBytes(StandardCharsets.US_ASCII), "application/pdf");
        attachment.setFileName(jakarta.mail.internet.MimeUtility.encodeText("認定証.pdf", "UTF-8", "B"));
        reply.setContent(new MimeMultipart(text, attachment));
        Transport.send(reply);

        awaitAgentTask(asked.supportCase());
        List<CaseMessage> messages = caseRepository.messages(asked.supportCase().id());
        CaseMessage last = messages.get(messages.size() - 1);
        assertThat(last.body()).isEqualTo("アカウント #1 を残してください。");
        assertThat(last.attachments()).extracting(CaseMessage.AttachmentInfo::filename).containsExactly("認定証.pdf");
        assertThat(last.author()).isEqualTo(asked.partner().email());
    }

    @Test
    void aReplyFromAnotherAddressDoesNotMoveTheCase() throws Exception {
        Asked asked = askedCase("en");
        String spoofer = "someone-" + UUID.randomUUID() + "@elsewhere.example";
        Transport.send(reply(asked, spoofer, "<" + UUID.randomUUID() + "@x>", "Keep #2", "UTF-8"));
        await().until(() -> unmatchedTasksFrom(spoofer) == 1);
        assertThat(stillWaiting(asked)).isTrue();
    }

    @Test
    void theSameMessageReadTwiceAdvancesTheCaseOnce() throws Exception {
        Asked asked = askedCase("en");
        String messageId = "<" + UUID.randomUUID() + "@partner.example>";
        Transport.send(reply(asked, asked.partner().email(), messageId, "Keep #1", "UTF-8"));
        Transport.send(reply(asked, asked.partner().email(), messageId, "Keep #1", "UTF-8"));
        awaitHandledUpTo("<marker-" + UUID.randomUUID() + "@marker.example>");

        awaitAgentTask(asked.supportCase());
        assertThat(caseRepository.messages(asked.supportCase().id())).filteredOn(m -> m.body().equals("Keep #1"))
                .hasSize(1);
        assertThat(unmatchedTasksFrom(asked.partner().email())).isZero();
    }

    @Test
    void anOutOfOfficeAnswerDoesNotCount() throws Exception {
        Asked asked = askedCase("en");
        MimeMessage outOfOffice = reply(asked, asked.partner().email(), "<" + UUID.randomUUID() + "@x>",
                "I am out of the office until Monday.", "UTF-8");
        outOfOffice.setHeader("Auto-Submitted", "auto-replied");
        Transport.send(outOfOffice);
        awaitHandledUpTo("<marker-" + UUID.randomUUID() + "@marker.example>");
        assertThat(stillWaiting(asked)).isTrue();
        assertThat(unmatchedTasksFrom(asked.partner().email())).isZero();
    }
}
