package com.partnerflow.invitations;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.Role;
import java.time.Instant;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Mails the invitation with its link; from now the invitation is SENT and valid for the configured validity.
 * <p>Serves {@code Task_SendInvitation} (user-invitation).
 */
@Component("sendInvitationDelegate")
public class SendInvitationDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SendInvitationDelegate.class);

    private final InvitationRepository invitations;
    private final InvitationMailer mailer;
    private final AuditLog audit;
    private final EngineClock clock;
    private final InvitationSettings settings;

    public SendInvitationDelegate(InvitationRepository invitations, InvitationMailer mailer, AuditLog audit,
                                  EngineClock clock, InvitationSettings settings) {
        this.invitations = invitations;
        this.mailer = mailer;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID id = UUID.fromString((String) execution.getVariable(InvitationProcess.INVITATION_ID));
        Instant now = clock.now();
        Instant expiresAt = now.plus(settings.validity());
        if (!invitations.markSent(id, now, expiresAt)) {
            // withdrawn meanwhile: the event subprocess ends the process; nothing to send
            log.info("Invitation {} is no longer pending; not sent", id);
            return;
        }
        Invitation invitation = invitations.find(id).orElseThrow();
        mailer.issueLinkAndSend(invitation, InvitationMailer.Kind.INVITATION, now, expiresAt);
        audit.event("InvitationSent").by(invitation.invitedByEmail(), invitation.invitedByUserId())
                .account(invitation.accountId()).target(invitation.email(), null).from(invitation.sourceAddress())
                .with("invitationId", id.toString())
                .with("roles", invitation.roles().stream().map(Role::name).toList())
                .with("language", invitation.language())
                .with("expiresAt", expiresAt.toString())
                .record();
        log.info("Invitation {} sent, valid until {}", id, expiresAt);
    }
}
