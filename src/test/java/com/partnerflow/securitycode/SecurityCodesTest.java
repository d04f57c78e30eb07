package com.partnerflow.securitycode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class SecurityCodesTest {

    private final SecurityCodes codes = new SecurityCodes();

    @Test
    void aCodeIsSixDigits() {
        for (int i = 0; i < 200; i++) {
            assertThat(codes.newCode()).matches("\\d{6}");
        }
    }

    @Test
    void theHashIsSaltedAndFitsTheColumn() {
        String first = codes.hash("123456");
        String second = codes.hash("123456");

        assertThat(first).startsWith("{" + SecurityCodes.ENCODING_ID + "}").doesNotContain("123456");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.length()).isLessThanOrEqualTo(100); // security_code.code_hash VARCHAR(100)
        assertThat(codes.matches("123456", first)).isTrue();
        assertThat(codes.matches("123456", second)).isTrue();
        assertThat(codes.matches("123457", first)).isFalse();
    }

    @Test
    void aCodeHashedWithBcryptBeforeTheUpgradeStillMatches() {
        String stored = new BCryptPasswordEncoder().encode("654321");

        assertThat(codes.matches("654321", stored)).isTrue();
        assertThat(codes.matches("654320", stored)).isFalse();
    }

    @Test
    void nothingMatchesAMissingCodeOrHash() {
        assertThat(codes.matches(null, codes.hash("123456"))).isFalse();
        assertThat(codes.matches("123456", null)).isFalse();
    }
}
