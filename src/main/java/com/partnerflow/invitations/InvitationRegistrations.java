package com.partnerflow.invitations;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.config.Savepoints;
import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerAccount;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.directory.RoleLimitReachedException;
import com.partnerflow.registration.PasswordPolicy;
import com.partnerflow.security.SecretTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invitee's side: the link's page ({@link #view}) and registering through it
 * ({@link #register}). The link proves the mailbox, so no security code is needed.
 *
 * <p>Refusals: a token that never existed {@code 404 invitation-not-found}; a used, withdrawn or
 * expired invitation {@code 410 invitation-used | invitation-withdrawn | invitation-expired}; an
 * address taken meanwhile {@code 409 already-registered}; bad names {@code 400}; a password against
 * the rule {@code 422 password-policy}. A refusal changes nothing.
 */
@Service
public class InvitationRegistrations {

    private static final Logger log = LoggerFactory.getLogger(InvitationRegistrations.class);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Set<String> LANGUAGES = Set.of("en", "ja");

    private final InvitationRepository invitations;
    private final PartnerDirectory directory;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwords;
    private final RuntimeService runtime;
    private final AuditLog audit;
    private final EngineClock clock;
    private final Savepoints savepoints;

    public InvitationRegistrations(InvitationRepository invitations, PartnerDirectory directory,
                                   PasswordPolicy passwordPolicy, PasswordEncoder passwords, RuntimeService runtime,
                                   AuditLog audit, EngineClock clock, Savepoints savepoints) {
        this.invitations = invitations;
        this.directory = directory;
        this.passwordPolicy = passwordPolicy;
        this.passwords = passwords;
        this.runtime = runtime;
        this.audit = audit;
        this.clock = clock;
        this.savepoints = savepoints;
    }

    /** What the link's page shows. */
    public record InvitationView(UUID invitationId, String email, String companyName, String invitedBy,
                                 List<Role> roles, String language, Instant expiresAt) {
    }

    /** What the invitee enters. */
    public record RegistrationForm(String firstName, String lastName, String password, String language) {

        @Override
        public String toString() { // keeps the password out of any log or error message
            return "RegistrationForm[firstName=" + firstName + ", lastName=" + lastName + ", password=HIDDEN]";
        }
    }

    /** A role of the invitation the directory refused (a limit reached, ...): the user exists without it. */
    public record SkippedRole(Role role, String reason) {
    }

    public record Registered(UUID userId, UUID accountId, String email, List<Role> roles, List<SkippedRole> skippedRoles,
                             boolean reactivated) {
    }

    /** Reads only: opening the link (as mail scanners do) changes nothing. */
    @Transactional(readOnly = true)
    public InvitationView view(String token) {
        Invitation invitation = usable(find(token), clock.now());
        String company = directory.findAccount(invitation.accountId()).map(PartnerAccount::legalName).orElse("");
        String inviter = directory.findUser(invitation.invitedByUserId())
                .map(u -> u.firstName() + " " + u.lastName()).orElse(invitation.invitedByEmail());
        return new InvitationView(invitation.id(), invitation.email(), company, inviter, invitation.roles(),
                invitation.language(), invitation.expiresAt());
    }

    /**
     * Creates the invited user (or brings a removed one back) in the inviter's account with the
     * invited roles, closes the invitation and tells its process, all in one transaction.
     */
    @Transactional
    public Registered register(String token, RegistrationForm form, String sourceAddress) {
        Invitation found = find(token);
        Instant now = clock.now();
        usable(found, now);
        NewUser newUser = validated(found, form);
        // Row lock: a second registration through this invitation waits here, then finds it used.
        Invitation invitation = usable(lock(found), now);

        Optional<InvitationRepository.ExistingUser> existing = invitations.userWithEmail(invitation.email());
        UUID userId;
        boolean reactivated = false;
        if (existing.isPresent()) {
            InvitationRepository.ExistingUser user = existing.get();
            if (!user.removed() || !user.accountId().equals(invitation.accountId())
                    || !directory.reactivateRemovedUser(user.id(), newUser)) {
                throw alreadyRegistered();
            }
            userId = user.id();
            reactivated = true;
        } else {
            try {
                userId = savepoints.call(() -> directory.createUser(invitation.accountId(), newUser));
            } catch (DuplicateKeyException registeredMeanwhile) {
                throw alreadyRegistered();
            }
        }
        if (!invitations.markAccepted(invitation.id(), userId, now)) {
            throw new ApiProblem(HttpStatus.GONE, "invitation-used", "This invitation has been used already.");
        }

        List<Role> given = new ArrayList<>();
        List<SkippedRole> skipped = new ArrayList<>();
        for (Role role : invitation.roles()) {
            try {
                savepoints.run(() -> directory.assignRole(invitation.accountId(), userId, role,
                        invitation.invitedByEmail()));
                given.add(role);
                audit.event("RoleAssigned").by(invitation.invitedByEmail(), invitation.invitedByUserId())
                        .account(invitation.accountId()).target(invitation.email(), userId).from(sourceAddress)
                        .with("role", role.name()).with("invitationId", invitation.id().toString()).record();
            } catch (DataIntegrityViolationException refused) {
                String reason = refusalReason(refused);
                skipped.add(new SkippedRole(role, reason));
                audit.event("RoleAssignmentFailed").by(invitation.invitedByEmail(), invitation.invitedByUserId())
                        .account(invitation.accountId()).target(invitation.email(), userId).from(sourceAddress)
                        .with("role", role.name()).with("reason", reason)
                        .with("invitationId", invitation.id().toString()).record();
                log.info("Invitation {}: role {} not given ({})", invitation.id(), role, reason);
            }
        }

        try {
            runtime.createMessageCorrelation(InvitationProcess.MSG_ACCEPTED)
                    .processInstanceBusinessKey(invitation.id().toString())
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException notWaiting) {
            // the process is between steps (its expiry running right now): roll everything back
            throw new ApiProblem(HttpStatus.GONE, "invitation-expired", "This invitation has expired.");
        }
        audit.event("InvitationAccepted").by(invitation.email(), userId).account(invitation.accountId())
                .target(invitation.email(), userId).from(sourceAddress)
                .with("invitationId", invitation.id().toString())
                .with("invitedBy", invitation.invitedByEmail())
                .with("rolesGiven", given.stream().map(Role::name).toList())
                .with("rolesSkipped", skipped.stream().map(r -> r.role().name()).toList())
                .with("reactivated", reactivated)
                .record();
        log.info("Invitation {} accepted: user {} {} in account {}", invitation.id(), userId,
                reactivated ? "re-activated" : "created", invitation.accountId());
        PartnerUser user = directory.findUser(userId).orElseThrow();
        return new Registered(userId, invitation.accountId(), invitation.email(), user.roles(), List.copyOf(skipped),
                reactivated);
    }

    private Invitation lock(Invitation invitation) {
        try {
            return invitations.lock(invitation.id()).orElseThrow();
        } catch (PessimisticLockingFailureException | QueryTimeoutException lockWaitTimedOut) {
            // H2 gives up waiting for a row lock after a while (PostgreSQL waits): the other
            // registration's outcome is not known yet
            throw new ApiProblem(HttpStatus.CONFLICT, "invitation-busy",
                    "Another registration through this invitation is in progress; nothing was changed.");
        }
    }

    private NewUser validated(Invitation invitation, RegistrationForm form) {
        List<Map<String, String>> fields = new ArrayList<>();
        String firstName = form.firstName() == null ? "" : form.firstName().trim();
        String lastName = form.lastName() == null ? "" : form.lastName().trim();
        if (firstName.isEmpty() || firstName.length() > 100) {
            fields.add(Map.of("field", "firstName", "message", "must be 1 to 100 characters"));
        }
        if (lastName.isEmpty() || lastName.length() > 100) {
            fields.add(Map.of("field", "lastName", "message", "must be 1 to 100 characters"));
        }
        String language = form.language() == null || form.language().isBlank() ? invitation.language() : form.language();
        if (!LANGUAGES.contains(language)) {
            fields.add(Map.of("field", "language", "message", "must be en or ja"));
        }
        if (form.password() == null) {
            fields.add(Map.of("field", "password", "message", "must not be empty"));
        }
        if (!fields.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid fields",
                    Map.of("fields", fields));
        }
        passwordPolicy.check(form.password());
        return new NewUser(invitation.email(), firstName, lastName, passwords.encode(form.password()), language);
    }

    private Invitation find(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw notFound();
        }
        return invitations.findByTokenHash(SecretTokens.storedForm(token)).orElseThrow(InvitationRegistrations::notFound);
    }

    private static Invitation usable(Invitation invitation, Instant now) {
        switch (invitation.status()) {
            case ACCEPTED -> throw new ApiProblem(HttpStatus.GONE, "invitation-used",
                    "This invitation has been used already. Sign in with your email address and password.");
            case WITHDRAWN -> throw new ApiProblem(HttpStatus.GONE, "invitation-withdrawn",
                    "This invitation was withdrawn. Ask your company's alliance lead for a new one.");
            case EXPIRED -> throw expired();
            case PENDING, SENT -> {
                if (invitation.status() == InvitationStatus.PENDING || invitation.isOverdue(now)) {
                    throw expired();
                }
            }
        }
        return invitation;
    }

    private static ApiProblem expired() {
        return new ApiProblem(HttpStatus.GONE, "invitation-expired",
                "This invitation has expired. Ask your company's alliance lead or alliance team for a new one.");
    }

    private static ApiProblem notFound() {
        return new ApiProblem(HttpStatus.NOT_FOUND, "invitation-not-found", "We do not know this invitation link.");
    }

    private static ApiProblem alreadyRegistered() {
        return new ApiProblem(HttpStatus.CONFLICT, "already-registered",
                "This address already belongs to a partner user. Sign in instead.");
    }

    /** The directory's refusal in words: a role limit names itself; anything else is a constraint. */
    private static String refusalReason(DataIntegrityViolationException refused) {
        if (refused instanceof RoleLimitReachedException limit) {
            return limit.getMessage();
        }
        return refused instanceof DuplicateKeyException ? "already held" : "refused by the directory";
    }
}
