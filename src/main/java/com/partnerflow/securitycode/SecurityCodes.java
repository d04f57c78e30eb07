package com.partnerflow.securitycode;

import java.security.SecureRandom;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Six-digit one-time codes from a cryptographically secure source, kept only as salted hashes. */
@Component
public class SecurityCodes {

    private final SecureRandom random = new SecureRandom();
    private final PasswordEncoder encoder;

    public SecurityCodes(PasswordEncoder encoder) {
        this.encoder = encoder;
    }

    public String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    public String hash(String code) {
        return encoder.encode(code);
    }

    public boolean matches(String code, String hash) {
        return code != null && hash != null && encoder.matches(code, hash);
    }
}
