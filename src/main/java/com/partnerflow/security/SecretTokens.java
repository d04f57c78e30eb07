package com.partnerflow.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import org.apache.commons.codec.binary.Base32;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Random bearer tokens (session tokens, link tokens, reply tokens) and the form they are stored
 * in. Only {@link #storedForm(String)} reaches a table: a plain SHA-256, because a token of 128
 * or more random bits cannot be guessed, so a salt or a slow hash would add nothing, and an
 * unsalted hash is what lets a presented token be looked up.
 */
public final class SecretTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretTokens() {
    }

    /** {@code bytes} random bytes, base64url without padding (32 bytes → 43 characters). */
    public static String base64Url(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    /**
     * {@code bytes} random bytes, lower-case base32 without padding (16 bytes → 26 characters):
     * safe in the local part of an email address, and unchanged by servers that lower-case it.
     */
    public static String base32Lower(int bytes) {
        return new Base32().encodeAsString(randomBytes(bytes)).replace("=", "").toLowerCase(Locale.ROOT);
    }

    /** Lower-case hex SHA-256 of the token (64 characters). */
    public static String storedForm(String token) {
        return DigestUtils.sha256Hex(token);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
