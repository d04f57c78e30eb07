package com.partnerflow.mail.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    /** Replies as the common clients write them: the answer above, below or between the quoted parts. */
    static Stream<Arguments> realReplies() {
        return Stream.of(
                Arguments.of("Gmail, top-posted", """
                        Keep account #1, please.

                        On Mon, Nov 23, 2026 at 10:00 AM Partnerflow Support <support@partnerflow.local> wrote:

                        > Which account do you keep?
                        >
                        > Kind regards
                        """, "Keep account #1, please."),
                Arguments.of("Gmail, bottom-posted", """
                        On Mon, Nov 23, 2026 at 10:00 AM Partnerflow Support <support@partnerflow.local> wrote:

                        > Which account do you keep?
                        >
                        > Kind regards

                        Keep account #1, please.
                        """, "Keep account #1, please."),
                Arguments.of("Gmail, attribution wrapped, bottom-posted with signature", """
                        On Mon, Nov 23, 2026 at 10:00 AM Partnerflow Support <
                        support@partnerflow.local> wrote:
                        > Which account do you keep?

                        Account #1.

                        --\u0020
                        Pat Partner | Acme Corp
                        """, "Account #1."),
                Arguments.of("Thunderbird, inline answers", """
                        On 11/23/26 10:00, Partnerflow Support wrote:
                        > 1. Which account do you keep?

                        Account #1.

                        > 2. Is the address keep@example still valid?

                        Yes, it is.

                        >> older history
                        > Kind regards

                        Thanks, Pat
                        """, "Account #1.\n\nYes, it is.\n\nThanks, Pat"),
                Arguments.of("Apple Mail, bottom-posted", """
                        On 23 Nov 2026, at 10:00, Partnerflow Support <support@partnerflow.local> wrote:
                        >\u0020
                        > Which account do you keep?
                        >\u0020

                        The first one.
                        """, "The first one."),
                Arguments.of("Outlook, top-posted with its header block", """
                        Keep #1.

                        Pat

                        ________________________________
                        From: Partnerflow Support <support@partnerflow.local>
                        Sent: Monday, November 23, 2026 10:00 AM
                        To: Pat Partner <pat@acme.example>
                        Subject: [CASE-000001] Which account?

                        Which account do you keep?
                        """, "Keep #1.\n\nPat"),
                Arguments.of("Outlook, Original Message separator", """
                        Keep #1.

                        -----Original Message-----
                        From: Partnerflow Support <support@partnerflow.local>
                        Sent: Monday, November 23, 2026 10:00 AM
                        Which account do you keep?
                        """, "Keep #1."),
                Arguments.of("Japanese Gmail, top-posted", """
                        お世話になっております。
                        アカウント1を残してください。

                        2026年11月23日(月) 10:00 Partnerflow Support <support@partnerflow.local>:

                        > どちらのアカウントを残しますか。
                        """, "お世話になっております。\nアカウント1を残してください。"),
                Arguments.of("Japanese Gmail, bottom-posted", """
                        2026年11月23日(月) 10:00 Partnerflow Support <support@partnerflow.local>:
                        > どちらのアカウントを残しますか。

                        アカウント1を残してください。
                        """, "アカウント1を残してください。"),
                Arguments.of("Japanese Thunderbird, bottom-posted", """
                        Partnerflow Support さんは書きました:
                        > どちらのアカウントを残しますか。

                        1番です。
                        よろしくお願いいたします。
                        """, "1番です。\nよろしくお願いいたします。"),
                Arguments.of("Japanese Apple Mail, inline", """
                        2026/11/23 10:00、Partnerflow Support <support@partnerflow.local>のメッセージ:
                        > どちらのアカウントを残しますか。
                        1番です。
                        > 住所は正しいですか。
                        はい。
                        """, "1番です。\nはい。"),
                Arguments.of("Japanese Outlook, header block", """
                        山田です。1番を残してください。

                        差出人: Partnerflow Support <support@partnerflow.local>
                        送信日時: 2026年11月23日 10:00
                        宛先: 山田 太郎 <yamada@acme.example>
                        件名: どちらのアカウント?

                        どちらのアカウントを残しますか。
                        """, "山田です。1番を残してください。"),
                Arguments.of("Japanese Outlook, 元のメッセージ separator", """
                        承知しました。

                        -----Original Message-----
                        差出人: Partnerflow Support
                        どちらのアカウントを残しますか。
                        """, "承知しました。"),
                Arguments.of("no quote at all", "Keep #1.\nThanks\n", "Keep #1.\nThanks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realReplies")
    void extractsThePartnersOwnText(String client, String body, String expected) {
        assertThat(QuotedText.replyText(body)).isEqualTo(expected);
    }
}
