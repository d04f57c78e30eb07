package com.partnerflow.invitations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Invitation policy (domain page, "Invitations"), configurable under {@code partnerflow.invitations}.
 *
 * @param validity              how long an invitation (and every link of it) works, counted from its email
 * @param reminderAfter         an invitation not yet accepted this long after its email gets one reminder
 * @param maxInviteesPerRequest how many addresses one {@code POST /api/invitations} may name
 */
@ConfigurationProperties("partnerflow.invitations")
public record InvitationSettings(
        @DefaultValue("P14D") Duration validity,
        @DefaultValue("P7D") Duration reminderAfter,
        @DefaultValue("10") int maxInviteesPerRequest) {
}
