package com.partnerflow.mail.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Header helpers shared by the parser and the classifier. */
final class MimeHeaders {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?[^?\\s]+\\?[bBqQ]\\?[^?\\s]*\\?=");
    private static final Pattern WHITESPACE_BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private MimeHeaders() {
    }

    /** The first value of a header, unfolded, or null. */
    static String first(Part part, String name) throws MessagingException {
        String[] values = part.getHeader(name);
        return values == null || values.length == 0 ? null : unfold(values[0]);
    }

    static String unfold(String value) {
        return value == null ? null : value.replaceAll("\\r?\\n[ \\t]*", " ").strip();
    }

    /**
     * Resolves RFC 2047 encoded words wherever they stand, also glued to other text as many
     * Japanese mailers write them (Jakarta Mail's strict default leaves those encoded).
     * Whitespace between two encoded words is dropped, as the RFC says.
     */
    static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        String joined = WHITESPACE_BETWEEN_WORDS.matcher(unfold(value)).replaceAll("$1$2");
        Matcher m = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            String decoded;
            try {
                decoded = MimeUtility.decodeWord(word);
            } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
                decoded = word; // unknown charset or broken word: keep it as it came
            }
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Message-IDs ({@code <…>}) in a header value, in order. */
    static List<String> messageIds(String value) {
        List<String> ids = new ArrayList<>();
        if (value != null) {
            Matcher m = MESSAGE_ID.matcher(value);
            while (m.find()) {
                ids.add(m.group());
            }
        }
        return ids;
    }
}
