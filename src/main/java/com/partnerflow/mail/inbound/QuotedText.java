package com.partnerflow.mail.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts the quoted history and the signature off a reply, leaving what the partner just wrote.
 * The reply ends at the first attribution line ("On … wrote:", "… <x@y> wrote:", Gmail's
 * Japanese "… <x@y>:", Apple's "… のメッセージ:"), separator ("-----Original Message-----",
 * "-----元のメッセージ-----"), Outlook header block ("From: …" followed by "Sent:"/"To:"/…, also
 * in Japanese) or signature separator ("-- "); lines quoted with ">" are dropped anywhere.
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

    /** The new text of {@code body}: trimmed, quoted history and signature removed; "" for null. */
    public static String replyText(String body) {
        if (body == null) {
            return "";
        }
        String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String next = i + 1 < lines.length ? lines[i + 1] : "";
            if (startsQuotedHistory(line, next, lines, i)) {
                break;
            }
            if (line.equals("-- ") || line.equals("--")) {
                break;
            }
            if (line.stripLeading().startsWith(">")) {
                continue;
            }
            kept.add(line);
        }
        return String.join("\n", kept).strip();
    }

    private static boolean startsQuotedHistory(String line, String next, String[] lines, int i) {
        if (WROTE.matcher(line).matches() || ADDRESS_COLON.matcher(line).matches()
                || SEPARATOR.matcher(line).matches()) {
            return true;
        }
        if (ON_LINE.matcher(line).matches() && WROTE.matcher(next).matches() && next.length() < 100) {
            return true;
        }
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
