package com.partnerflow.mail.inbound;

import static com.partnerflow.mail.inbound.TestMails.offline;
import static com.partnerflow.mail.inbound.TestMails.received;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InboundMailParserTest {

    private static final String TO = "support@partnerflow.local";

    @Test
    void japaneseReplyInIso2022JpWithAttachment() throws Exception {
        InboundMail mail = InboundMailParser.parse(received(
                TestMails.japaneseReplyWithAttachment(offline(), "<jp1@acme.example>", TO)));
        assertThat(mail.messageId()).isEqualTo("<jp1@acme.example>");
        assertThat(mail.from()).isEqualTo("yamada.taro@acme.example");
        assertThat(mail.to()).containsExactly(TO, "hanako@acme.example");
        assertThat(mail.subject()).isEqualTo("Re: 契約書のご確認 [CASE-42]");
        assertThat(mail.inReplyTo()).containsExactly(TestMails.OUR_MESSAGE_ID);
        assertThat(mail.references()).containsExactly("<case-42.first@partnerflow.local>", TestMails.OUR_MESSAGE_ID);
        assertThat(mail.replyText()).isEqualTo("お世話になっております。\n署名済みの契約書を添付いたします。");
        assertThat(mail.fullText()).contains("> 契約書をお送りください。");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("契約書.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.content()).startsWith('%', 'P', 'D', 'F');
        });
        assertThat(mail.kind()).isEqualTo(MailKind.REPLY);
        assertThat(mail.bouncedMessageId()).isNull();
    }

    @Test
    void htmlOnlyShiftJisReplyBecomesTextWithoutTheQuote() throws Exception {
        InboundMail mail = InboundMailParser.parse(received(TestMails.htmlOnlyShiftJis(offline(), "<sj1@acme.example>", TO)));
        assertThat(mail.subject()).isEqualTo("Re: 見積もり");
        assertThat(mail.fullText()).isEqualTo("見積もりを確認しました。\n来週お電話します。\n> 見積もりをお送りします。");
        assertThat(mail.replyText()).isEqualTo("見積もりを確認しました。\n来週お電話します。");
        assertThat(mail.attachments()).isEmpty();
    }

    @Test
    void encodedWordsGluedToTextAndRawHeadersAreDecoded() throws Exception {
        String raw = "From: =?UTF-8?B?5bGx55Sw?= <Taro@ACME.example>\r\n"
                + "To: support@partnerflow.local\r\n"
                + "Subject: Re:=?ISO-2022-JP?B?GyRCOCtAUT1xGyhC?=[CASE-1]\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0900\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nはい\r\n";
        MimeMessage message = new MimeMessage(offline(), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        InboundMail mail = InboundMailParser.parse(message);
        assertThat(mail.subject()).isEqualTo("Re:見積書[CASE-1]");
        assertThat(mail.from()).isEqualTo("taro@acme.example");
        assertThat(mail.replyText()).isEqualTo("はい");
    }

    @Test
    void withoutMessageIdASyntheticStableIdIsUsed() throws Exception {
        String raw = "From: alice@acme.example\r\nSubject: hello\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nHi\r\n";
        MimeMessage first = new MimeMessage(offline(), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        MimeMessage again = new MimeMessage(offline(), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        String id = InboundMailParser.messageId(first);
        assertThat(id).matches("<[0-9a-f]{32}@no-message-id\\.partnerflow>").isEqualTo(InboundMailParser.messageId(again));
    }

    @Test
    void aMessageIdTooLongForTheTableIsHashed() throws Exception {
        String raw = "Message-ID: <" + "x".repeat(1200) + "@acme.example>\r\nFrom: a@acme.example\r\n\r\nHi\r\n";
        MimeMessage message = new MimeMessage(offline(), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        assertThat(InboundMailParser.messageId(message)).matches("<[0-9a-f]{32}@no-message-id\\.partnerflow>");
    }
}
