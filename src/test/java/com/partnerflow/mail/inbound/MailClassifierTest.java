package com.partnerflow.mail.inbound;

import static com.partnerflow.mail.inbound.TestMails.offline;
import static com.partnerflow.mail.inbound.TestMails.received;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MailClassifierTest {

    private static final String TO = "support@partnerflow.local";

    @Test
    void aPersonsMailIsAReply() throws Exception {
        MimeMessage mail = received(TestMails.plain(offline(), "<r1@acme.example>", "alice@acme.example", TO,
                "Re: case", "Thanks"));
        assertThat(MailClassifier.classify(mail)).isEqualTo(MailKind.REPLY);
    }

    @ParameterizedTest
    @CsvSource({
            "Auto-Submitted, auto-replied, AUTO_REPLY",
            "Auto-Submitted, auto-generated; owner-email=x@y, AUTO_REPLY",
            "Auto-Submitted, no, REPLY",
            "Auto-Submitted, No , REPLY",
            "X-Autoreply, yes, AUTO_REPLY",
            "X-Autorespond, anything, AUTO_REPLY",
            "Precedence, bulk, AUTO_REPLY",
            "Precedence, junk, AUTO_REPLY",
            "Precedence, List, AUTO_REPLY",
            "Precedence, auto_reply, AUTO_REPLY",
            "Precedence, first-class, REPLY"})
    void automaticAnswersByTheirHeaders(String header, String value, MailKind expected) throws Exception {
        MimeMessage mail = received(TestMails.outOfOffice(offline(), "<a1@acme.example>", TO, header, value));
        assertThat(MailClassifier.classify(mail)).isEqualTo(expected);
    }

    @Test
    void aDeliveryReportIsABounceNamingOurMessage() throws Exception {
        MimeMessage mail = received(TestMails.deliveryReport(offline(), "<dsn1@mx.acme.example>", TO));
        assertThat(MailClassifier.classify(mail)).isEqualTo(MailKind.BOUNCE);
        assertThat(MailClassifier.bouncedMessageId(mail)).isEqualTo(TestMails.OUR_MESSAGE_ID);
    }

    @Test
    void aPlainTextFailureFromTheMailerDaemonIsABounce() throws Exception {
        MimeMessage mail = received(TestMails.plain(offline(), "<q1@mx.acme.example>", "MAILER-DAEMON@mx.acme.example",
                TO, "failure notice", """
                        Hi. This is the qmail-send program at mx.acme.example.
                        I'm afraid I wasn't able to deliver your message to the following addresses.

                        --- Below this line is a copy of the message.

                        Message-ID: <case-7@partnerflow.local>
                        Subject: Your case
                        """));
        assertThat(MailClassifier.classify(mail)).isEqualTo(MailKind.BOUNCE);
        assertThat(MailClassifier.bouncedMessageId(mail)).isEqualTo("<case-7@partnerflow.local>");
    }

    @Test
    void japaneseDeliveryFailureFromPostmasterIsABounce() throws Exception {
        MimeMessage mail = received(TestMails.plain(offline(), "<q2@mx.acme.example>", "postmaster@mx.acme.example",
                TO, "配信エラー: 宛先が見つかりません", "宛先のメールアドレスが見つかりませんでした。"));
        assertThat(MailClassifier.classify(mail)).isEqualTo(MailKind.BOUNCE);
    }

    @Test
    void otherMailFromPostmasterIsNotABounce() throws Exception {
        MimeMessage mail = received(TestMails.plain(offline(), "<p1@acme.example>", "postmaster@acme.example",
                TO, "Re: your question", "We changed our MX records."));
        assertThat(MailClassifier.classify(mail)).isEqualTo(MailKind.REPLY);
    }
}
