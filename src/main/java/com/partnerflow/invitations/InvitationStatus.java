package com.partnerflow.invitations;

/** PENDING until its email is sent, SENT while the invitee may register, then one of the closed states. */
public enum InvitationStatus {
    PENDING,
    SENT,
    ACCEPTED,
    WITHDRAWN,
    EXPIRED;

    public boolean isOpen() {
        return this == PENDING || this == SENT;
    }
}
