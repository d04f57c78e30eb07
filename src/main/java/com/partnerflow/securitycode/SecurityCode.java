package com.partnerflow.securitycode;

import java.time.Instant;
import java.util.UUID;

public record SecurityCode(UUID id, UUID subjectId, String email, String status, String codeHash,
                           int failedAttempts, Instant requestedAt, Instant sentAt, Instant expiresAt) {

    public boolean isSent() {
        return "SENT".equals(status);
    }

    public boolean isLocked() {
        return "LOCKED".equals(status);
    }

    public boolean isPending() {
        return "PENDING".equals(status);
    }
}
