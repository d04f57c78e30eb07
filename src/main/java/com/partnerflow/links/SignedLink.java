package com.partnerflow.links;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code signed_link}. It holds the token's SHA-256 hash, never the token. */
public record SignedLink(UUID id, String tokenHash, String purpose, String expectedEmail, String processInstanceId,
                         String messageName, SignedLinkStatus status, LinkDecision decision, Instant createdAt,
                         Instant expiresAt, Instant usedAt, String usedFrom) {

    public boolean isOverdue(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
