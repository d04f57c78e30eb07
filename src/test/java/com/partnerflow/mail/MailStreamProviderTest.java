package com.partnerflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

/**
 * The StreamProvider found once is named in its system property, so jakarta.mail stops searching
 * the jars. That an operator's own value is kept: config.ProviderLookupsTest.
 */
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
            System.clearProperty(PROPERTY);
            if (before != null) {
                System.setProperty(PROPERTY, before);
            }
        }
    }
}
