package com.partnerflow.invitations;

/** Names shared by processes/user-invitation.bpmn and the code that drives it. */
public final class InvitationProcess {

    public static final String KEY = "user-invitation";
    /** The only process variable: the invitation's id (also the business key). */
    public static final String INVITATION_ID = "invitationId";
    public static final String MSG_ACCEPTED = "InvitationAccepted";
    public static final String MSG_WITHDRAWN = "InvitationWithdrawn";

    private InvitationProcess() {
    }
}
