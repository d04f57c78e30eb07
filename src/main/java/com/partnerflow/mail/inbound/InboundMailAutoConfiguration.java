package com.partnerflow.mail.inbound;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The background reader and the fallback handler. An auto-configuration (listed in
 * META-INF/spring/…AutoConfiguration.imports, skipped by component scanning) because it is
 * processed after every application bean: {@code @ConditionalOnMissingBean} then reliably sees
 * the real handler wherever it is declared.
 */
@AutoConfiguration
public class InboundMailAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InboundMailAutoConfiguration.class);

    /** Until the application provides a handler: the message is recorded and marked seen, nothing else. */
    @Bean
    @ConditionalOnMissingBean(InboundMailHandler.class)
    InboundMailHandler loggingInboundMailHandler() {
        return mail -> {
            log.warn("Inbound mail {} from {} ({}) has no handler in this application: recorded, not acted on",
                    mail.messageId(), mail.from(), mail.kind());
            return "no handler";
        };
    }

    @Bean
    @ConditionalOnProperty(name = "partnerflow.inbound-mail.enabled", havingValue = "true")
    InboundMailReader inboundMailReader(InboundMailboxes mailboxes, InboundMailSettings settings,
                                        InboundMailHandler handler) {
        return mailboxes.reader(settings, handler);
    }

    /** Health contributor "inboundMailbox" (in the readiness group, see application.yml). */
    @Bean
    InboundMailboxHealthIndicator inboundMailboxHealthIndicator(ObjectProvider<InboundMailReader> reader) {
        return new InboundMailboxHealthIndicator(reader.getIfAvailable(), Clock.systemUTC());
    }
}
