package com.partnerflow.mail.inbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code Authentication-Results} header (RFC 8601): the authserv-id of the server that wrote
 * it and its results ({@code spf=pass smtp.mailfrom=…}, {@code dkim=fail header.d=…},
 * {@code dmarc=pass header.from=…}). Comments are dropped; a header that cannot be read has no results.
 */
record AuthenticationResults(String authservId, List<Result> results) {

    /** One method's result and its properties, all lower case ({@code header.d} → {@code acme.example}). */
    record Result(String method, String result, Map<String, String> properties) {
        String property(String name) {
            return properties.get(name);
        }
    }

    static AuthenticationResults parse(String header) {
        List<String> parts = split(withoutComments(MimeHeaders.unfold(header == null ? "" : header)));
        if (parts.isEmpty() || parts.get(0).isBlank()) {
            return new AuthenticationResults("", List.of());
        }
        String authservId = parts.get(0).strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
        List<Result> results = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            String[] tokens = part.strip().split("\\s+");
            int eq = tokens[0].indexOf('=');
            if (eq <= 0) {
                continue; // "none", or something we do not understand
            }
            String method = tokens[0].substring(0, eq).toLowerCase(Locale.ROOT);
            int slash = method.indexOf('/');
            method = slash > 0 ? method.substring(0, slash) : method; // "dkim/1" → "dkim"
            String result = unquote(tokens[0].substring(eq + 1)).toLowerCase(Locale.ROOT);
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 1; i < tokens.length; i++) {
                int peq = tokens[i].indexOf('=');
                if (peq > 0) {
                    properties.putIfAbsent(tokens[i].substring(0, peq).toLowerCase(Locale.ROOT),
                            unquote(tokens[i].substring(peq + 1)).toLowerCase(Locale.ROOT));
                }
            }
            results.add(new Result(method, result, Map.copyOf(properties)));
        }
        return new AuthenticationResults(authservId, List.copyOf(results));
    }

    /** Drops (possibly nested) comments outside quoted strings. */
    private static String withoutComments(String value) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                if (depth == 0) {
                    out.append(c).append(value.charAt(i + 1));
                }
                i++;
            } else if (c == '"' && depth == 0) {
                quoted = !quoted;
                out.append(c);
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
                if (depth == 0) {
                    out.append(' ');
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Splits on ';' outside quoted strings. */
    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
