package com.partnerflow.mail.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundQuotedTextTest {

    @Test
    void cutsAtGmailAttributionAndDropsQuotedLines() {
        String body = """
                Thanks, the contract is attached.

                On Mon, 23 Nov 2026 at 10:00, Partnerflow Support <support@partnerflow.local> wrote:
                > Could you send the signed contract?
                > Regards
                """;
        assertThat(QuotedText.replyText(body)).isEqualTo("Thanks, the contract is attached.");
    }

    @Test
    void cutsAtAttributionWrappedOverTwoLines() {
        String body = "Yes, please go ahead.\r\n\r\nOn Mon, 23 Nov 2026 at 10:00, Support <support@partnerflow.local>\r\n"
                + "wrote:\r\n> Shall we?\r\n";
        assertThat(QuotedText.replyText(body)).isEqualTo("Yes, please go ahead.");
    }

    @Test
    void cutsAtAddressWroteLine() {
        String body = "Done.\nSupport Team <support@partnerflow.local> wrote:\nold text without quote marks\n";
        assertThat(QuotedText.replyText(body)).isEqualTo("Done.");
    }

    @Test
    void cutsAtJapaneseAttributions() {
        assertThat(QuotedText.replyText("""
                承知しました。よろしくお願いいたします。

                2026年11月23日(月) 10:00 Partnerflow Support <support@partnerflow.local>:
                > 契約書をお送りください。
                """)).isEqualTo("承知しました。よろしくお願いいたします。");
        assertThat(QuotedText.replyText("""
                確認しました。

                2026/11/23 10:00、Partnerflow Support のメッセージ:
                契約書をお送りください。
                """)).isEqualTo("確認しました。");
        assertThat(QuotedText.replyText("""
                了解です。
                2026年11月23日 10:00 サポート wrote:
                引用
                """)).isEqualTo("了解です。");
    }

    @Test
    void cutsAtOriginalMessageSeparators() {
        assertThat(QuotedText.replyText("Agreed.\n\n-----Original Message-----\nFrom: Support\nOld text\n"))
                .isEqualTo("Agreed.");
        assertThat(QuotedText.replyText("了解しました。\n\n-----元のメッセージ-----\n差出人: サポート\n本文\n"))
                .isEqualTo("了解しました。");
    }

    @Test
    void cutsAtOutlookHeaderBlockInEnglishAndJapanese() {
        assertThat(QuotedText.replyText("""
                Please find the details below.

                ________________________________
                From: Partnerflow Support <support@partnerflow.local>
                Sent: Monday, November 23, 2026 10:00 AM
                To: Alice <alice@acme.example>
                Subject: Your case
                Old text
                """)).isEqualTo("Please find the details below.");
        assertThat(QuotedText.replyText("""
                よろしくお願いします。

                差出人: Partnerflow Support <support@partnerflow.local>
                送信日時: 2026年11月23日 10:00
                宛先: 山田 <yamada@acme.example>
                件名: お問い合わせ
                """)).isEqualTo("よろしくお願いします。");
    }

    @Test
    void aFromLineInTheTextItselfIsKept() {
        assertThat(QuotedText.replyText("From: our side nothing changed.\nThanks")).isEqualTo("From: our side nothing changed.\nThanks");
    }

    @Test
    void cutsAtSignatureSeparatorAndDropsInterleavedQuotes() {
        String body = """
                > Is the address right?
                Yes.
                > And the phone?
                Also yes.
                --\u0020
                Alice Lead
                Acme Corp
                """;
        assertThat(QuotedText.replyText(body)).isEqualTo("Yes.\nAlso yes.");
    }

    @Test
    void keepsTextWithoutHistoryAndCopesWithNothing() {
        assertThat(QuotedText.replyText("Just a new message.\nSecond line.\n")).isEqualTo("Just a new message.\nSecond line.");
        assertThat(QuotedText.replyText(null)).isEmpty();
        assertThat(QuotedText.replyText("> only quotes")).isEmpty();
    }
}
