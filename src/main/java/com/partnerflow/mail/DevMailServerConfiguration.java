package com.partnerflow.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.partnerflow.config.DevelopmentOnly;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts GreenMail (SMTP + IMAP, any login accepted, no Nagle delay: {@link NoDelayGreenMail}) in the
 * dev profile when partnerflow.dev-mail.enabled is true.
 */
@Configuration
@DevelopmentOnly
@ConditionalOnProperty(name = "partnerflow.dev-mail.enabled", havingValue = "true")
public class DevMailServerConfiguration {

    @Bean(destroyMethod = "stop")
    GreenMail devMailServer(DevMailSettings settings) {
        GreenMail server = new NoDelayGreenMail(new ServerSetup[] {
                new ServerSetup(settings.smtpPort(), settings.bindAddress(), ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(settings.imapPort(), settings.bindAddress(), ServerSetup.PROTOCOL_IMAP)});
        // Like a production server with a recipient delimiter: support+token@ lands in support@.
        server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication().withSieveIgnoreDetail());
        server.start();
        return server;
    }
}
