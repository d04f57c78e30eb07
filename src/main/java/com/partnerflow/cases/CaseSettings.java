package com.partnerflow.cases;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param supportAddress       where partners' replies go (the mailbox the inbound reader watches)
 * @param reminderAfter        a question unanswered this long gets one reminder
 * @param closeUnansweredAfter a question unanswered this long closes the case as unanswered
 * @param heldReplyGrace       how long a reply that arrived before its process could take it is
 *                             retried before an agent gets it as unmatched
 * @param heldReplyRetry       how often held replies are retried
 */
@ConfigurationProperties("partnerflow.cases")
public record CaseSettings(
        @DefaultValue("support@partnerflow.local") String supportAddress,
        @DefaultValue("P3D") Duration reminderAfter,
        @DefaultValue("P14D") Duration closeUnansweredAfter,
        @DefaultValue("PT10M") Duration heldReplyGrace,
        @DefaultValue("PT5S") Duration heldReplyRetry) {

    /** The prefix of VERP envelope senders: {@code support+bounce-<token>@…}. */
    public static final String BOUNCE_PREFIX = "bounce-";

    /** Where a partner's answer goes: {@code support+<token>@…} (plus-addressing on the support mailbox). */
    public String replyAddress(String token) {
        return withDetail(token);
    }

    /**
     * The envelope sender (VERP) of a question: {@code support+bounce-<token>@…}. A bounce reaches
     * the support mailbox addressed to it and names its question even when the report quotes
     * nothing of the original.
     */
    public String bounceAddress(String token) {
        return withDetail(BOUNCE_PREFIX + token);
    }

    private String withDetail(String detail) {
        int at = supportAddress.indexOf('@');
        return supportAddress.substring(0, at) + "+" + detail + supportAddress.substring(at);
    }

    /** The domain part of our Message-IDs. */
    public String mailDomain() {
        return supportAddress.substring(supportAddress.indexOf('@') + 1);
    }
}
