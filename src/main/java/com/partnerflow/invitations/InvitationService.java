package com.partnerflow.invitations;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.config.Savepoints;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.MissingPermissionException;
import com.partnerflow.signin.PartnerPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inviting, listing and withdrawing invitations (the inviter's side). Registering through an
 * invitation's link is {@link InvitationRegistrations}.
 */
@Service
public class InvitationService {

    private static final Logger log = LoggerFactory.getLogger(InvitationService.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> LANGUAGES = Set.of("en", "ja");

    private final InvitationRepository invitations;
    private final PartnerDirectory directory;
    private final RuntimeService runtime;
    private final AuditLog audit;
    private final EngineClock clock;
    private final InvitationSettings settings;
    private final Savepoints savepoints;

    public InvitationService(InvitationRepository invitations, PartnerDirectory directory, RuntimeService runtime,
                             AuditLog audit, EngineClock clock, InvitationSettings settings,
                             Savepoints savepoints) {
        this.invitations = invitations;
        this.directory = directory;
        this.runtime = runtime;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.savepoints = savepoints;
    }

    /** One address to invite, as the request names it (roles as strings, so an unknown one fails alone). */
    public record Invitee(String email, List<String> roles, String language) {
    }

    /** The outcome for one invitee: INVITED with the invitation's id, or FAILED with a code and a reason. */
    public record InviteeResult(String email, String outcome, UUID invitationId, List<Role> roles, String code,
                                String reason) {

        static InviteeResult invited(Invitation i) {
            return new InviteeResult(i.email(), "INVITED", i.id(), i.roles(), null, null);
        }

        static InviteeResult failed(String email, String code, String reason) {
            return new InviteeResult(email, "FAILED", null, null, code, reason);
        }
    }

    public record InviteResult(int succeeded, int failed, List<InviteeResult> results) {
    }

    /**
     * Invites each address on its own: a refused invitee changes nothing and does not stop the
     * others. Each accepted invitee gets an invitation row and a process instance (business key
     * = invitation id) in a savepoint of the request's transaction.
     *
     * @throws ApiProblem 400 for no invitees or more than the configured maximum (nothing is invited)
     */
    @Transactional
    public InviteResult invite(PartnerPrincipal caller, List<Invitee> invitees, String sourceAddress) {
        caller.require(Permission.INVITE_USERS);
        int max = settings.maxInviteesPerRequest();
        if (invitees == null || invitees.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "no-invitees", "Name at least one invitee.",
                    Map.of("maxInvitees", max));
        }
        if (invitees.size() > max) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "too-many-invitees",
                    "At most " + max + " invitees per request; this one names " + invitees.size() + ".",
                    Map.of("maxInvitees", max, "invitees", invitees.size()));
        }
        Set<String> domains = new HashSet<>(directory.domainsOf(caller.accountId()));
        String inviterLanguage = directory.findUser(caller.userId()).map(PartnerUser::language).orElse("en");
        Set<String> seen = new HashSet<>();
        List<InviteeResult> results = new ArrayList<>();
        for (Invitee invitee : invitees) {
            results.add(inviteOne(caller, invitee, domains, inviterLanguage, seen, sourceAddress));
        }
        int succeeded = (int) results.stream().filter(r -> r.invitationId() != null).count();
        return new InviteResult(succeeded, results.size() - succeeded, results);
    }

    private InviteeResult inviteOne(PartnerPrincipal caller, Invitee invitee, Set<String> domains,
                                    String inviterLanguage, Set<String> seen, String sourceAddress) {
        String email = invitee == null || invitee.email() == null ? "" : invitee.email().trim().toLowerCase(Locale.ROOT);
        if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
            return InviteeResult.failed(email, "invalid-email", "Not a valid email address.");
        }
        if (!seen.add(email)) {
            return InviteeResult.failed(email, "duplicate-invitee", "The address is named twice in this request.");
        }
        String domain = email.substring(email.lastIndexOf('@') + 1);
        if (!domains.contains(domain)) {
            return InviteeResult.failed(email, "domain-not-of-account", "The domain " + domain
                    + " is not one of your account's domains (" + String.join(", ", domains.stream().sorted().toList())
                    + ").");
        }
        if (invitee.roles() == null || invitee.roles().isEmpty()) {
            return InviteeResult.failed(email, "no-roles", "Choose one or more roles.");
        }
        Set<Role> roles = new LinkedHashSet<>();
        for (String name : invitee.roles()) {
            Optional<Role> role = roleNamed(name);
            if (role.isEmpty()) {
                return InviteeResult.failed(email, "unknown-role", "There is no role " + name + ".");
            }
            if (role.get() == Role.ALLIANCE_LEAD) {
                return InviteeResult.failed(email, "role-not-invitable", "The alliance lead role cannot be given by"
                        + " invitation; the lead hands it over to an existing user.");
            }
            Permission needed = Permission.toAssign(role.get());
            if (!caller.has(needed)) {
                return InviteeResult.failed(email, "role-not-allowed", "You may not give the role " + role.get()
                        + ": it needs " + MissingPermissionException.of(needed).permission() + ".");
            }
            roles.add(role.get());
        }
        String language = invitee.language() == null || invitee.language().isBlank() ? inviterLanguage
                : invitee.language();
        if (!LANGUAGES.contains(language)) {
            return InviteeResult.failed(email, "invalid-language", "The language must be en or ja.");
        }
        Optional<InvitationRepository.ExistingUser> user = invitations.userWithEmail(email);
        if (user.isPresent() && !user.get().removed()) {
            return InviteeResult.failed(email, "already-a-user", "The address already belongs to a partner user.");
        }
        if (user.isPresent() && !user.get().accountId().equals(caller.accountId())) {
            return InviteeResult.failed(email, "already-a-user", "The address belongs to a removed user of"
                    + " another partner account.");
        }
        Optional<Invitation> open = invitations.findOpenFor(email);
        if (open.isPresent()) {
            return alreadyInvited(email, open.get().id());
        }
        Invitation invitation = new Invitation(UUID.randomUUID(), caller.accountId(), email, List.copyOf(roles),
                language, caller.userId(), caller.email(), sourceAddress, InvitationStatus.PENDING, clock.now(),
                null, null, null, null, null, null);
        try {
            savepoints.run(() -> {
                invitations.insert(invitation);
                runtime.createProcessInstanceByKey(InvitationProcess.KEY)
                        .businessKey(invitation.id().toString())
                        .setVariable(InvitationProcess.INVITATION_ID, invitation.id().toString())
                        .execute();
            });
        } catch (DuplicateKeyException concurrentInvitation) {
            return alreadyInvited(email, invitations.findOpenFor(email).map(Invitation::id).orElse(null));
        }
        log.info("Invitation {} of account {} created for roles {}", invitation.id(), caller.accountId(),
                invitation.roles());
        return InviteeResult.invited(invitation);
    }

    private static InviteeResult alreadyInvited(String email, UUID openInvitation) {
        return new InviteeResult(email, "FAILED", null, null, "already-invited", "The address has an open invitation"
                + (openInvitation == null ? "" : " (" + openInvitation + ")")
                + "; withdraw it first to invite it again with other roles.");
    }

    private static Optional<Role> roleNamed(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Role.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    @Transactional(readOnly = true)
    public List<Invitation> list(PartnerPrincipal caller) {
        caller.require(Permission.INVITE_USERS);
        return invitations.ofAccount(caller.accountId());
    }

    /**
     * Withdraws an open invitation: its links stop working and its process ends. The inviter may
     * withdraw their own; others need {@link Permission#WITHDRAW_ANY_INVITATION} (the alliance lead).
     */
    @Transactional
    public Invitation withdraw(PartnerPrincipal caller, UUID invitationId, String sourceAddress) {
        caller.require(Permission.INVITE_USERS);
        Invitation invitation = invitations.lock(invitationId)
                .filter(i -> i.accountId().equals(caller.accountId()))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "invitation-not-found",
                        "Your account has no invitation " + invitationId + "."));
        if (!invitation.invitedByUserId().equals(caller.userId())) {
            caller.require(Permission.WITHDRAW_ANY_INVITATION);
        }
        if (!invitations.markWithdrawn(invitationId, caller.email(), clock.now())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "invitation-not-open", "The invitation is "
                    + invitation.status().name().toLowerCase(Locale.ROOT) + " already; only open ones can be withdrawn.",
                    Map.of("invitationStatus", invitation.status().name()));
        }
        try {
            runtime.createMessageCorrelation(InvitationProcess.MSG_WITHDRAWN)
                    .processInstanceBusinessKey(invitationId.toString())
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException noProcess) {
            // the row said open, so its process must be running: refuse rather than half-withdraw
            throw new ApiProblem(HttpStatus.CONFLICT, "invitation-not-open",
                    "The invitation's process is no longer running; nothing was changed.");
        }
        audit.event("InvitationWithdrawn").by(caller.email(), caller.userId()).account(caller.accountId())
                .target(invitation.email(), null).from(sourceAddress)
                .with("invitationId", invitationId.toString())
                .with("invitedBy", invitation.invitedByEmail())
                .with("roles", invitation.roles().stream().map(Role::name).toList())
                .record();
        log.info("Invitation {} withdrawn by user {}", invitationId, caller.userId());
        return invitations.find(invitationId).orElseThrow();
    }
}
