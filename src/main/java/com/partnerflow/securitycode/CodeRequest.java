package com.partnerflow.securitycode;

import java.time.Instant;
import java.util.UUID;

/**
 * Something completed with an emailed code (table {@code code_request}). {@code userId} is null
 * for a password reset of an address that is not an active user: nothing is mailed for it.
 */
public record CodeRequest(UUID id, CodePurpose purpose, String email, UUID userId, Status status,
                          Instant createdAt, Instant completedAt, String sourceAddress) {

    public enum Status { OPEN, COMPLETED, LOCKED, EXPIRED }

    /** True when codes are really mailed for this request. */
    public boolean deliverable() {
        return userId != null;
    }
}
