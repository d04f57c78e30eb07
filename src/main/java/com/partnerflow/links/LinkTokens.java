package com.partnerflow.links;

import com.partnerflow.security.SecretTokens;
import java.util.regex.Pattern;

/** Link tokens: 32 random bytes, base64url (43 characters); only their SHA-256 is stored (see SecretTokens). */
final class LinkTokens {

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

    private LinkTokens() {
    }

    static String newToken() {
        return SecretTokens.base64Url(32);
    }

    /** Lower-case hex SHA-256 of the token's characters (64 characters). */
    static String hash(String token) {
        return SecretTokens.storedForm(token);
    }

    /** Whether the text can be a token at all; anything else is refused before the database is asked. */
    static boolean isWellFormed(String token) {
        return token != null && WELL_FORMED.matcher(token).matches();
    }
}
