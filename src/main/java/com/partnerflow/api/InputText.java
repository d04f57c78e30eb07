package com.partnerflow.api;

/**
 * What text the application accepts from a caller, checked once at the edge ({@link InputTextWebConfiguration}):
 * no NUL (PostgreSQL refuses {@code 0x00} in text, so it would otherwise surface as a server
 * error deep down), no other control characters but tab, line feed and carriage return, and no
 * unpaired UTF-16 surrogates (not text at all: a JSON escape such as {@code \ud800} produces one).
 */
public final class InputText {

    private InputText() {
    }

    /** The index of the first character that is not allowed, or -1 when the text is acceptable. */
    public static int firstDisallowed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a pair: one character outside the basic plane
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c) || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isAcceptable(CharSequence text) {
        return text == null || firstDisallowed(text) < 0;
    }

    /** What a caller reads about the refused value. */
    public static String describe(CharSequence text) {
        int at = firstDisallowed(text);
        char c = text.charAt(at);
        String what = Character.isSurrogate(c) ? "an unpaired surrogate" : "the control character";
        return "contains " + what + " U+" + String.format("%04X", (int) c) + " at position " + at
                + ": control characters (other than tab and line breaks) and unpaired surrogates are not accepted";
    }
}
