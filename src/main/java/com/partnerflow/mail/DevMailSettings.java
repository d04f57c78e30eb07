package com.partnerflow.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded development mail server (GreenMail). Only in the "dev" profile ({@code @DevelopmentOnly}):
 * every message the application sends lands there, whatever the recipient.
 */
@ConfigurationProperties("partnerflow.dev-mail")
public record DevMailSettings(@DefaultValue("false") boolean enabled,
                              @DefaultValue("127.0.0.1") String bindAddress,
                              @DefaultValue("3025") int smtpPort,
                              @DefaultValue("3143") int imapPort) {
}
