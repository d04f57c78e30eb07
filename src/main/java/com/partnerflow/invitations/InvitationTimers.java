package com.partnerflow.invitations;

import org.springframework.stereotype.Component;

/** Timer values for user-invitation.bpmn, from configuration: {@code ${invitationTimers.validity()}}. */
@Component("invitationTimers")
public class InvitationTimers {

    private final InvitationSettings settings;

    public InvitationTimers(InvitationSettings settings) {
        this.settings = settings;
    }

    /** ISO-8601 duration, the form Camunda's timeDuration expects. */
    public String validity() {
        return settings.validity().toString();
    }

    public String reminderAfter() {
        return settings.reminderAfter().toString();
    }
}
