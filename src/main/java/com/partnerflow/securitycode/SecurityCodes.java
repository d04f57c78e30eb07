package com.partnerflow.securitycode;

import java.security.SecureRandom;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Six-digit one-time codes from a cryptographically secure source, kept only as salted hashes.
 *
 * <p>Not the password encoder: a code lives 15 minutes and locks after 5 wrong tries, so a slow
 * hash (bcrypt, ~60 ms of CPU each, twice per code) buys nothing online, and offline the code has
 * expired long before anyone could try its million values against a slow hash either. The hash is
 * PBKDF2-HMAC-SHA256 with a 16-byte salt and {@value #ITERATIONS} iterations (well under a
 * millisecond). Hashes written before this change are unprefixed bcrypt and still match, so codes
 * in flight during an upgrade keep working.
 */
@Component
public class SecurityCodes {

    static final String ENCODING_ID = "pbkdf2-sha256-1000";
    static final int ITERATIONS = 1000;

    private final SecureRandom random = new SecureRandom();
    private final PasswordEncoder encoder = codeEncoder();

    public String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    public String hash(String code) {
        return encoder.encode(code);
    }

    public boolean matches(String code, String hash) {
        return code != null && hash != null && encoder.matches(code, hash);
    }

    private static PasswordEncoder codeEncoder() {
        Pbkdf2PasswordEncoder pbkdf2 = new Pbkdf2PasswordEncoder("", 16, ITERATIONS,
                Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);
        pbkdf2.setEncodeHashAsBase64(true); // 48 bytes as 64 characters: fits code_hash VARCHAR(100)
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder(ENCODING_ID,
                Map.of(ENCODING_ID, pbkdf2, "bcrypt", bcrypt));
        encoder.setDefaultPasswordEncoderForMatches(bcrypt); // hashes stored before the prefix
        return encoder;
    }
}
