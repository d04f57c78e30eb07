package com.partnerflow.mail.inbound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What our own receiving server found out about the claimed sender ({@code From:}), read from
 * its {@code Authentication-Results} headers (RFC 8601). Only headers whose authserv-id is one we
 * trust count: anybody can write such a header into a mail, and RFC 8601 §5 tells a receiver to
 * ignore those of servers it does not know.
 *
 * <ul>
 *   <li>{@code PASS}: DMARC passed, or DKIM or SPF passed for the From domain (aligned, relaxed:
 *       the same domain or one below the other).</li>
 *   <li>{@code FAIL}: DMARC failed; or SPF or DKIM failed; or the only pass is for another domain
 *       (an envelope sender, or a signature, of someone else).</li>
 *   <li>{@code NONE}: no trusted header, or nothing conclusive in it (none, neutral, temperror):
 *       the token alone decides, as without this check.</li>
 * </ul>
 *
 * @param verdict the outcome
 * @param detail  the results it rests on, for the agent and the log ("dmarc=fail header.from=acme.example")
 */
public record SenderEvidence(Verdict verdict, String detail) {

    public enum Verdict { PASS, FAIL, NONE }

    public static final SenderEvidence NONE = new SenderEvidence(Verdict.NONE, "");

    private static final Set<String> FAILED = Set.of("fail", "softfail", "permerror");

    public boolean failed() {
        return verdict == Verdict.FAIL;
    }

    /**
     * @param headers    every Authentication-Results header of the mail
     * @param trustedIds authserv-ids we believe (lower case); empty: NONE
     * @param from       the claimed sender's bare address
     * @param returnPath the envelope sender, or null
     */
    static SenderEvidence of(Collection<String> headers, Collection<String> trustedIds, String from, String returnPath) {
        if (trustedIds.isEmpty() || headers.isEmpty() || from == null || !from.contains("@")) {
            return NONE;
        }
        Set<String> trusted = trustedIds.stream().map(id -> id.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<AuthenticationResults.Result> results = new ArrayList<>();
        for (String header : headers) {
            AuthenticationResults parsed = AuthenticationResults.parse(header);
            if (trusted.contains(parsed.authservId())) {
                results.addAll(parsed.results());
            }
        }
        String fromDomain = domainOf(from);
        List<String> seen = new ArrayList<>();
        boolean pass = false;
        boolean fail = false;
        boolean unalignedPass = false;
        for (AuthenticationResults.Result r : results) {
            String domain = switch (r.method()) {
                case "dmarc" -> r.property("header.from");
                case "dkim" -> r.property("header.d") != null ? r.property("header.d") : domainOf(r.property("header.i"));
                case "spf" -> r.property("smtp.mailfrom") != null ? domainOf(r.property("smtp.mailfrom"))
                        : returnPath != null && !returnPath.isEmpty() ? domainOf(returnPath)
                        : domainOf(r.property("smtp.helo"));
                default -> null;
            };
            if (!Set.of("dmarc", "dkim", "spf").contains(r.method())) {
                continue;
            }
            seen.add(r.method() + "=" + r.result() + (domain == null ? "" : " (" + domain + ")"));
            boolean aligned = domain == null ? r.method().equals("dmarc") : aligned(domain, fromDomain);
            if (r.result().equals("pass")) {
                if (aligned) {
                    pass = true;
                } else {
                    unalignedPass = true;
                }
            } else if (FAILED.contains(r.result()) && (aligned || r.method().equals("dmarc"))) {
                fail = true;
            }
            if (r.method().equals("dmarc") && FAILED.contains(r.result())) {
                return new SenderEvidence(Verdict.FAIL, String.join(", ", seen));
            }
        }
        String detail = String.join(", ", seen);
        if (pass) {
            return new SenderEvidence(Verdict.PASS, detail);
        }
        if (fail || unalignedPass) {
            return new SenderEvidence(Verdict.FAIL, detail + (fail ? "" : "; no pass for " + fromDomain));
        }
        return seen.isEmpty() ? NONE : new SenderEvidence(Verdict.NONE, detail);
    }

    private static boolean aligned(String domain, String fromDomain) {
        return domain.equals(fromDomain) || domain.endsWith("." + fromDomain) || fromDomain.endsWith("." + domain);
    }

    private static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        return at >= 0 ? a.substring(at + 1) : a;
    }
}
