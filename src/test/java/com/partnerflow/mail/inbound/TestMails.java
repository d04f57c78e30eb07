package com.partnerflow.mail.inbound;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.Properties;

/** Messages as partners' mailers and mail servers write them, built with jakarta.mail. */
final class TestMails {

    static final String OUR_MESSAGE_ID = "<case-42.original@partnerflow.local>";

    private TestMails() {
    }

    static Session session(int smtpPort) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        return Session.getInstance(props);
    }

    static Session offline() {
        return Session.getInstance(new Properties());
    }

    /** A message whose Message-ID stays what we set (jakarta.mail otherwise makes a new one on send). */
    static MimeMessage withMessageId(Session session, String messageId) {
        return new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
    }

    static MimeMessage plain(Session session, String messageId, String from, String to, String subject, String text)
            throws MessagingException {
        MimeMessage message = withMessageId(session, messageId);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        return message;
    }

    /**
     * A Japanese reply as Japanese mailers write it: ISO-2022-JP subject (encoded word) and body,
     * a UTF-8 display name, quoted history, a PDF with a Japanese file name, In-Reply-To and References.
     */
    static MimeMessage japaneseReplyWithAttachment(Session session, String messageId, String to)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = withMessageId(session, messageId);
        message.setFrom(new InternetAddress("Yamada.Taro@Acme.Example", "山田 太郎", "UTF-8"));
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setRecipients(MimeMessage.RecipientType.CC, "Hanako <Hanako@acme.example>");
        message.setSubject("Re: 契約書のご確認 [CASE-42]", "ISO-2022-JP");
        message.setHeader("In-Reply-To", OUR_MESSAGE_ID);
        message.setHeader("References", "<case-42.first@partnerflow.local>\r\n " + OUR_MESSAGE_ID);
        MimeBodyPart text = new MimeBodyPart();
        text.setText("""
                お世話になっております。
                署名済みの契約書を添付いたします。

                2026年11月23日(月) 10:00 Partnerflow Support <support@partnerflow.local>:
                > 契約書をお送りください。
                > よろしくお願いいたします。
                """, "ISO-2022-JP");
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[] {'%', 'P', 'D', 'F', 1, 2, 3},
                "application/pdf")));
        pdf.setFileName(MimeUtility.encodeText("契約書.pdf", "UTF-8", "B"));
        pdf.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart mixed = new MimeMultipart();
        mixed.addBodyPart(text);
        mixed.addBodyPart(pdf);
        message.setContent(mixed);
        return message;
    }

    /** An HTML-only reply in Shift_JIS (no text/plain part), quoting in a blockquote. */
    static MimeMessage htmlOnlyShiftJis(Session session, String messageId, String to) throws MessagingException {
        MimeMessage message = withMessageId(session, messageId);
        message.setFrom(new InternetAddress("suzuki@acme.example"));
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject("Re: 見積もり", "Shift_JIS");
        message.setContent("<html><body><p>見積もりを確認しました。</p><div>来週お電話します。</div>"
                + "<blockquote><p>見積もりをお送りします。</p></blockquote></body></html>", "text/html; charset=Shift_JIS");
        return message;
    }

    static MimeMessage outOfOffice(Session session, String messageId, String to, String header, String value)
            throws MessagingException {
        MimeMessage message = plain(session, messageId, "bob@acme.example", to, "Out of office",
                "I am away until Monday.");
        message.setHeader(header, value);
        return message;
    }

    /** A delivery status notification (RFC 3464) for our message {@link #OUR_MESSAGE_ID}. */
    static MimeMessage deliveryReport(Session session, String messageId, String to) throws MessagingException {
        MimeMessage message = withMessageId(session, messageId);
        message.setFrom(new InternetAddress("MAILER-DAEMON@mx.acme.example", false));
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject("Undelivered Mail Returned to Sender");
        message.setHeader("Auto-Submitted", "auto-replied");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("Your message could not be delivered to gone@acme.example.", "UTF-8");
        MimeBodyPart status = new MimeBodyPart();
        status.setDataHandler(new DataHandler(new ByteArrayDataSource("""
                Reporting-MTA: dns; mx.acme.example

                Final-Recipient: rfc822; gone@acme.example
                Action: failed
                Status: 5.1.1
                """.replace("\n", "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "message/delivery-status")));
        MimeBodyPart headers = new MimeBodyPart();
        headers.setDataHandler(new DataHandler(new ByteArrayDataSource(("From: support@partnerflow.local\r\n"
                + "To: gone@acme.example\r\nSubject: Your case\r\nMessage-ID: " + OUR_MESSAGE_ID + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), "text/rfc822-headers")));
        MimeMultipart report = new DeliveryReport();
        report.addBodyPart(human);
        report.addBodyPart(status);
        report.addBodyPart(headers);
        message.setContent(report);
        return message;
    }

    /** multipart/report with its report-type parameter, which MimeMultipart has no setter for. */
    private static final class DeliveryReport extends MimeMultipart {
        DeliveryReport() throws MessagingException {
            super("report");
            ContentType type = new ContentType(contentType);
            type.setParameter("report-type", "delivery-status");
            contentType = type.toString();
        }
    }

    /** The message as a receiver sees it: written out and parsed again. */
    static MimeMessage received(MimeMessage message) throws MessagingException, IOException {
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return new MimeMessage(offline(), new ByteArrayInputStream(out.toByteArray()));
    }
}
