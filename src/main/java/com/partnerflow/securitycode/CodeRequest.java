package com.partnerflow.securitycode;

import java.time.Instant;
import java.util.UUID;

/**
 * Something completed with an emailed code (table {@code code_request}). {@code userId} is the
 * user the code is for, if one exists yet (not for a registration). A request that is not
 * {@code deliverable} (a password reset of an address that is not an active user's, a
 * registration of an address that already has a user) runs through the same process, limits,
 * attempts and expiry as any other, but its code is never mailed and never matches.
 */
public record CodeRequest(UUID id, CodePurpose purpose, String email, UUID userId, boolean deliverable,
                          Status status, Instant createdAt, Instant completedAt, String sourceAddress) {

    public enum Status { OPEN, COMPLETED, LOCKED, EXPIRED }
}
