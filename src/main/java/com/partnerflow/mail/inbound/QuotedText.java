package com.partnerflow.mail.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the partner wrote in a reply, wherever they wrote it: above the quote (top-posting),
 * below it (bottom-posting) or between its parts (inline). Lines quoted with ">" are dropped
 * anywhere, and so is an attribution line ("On … wrote:", "… <x@y> wrote:", Gmail's Japanese
 * "… <x@y>:", Apple's "… のメッセージ:", Thunderbird's "… さんは書きました:") that introduces
 * quoted lines; the text around them is kept. Where the history follows unquoted (Outlook's
 * "-----Original Message-----" or its "From:/Sent:" header block, also in Japanese, or an
 * attribution followed by unmarked text), everything from there on is history. A signature
 * ("-- ") ends the partner's text up to the next quote. No Java library does this for both
 * quoting styles and Japanese clients (the ports of GitHub's email_reply_parser are unmaintained
 * and top-posting only), hence this class; the original mail stays available to agents.
 */
public final class QuotedText {

    private static final Pattern WROTE = Pattern.compile(
            "(?i).*\\b(wrote|schrieb|a écrit)\\s*[:：]\\s*$|.*(のメッセージ|が書きました|は書きました|書きました)\\s*[:：]?\\s*$");
    /** "On Mon, 23 Nov 2026, Alice <alice@example.com>" with "wrote:" wrapped onto the next line. */
    private static final Pattern ON_LINE = Pattern.compile("(?i)^\\s*On\\s.+");
    private static final Pattern ADDRESS_COLON = Pattern.compile(".*<[^<>\\s]+@[^<>\\s]+>\\s*[:：]\\s*$");
    private static final Pattern SEPARATOR = Pattern.compile(
            "(?i)^\\s*-{2,}\\s*(Original Message|元のメッセージ|オリジナルメッセージ)\\s*-{2,}\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile("^\\s*\\*?(From|差出人|送信者)\\*?\\s*[:：].*");
    private static final Pattern HEADER_OTHER = Pattern.compile(
            "(?i)^\\s*\\*?(Sent|Date|To|Cc|Subject|送信日時|日付|日時|宛先|件名|CC)\\*?\\s*[:：].*");
    private static final Pattern RULE = Pattern.compile("^\\s*_{5,}\\s*$");

    private QuotedText() {
    }

    /** The partner's own text of {@code body}: trimmed, quotes, attributions and signature removed; "" for null. */
    public static String replyText(String body) {
        if (body == null) {
            return "";
        }
        String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        boolean inSignature = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (isQuoted(line)) {
                inSignature = false; // a signature ends where the quote it stands above begins
                continue;
            }
            int attribution = attributionLength(lines, i);
            if (attribution > 0) {
                int after = nextNonBlank(lines, i + attribution);
                if (after < lines.length && isQuoted(lines[after])) {
                    i += attribution - 1; // introduces a quote: drop it, keep what comes after the quote
                    inSignature = false;
                    continue;
                }
                break; // unmarked history follows
            }
            if (startsUnquotedHistory(line, lines, i)) {
                break;
            }
            if (line.equals("-- ") || line.equals("--")) {
                inSignature = true;
                continue;
            }
            if (!inSignature) {
                kept.add(line);
            }
        }
        return String.join("\n", kept).replaceAll("\n[ \t]*(\n[ \t]*)+\n", "\n\n").strip();
    }

    private static boolean isQuoted(String line) {
        return line.stripLeading().startsWith(">");
    }

    private static int nextNonBlank(String[] lines, int from) {
        int i = from;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        return i;
    }

    /** 1 or 2 when an attribution line ("… wrote:", possibly wrapped onto a second line) starts at {@code i}, else 0. */
    private static int attributionLength(String[] lines, int i) {
        String line = lines[i];
        if (WROTE.matcher(line).matches() || ADDRESS_COLON.matcher(line).matches()) {
            return 1;
        }
        String next = i + 1 < lines.length ? lines[i + 1] : "";
        return ON_LINE.matcher(line).matches() && WROTE.matcher(next).matches() && next.length() < 100 ? 2 : 0;
    }

    /** Outlook's ways of starting the history without quote marks. */
    private static boolean startsUnquotedHistory(String line, String[] lines, int i) {
        if (SEPARATOR.matcher(line).matches()) {
            return true;
        }
        String next = i + 1 < lines.length ? lines[i + 1] : "";
        if (HEADER_FROM.matcher(line).matches()) {
            for (int j = i + 1; j < Math.min(lines.length, i + 5); j++) {
                if (HEADER_OTHER.matcher(lines[j]).matches()) {
                    return true;
                }
            }
        }
        // Outlook puts a rule above its header block.
        return RULE.matcher(line).matches() && HEADER_FROM.matcher(next).matches();
    }
}
