package com.partnerflow.certifications;

import static com.partnerflow.certifications.ConfirmationReplies.Meaning.CONFIRM;
import static com.partnerflow.certifications.ConfirmationReplies.Meaning.DECLINE;
import static com.partnerflow.certifications.ConfirmationReplies.Meaning.UNCLEAR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfirmationRepliesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Please proceed.|CONFIRM",
            "please proceed|CONFIRM",
            "Yes, please proceed!|CONFIRM",
            "  \\n\\nProceed\\nthanks|CONFIRM",
            "I confirm.|CONFIRM",
            "はい、進めてください。|CONFIRM",
            "Decline|DECLINE",
            "No.|DECLINE",
            "Please do not proceed.|DECLINE",
            "Don't proceed, this is not my account|DECLINE",
            "いいえ|DECLINE",
            "No, please proceed|UNCLEAR",
            "What is this about?|UNCLEAR",
            "Nothing to say|UNCLEAR",
            "Proceedings tomorrow|UNCLEAR"})
    void readsTheFirstLine(String reply, ConfirmationReplies.Meaning meaning) {
        assertThat(ConfirmationReplies.classify(reply.replace("\\n", "\n"))).isEqualTo(meaning);
    }

    @org.junit.jupiter.api.Test
    void nothingIsUnclear() {
        assertThat(ConfirmationReplies.classify(null)).isEqualTo(UNCLEAR);
        assertThat(ConfirmationReplies.classify("")).isEqualTo(UNCLEAR);
        assertThat(CONFIRM).isNotEqualTo(DECLINE);
    }
}
