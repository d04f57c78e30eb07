package com.partnerflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

/** The StreamProvider found once is named in its system property, so jakarta.mail stops searching the jars. */
class MailStreamProviderTest {

    static final String PROPERTY = StreamProvider.class.getName();

    @Test
    void theProviderFoundOnceIsNamedForEveryLaterLookup() {
        String before = System.clearProperty(PROPERTY);
        try {
            MailService.useOneStreamProvider();
            assertThat(System.getProperty(PROPERTY)).isEqualTo(MailStreamProvider.class.getName());
            assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
        } finally {
            restore(before);
        }
    }

    @Test
    void anOperatorsOwnSettingIsKept() {
        String before = System.setProperty(PROPERTY, "com.example.TheirStreamProvider");
        try {
            MailService.useOneStreamProvider();
            assertThat(System.getProperty(PROPERTY)).isEqualTo("com.example.TheirStreamProvider");
        } finally {
            restore(before);
        }
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, value);
        }
    }
}
