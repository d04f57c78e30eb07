package com.partnerflow.cases;

import java.util.Locale;

/** Codes kept for machines (NO_LONGER_SELLING, alliance_lead) in words for the people who read them. */
public final class Readable {

    private Readable() {
    }

    /** "NO_LONGER_SELLING" → "no longer selling"; null stays null. */
    public static String words(Object code) {
        return code == null ? null : code.toString().replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /** "NO_LONGER_SELLING" → "No longer selling". */
    public static String sentence(Object code) {
        String words = words(code);
        return words == null || words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
