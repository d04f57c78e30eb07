package com.partnerflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdFilterTest {

    @Test
    void keepsAPlainTokenAndReplacesAnythingElse() {
        assertThat(RequestIdFilter.acceptable("0af7651916cd43dd8448eb211c80319c")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(RequestIdFilter.acceptable("lb-1:req.42_a")).isEqualTo("lb-1:req.42_a");
        for (String refused : new String[] {null, "", "a b", "x\nlevel=ERROR", "\"quoted\"", "a".repeat(65), "-leading"}) {
            assertThat(RequestIdFilter.acceptable(refused)).as(String.valueOf(refused)).matches("[0-9a-f-]{36}");
        }
    }
}
