package com.partnerflow.invitations;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import java.time.Instant;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Mails the one reminder with a fresh link; the first email's link keeps working too, until the
 * invitation's expiry.
 * <p>Serves {@code Task_SendReminder} (user-invitation).
 */
@Component("sendInvitationReminderDelegate")
public class SendInvitationReminderDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SendInvitationReminderDelegate.class);

    private final InvitationRepository invitations;
    private final InvitationMailer mailer;
    private final AuditLog audit;
    private final EngineClock clock;

    public SendInvitationReminderDelegate(InvitationRepository invitations, InvitationMailer mailer, AuditLog audit,
                                          EngineClock clock) {
        this.invitations = invitations;
        this.mailer = mailer;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID id = UUID.fromString((String) execution.getVariable(InvitationProcess.INVITATION_ID));
        Invitation invitation = invitations.find(id).orElseThrow();
        Instant now = clock.now();
        if (invitation.status() != InvitationStatus.SENT || invitation.isOverdue(now)) {
            log.info("Invitation {} is {}; no reminder", id, invitation.status());
            return;
        }
        invitations.markReminded(id, now);
        mailer.issueLinkAndSend(invitation, InvitationMailer.Kind.REMINDER, now, invitation.expiresAt());
        audit.event("InvitationReminderSent").by("user-invitation", null).account(invitation.accountId())
                .target(invitation.email(), null)
                .with("invitationId", id.toString())
                .with("invitedBy", invitation.invitedByEmail())
                .with("expiresAt", invitation.expiresAt().toString())
                .record();
        log.info("Invitation {} reminded", id);
    }
}
