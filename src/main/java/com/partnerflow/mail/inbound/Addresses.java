package com.partnerflow.mail.inbound;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Bare, lower-case addresses out of an address header, tolerant of what real mailers send. */
final class Addresses {

    private static final Pattern LOOSE_ADDRESS = Pattern.compile("[^\\s<>\",;:()\\[\\]]+@[^\\s<>\",;:()\\[\\]]+");

    private Addresses() {
    }

    static List<String> bare(String header) {
        List<String> result = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return result;
        }
        try {
            for (InternetAddress address : InternetAddress.parseHeader(header, false)) {
                if (address.getAddress() != null && !address.getAddress().isBlank()) {
                    result.add(address.getAddress().strip().toLowerCase(Locale.ROOT));
                }
            }
            return result;
        } catch (AddressException e) {
            // Broken syntax (unquoted specials in a display name, ...): take what looks like an address.
            Matcher m = LOOSE_ADDRESS.matcher(MimeHeaders.decode(header));
            while (m.find()) {
                result.add(m.group().toLowerCase(Locale.ROOT));
            }
            return result;
        }
    }
}
