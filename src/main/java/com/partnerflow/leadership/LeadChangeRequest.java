package com.partnerflow.leadership;

import java.time.Instant;
import java.util.UUID;

/** A user's request that support give the alliance lead role to someone else (the lead has left). */
public record LeadChangeRequest(UUID id, UUID accountId, UUID requestedBy, UUID proposedLeadId, String reason,
                                UUID caseId, Status status, UUID newLeadId, String decidedBy, String decisionNote,
                                Instant createdAt, Instant decidedAt) {

    public enum Status { OPEN, APPROVED, REJECTED, WITHDRAWN }
}
