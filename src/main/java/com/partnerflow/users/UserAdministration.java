package com.partnerflow.users;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.api.ConfirmationWord;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import com.partnerflow.directory.UserRemoved;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.signin.PartnerSessions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account's users: list, deactivate, reactivate, remove. Each change locks the user's row
 * first, so it cannot interleave with another change of the same user (a role assignment, a
 * second removal), and writes its audit event in the same transaction.
 */
@Service
public class UserAdministration {

    /** The word a caller types to remove a user (guide: "enter confirm"). */
    public enum Status { ACTIVE, DEACTIVATED, REMOVED }

    /** What the list shows unless asked otherwise: removed users' data is kept, but they are gone. */
    static final Set<Status> DEFAULT_LISTED = Set.of(Status.ACTIVE, Status.DEACTIVATED);

    private final PartnerDirectory directory;
    private final PartnerSessions sessions;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public UserAdministration(PartnerDirectory directory, PartnerSessions sessions, AuditLog audit,
                              ApplicationEventPublisher events) {
        this.directory = directory;
        this.sessions = sessions;
        this.audit = audit;
        this.events = events;
    }

    /**
     * The account's users with the given statuses whose name or address contains {@code query}
     * (case-insensitive; the full name "first last" counts too), in order of registration.
     */
    @Transactional(readOnly = true)
    public List<PartnerUser> list(PartnerPrincipal caller, String query, Set<Status> statuses) {
        caller.require(Permission.VIEW_USERS);
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return directory.usersOf(caller.accountId()).stream()
                .filter(u -> statuses.contains(Status.valueOf(u.status())))
                .filter(u -> q.isEmpty() || matches(u, q))
                .toList();
    }

    private static boolean matches(PartnerUser user, String q) {
        return user.email().toLowerCase(Locale.ROOT).contains(q)
                || (user.firstName() + " " + user.lastName()).toLowerCase(Locale.ROOT).contains(q);
    }

    static Set<Status> statuses(List<String> names) {
        if (names == null || names.isEmpty()) {
            return DEFAULT_LISTED;
        }
        java.util.EnumSet<Status> statuses = java.util.EnumSet.noneOf(Status.class);
        for (String name : names) {
            for (String part : name.split(",")) {
                try {
                    statuses.add(Status.valueOf(part.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException unknown) {
                    throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-filter", "Unknown status '" + part
                            + "': use ACTIVE, DEACTIVATED or REMOVED.", Map.of("parameter", "status",
                            "allowed", Arrays.stream(Status.values()).map(Enum::name).toList()));
                }
            }
        }
        return statuses;
    }

    /** Stops a user's sign-in and ends their sessions at once; they keep roles and data and can be reactivated. */
    @Transactional
    public PartnerUser deactivate(PartnerPrincipal caller, UUID userId, String sourceAddress) {
        caller.require(Permission.DEACTIVATE_USERS);
        PartnerUser user = lockedUserOfAccount(caller, userId);
        refuseOwnUser(caller, user, "deactivate");
        refuseLead(user, "deactivated");
        if (!"ACTIVE".equals(user.status())) {
            throw notActive(user);
        }
        directory.changeStatus(userId, "ACTIVE", "DEACTIVATED");
        int ended = sessions.revokeAllOf(userId);
        event("UserDeactivated", caller, user, sourceAddress).with("sessionsEnded", ended).record();
        return directory.findUser(userId).orElseThrow();
    }

    @Transactional
    public PartnerUser reactivate(PartnerPrincipal caller, UUID userId, String sourceAddress) {
        caller.require(Permission.DEACTIVATE_USERS);
        PartnerUser user = lockedUserOfAccount(caller, userId);
        if ("REMOVED".equals(user.status())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "user-removed",
                    "The user was removed, which cannot be undone: invite them again to re-add them.");
        }
        if ("ACTIVE".equals(user.status())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "already-active", "The user is active already.");
        }
        directory.changeStatus(userId, "DEACTIVATED", "ACTIVE");
        event("UserReactivated", caller, user, sourceAddress).record();
        return directory.findUser(userId).orElseThrow();
    }

    /**
     * Removes a user for good: status REMOVED, every role taken (each audited), sessions ended,
     * their data kept, and {@link UserRemoved} published in this transaction so work of theirs
     * returns to the alliance lead.
     */
    @Transactional
    public PartnerUser remove(PartnerPrincipal caller, UUID userId, String confirmation, String sourceAddress) {
        caller.require(Permission.REMOVE_USERS);
        ConfirmationWord.require(confirmation, "Removing a user cannot be undone: send {\"confirmation\": "
                + "\"confirm\"} (the word confirm, in lower case) to remove them.");
        PartnerUser user = lockedUserOfAccount(caller, userId);
        refuseOwnUser(caller, user, "remove");
        refuseLead(user, "removed");
        if ("REMOVED".equals(user.status())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "already-removed", "The user was removed already.");
        }
        directory.changeStatus(userId, user.status(), "REMOVED");
        for (Role role : directory.unassignAllRoles(caller.accountId(), userId)) {
            event("RoleUnassigned", caller, user, sourceAddress).with("role", role.name())
                    .with("reason", "user removed").record();
        }
        int ended = sessions.revokeAllOf(userId);
        event("UserRemoved", caller, user, sourceAddress).with("previousStatus", user.status())
                .with("rolesRemoved", user.roles().stream().map(Enum::name).toList())
                .with("sessionsEnded", ended).record();
        UUID lead = directory.allianceLeadOf(caller.accountId()).orElse(null);
        events.publishEvent(new UserRemoved(caller.accountId(), userId, lead, caller.email()));
        return directory.findUser(userId).orElseThrow();
    }

    private PartnerUser lockedUserOfAccount(PartnerPrincipal caller, UUID userId) {
        return directory.lockUser(userId).filter(u -> u.accountId().equals(caller.accountId()))
                .orElseThrow(UserAdministration::userNotFound);
    }

    static ApiProblem userNotFound() {
        return new ApiProblem(HttpStatus.NOT_FOUND, "user-not-found", "There is no user with this id in your account.");
    }

    private static void refuseOwnUser(PartnerPrincipal caller, PartnerUser user, String verb) {
        if (user.id().equals(caller.userId())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "own-user", "You cannot " + verb
                    + " yourself: ask another user who may do it.");
        }
    }

    private void refuseLead(PartnerUser user, String participle) {
        if (directory.allianceLeadOf(user.accountId()).filter(user.id()::equals).isPresent()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "alliance-lead",
                    "The alliance lead cannot be " + participle + ": reassign the alliance lead role first.");
        }
    }

    private static ApiProblem notActive(PartnerUser user) {
        return "REMOVED".equals(user.status())
                ? new ApiProblem(HttpStatus.CONFLICT, "user-removed", "The user was removed already.")
                : new ApiProblem(HttpStatus.CONFLICT, "already-deactivated", "The user is deactivated already.");
    }

    private AuditLog.Event event(String name, PartnerPrincipal caller, PartnerUser user, String sourceAddress) {
        return audit.event(name).by(caller.email(), caller.userId()).account(caller.accountId())
                .target(user.email(), user.id()).from(sourceAddress);
    }
}
