package com.partnerflow.invitations;

import com.partnerflow.directory.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One invitation of one address, as table {@code invitation} holds it. */
public record Invitation(UUID id, UUID accountId, String email, List<Role> roles, String language,
                         UUID invitedByUserId, String invitedByEmail, String sourceAddress, InvitationStatus status,
                         Instant createdAt, Instant sentAt, Instant expiresAt, Instant remindedAt, Instant closedAt,
                         String closedBy, UUID userId) {

    /** Past its validity, whether or not the expiry timer has fired yet. */
    public boolean isOverdue(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
