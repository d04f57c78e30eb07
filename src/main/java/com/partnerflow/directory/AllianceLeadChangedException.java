package com.partnerflow.directory;

import java.util.UUID;

/**
 * A hand-over of the alliance lead role found the role no longer with the user it was to be
 * taken from: another hand-over (or a change the new lead could not take) came first. Nothing
 * was changed.
 */
public class AllianceLeadChangedException extends RuntimeException {

    private final UUID accountId;

    public AllianceLeadChangedException(UUID accountId, String message) {
        super(message);
        this.accountId = accountId;
    }

    public UUID accountId() {
        return accountId;
    }
}
