package com.partnerflow.invitations;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.Role;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The invitation was not used in time: EXPIRED, and every link of it dead.
 * <p>Serves {@code Task_ExpireInvitation} (user-invitation).
 */
@Component("expireInvitationDelegate")
public class ExpireInvitationDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ExpireInvitationDelegate.class);

    private final InvitationRepository invitations;
    private final AuditLog audit;
    private final EngineClock clock;

    public ExpireInvitationDelegate(InvitationRepository invitations, AuditLog audit, EngineClock clock) {
        this.invitations = invitations;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID id = UUID.fromString((String) execution.getVariable(InvitationProcess.INVITATION_ID));
        if (!invitations.markExpired(id, clock.now())) {
            log.info("Invitation {} was closed already; nothing to expire", id);
            return;
        }
        Invitation invitation = invitations.find(id).orElseThrow();
        audit.event("InvitationExpired").by("user-invitation", null).account(invitation.accountId())
                .target(invitation.email(), null)
                .with("invitationId", id.toString())
                .with("invitedBy", invitation.invitedByEmail())
                .with("roles", invitation.roles().stream().map(Role::name).toList())
                .record();
        log.info("Invitation {} expired", id);
    }
}
