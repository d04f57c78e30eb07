package com.partnerflow.directory;

import java.util.UUID;

/**
 * Published (synchronously, inside the removing transaction) when a partner user is removed, so
 * capabilities holding work of theirs can hand it back: their open partner tasks return to the
 * account's alliance lead.
 */
public record UserRemoved(UUID accountId, UUID userId, UUID allianceLeadUserId, String removedBy) {
}
