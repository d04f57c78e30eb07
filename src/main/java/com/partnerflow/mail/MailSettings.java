package com.partnerflow.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from         the sender (From header) of every message the application sends
 * @param envelopeFrom the SMTP envelope sender (Return-Path: where servers send bounces) of every
 *                     message that names no VERP address of its own; should be a mailbox the
 *                     inbound reader reads (the support mailbox). Empty: the From address.
 */
@ConfigurationProperties("partnerflow.mail")
public record MailSettings(@DefaultValue("Partnerflow <no-reply@partnerflow.local>") String from,
                           @DefaultValue("") String envelopeFrom) {
}
