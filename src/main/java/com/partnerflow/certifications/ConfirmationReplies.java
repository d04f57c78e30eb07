package com.partnerflow.certifications;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a reply to the merge confirmation says. Only the first line that is not blank counts
 * (the quoted mail below it is cut off before). Decline phrases are looked for first and taken
 * out ("please do not proceed" is a decline, not a "proceed"); then confirm phrases. A line with
 * both kinds, or neither, is UNCLEAR and goes to an agent, who reads it.
 */
public final class ConfirmationReplies {

    public enum Meaning { CONFIRM, DECLINE, UNCLEAR }

    private static final List<Pattern> DECLINE = patterns(
            "do not proceed", "don't proceed", "dont proceed", "please don't", "please do not", "decline", "declined",
            "no", "cancel", "stop", "reject", "いいえ", "中止", "キャンセル", "進めないで", "辞退", "お断り");
    private static final List<Pattern> CONFIRM = patterns(
            "please proceed", "proceed", "yes", "confirm", "confirmed", "i confirm", "agreed", "ok", "okay",
            "はい", "進めてください", "承認", "同意", "お願いします");

    private ConfirmationReplies() {
    }

    public static Meaning classify(String replyText) {
        if (replyText == null) {
            return Meaning.UNCLEAR;
        }
        String line = replyText.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        String text = " " + line.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}、。！？「」]", " ") + " ";
        boolean decline = false;
        for (Pattern p : DECLINE) {
            if (p.matcher(text).find()) {
                decline = true;
                text = p.matcher(text).replaceAll(" ");
            }
        }
        String rest = text;
        boolean confirm = CONFIRM.stream().anyMatch(p -> p.matcher(rest).find());
        if (confirm == decline) {
            return Meaning.UNCLEAR;
        }
        return confirm ? Meaning.CONFIRM : Meaning.DECLINE;
    }

    private static List<Pattern> patterns(String... phrases) {
        return java.util.Arrays.stream(phrases).map(p -> p.replaceAll("[\\p{Punct}]", " "))
                .map(p -> p.chars().anyMatch(c -> c > 0x2E80)
                        ? Pattern.compile(Pattern.quote(p))
                        : Pattern.compile("(?<=\\s)" + Pattern.quote(p) + "(?=\\s)"))
                .toList();
    }
}
