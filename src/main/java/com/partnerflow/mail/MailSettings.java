package com.partnerflow.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param from the sender of every message the application sends */
@ConfigurationProperties("partnerflow.mail")
public record MailSettings(@DefaultValue("Partnerflow <no-reply@partnerflow.local>") String from) {
}
