package com.partnerflow.users;

import static com.partnerflow.users.RoleChanges.Action.ASSIGN;
import static com.partnerflow.users.RoleChanges.Action.UNASSIGN;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import com.partnerflow.directory.RoleLimitReachedException;
import com.partnerflow.signin.MissingPermissionException;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.users.RoleChanges.Action;
import com.partnerflow.users.RoleChanges.ChangeResult;
import com.partnerflow.users.RoleChanges.UserChange;
import com.partnerflow.users.RoleChanges.UserResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk role changes for up to {@value RoleChanges#MAX_USERS} users of the caller's account. Each
 * single assignment or unassignment succeeds or fails on its own (a failed one changes nothing)
 * with a reason; the whole request is refused ({@code 400}, nothing changed) only when it is
 * malformed. Order within a request: unassignments first (so a seat freed in the request can be
 * given in it), then assignments, then the unassignment of the standard user role (refused when it
 * is the user's last role), and last, a user whose last role was taken gets the standard user role.
 */
@Service
public class RoleAssignmentService {

    /** The permissions that let a caller use role assignment at all: those of every assignable role. */
    static final Set<Permission> ASSIGN_PERMISSIONS = Arrays.stream(Role.values())
            .filter(r -> r != Role.ALLIANCE_LEAD).map(Permission::toAssign)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));

    private final PartnerDirectory directory;
    private final AuditLog audit;

    public RoleAssignmentService(PartnerDirectory directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /** Refuses with {@code 403} a caller who may assign no role at all. */
    static void requireSomeAssignPermission(PartnerPrincipal caller) {
        if (ASSIGN_PERMISSIONS.stream().noneMatch(caller::has)) {
            Set<Role> holders = EnumSet.noneOf(Role.class);
            ASSIGN_PERMISSIONS.forEach(p -> holders.addAll(p.grantedTo()));
            throw new MissingPermissionException(ASSIGN_PERMISSIONS.stream().map(Enum::name)
                    .collect(Collectors.joining(" or ")) + " (held by "
                    + holders.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")");
        }
    }

    @Transactional
    public RoleChanges.Result change(PartnerPrincipal caller, RoleChanges.Request request, String sourceAddress) {
        requireSomeAssignPermission(caller);
        List<Entry> entries = validate(request);

        // lock the users in one order (by id), so concurrent requests on the same users cannot deadlock
        Map<UUID, Optional<PartnerUser>> users = new HashMap<>();
        entries.stream().map(e -> e.userId).sorted().forEach(id -> users.put(id,
                directory.lockUser(id).filter(u -> u.accountId().equals(caller.accountId()))));
        entries.forEach(e -> e.user = users.get(e.userId).orElse(null));

        Context ctx = new Context(caller, sourceAddress);
        for (Entry e : entries) {
            for (Role role : e.unassign) {
                if (role != Role.STANDARD_USER) {
                    e.results.add(unassign(ctx, e, role));
                }
            }
        }
        for (Entry e : entries) {
            for (Role role : e.assign) {
                e.results.add(assign(ctx, e, role));
            }
        }
        for (Entry e : entries) {
            if (e.unassign.contains(Role.STANDARD_USER)) {
                e.results.add(unassign(ctx, e, Role.STANDARD_USER));
            }
        }
        List<UserResult> results = new ArrayList<>();
        int succeeded = 0;
        int failed = 0;
        for (Entry e : entries) {
            boolean standardUserGiven = false;
            if (e.user != null && e.results.stream().anyMatch(r -> r.action() == UNASSIGN && r.succeededOk())
                    && directory.rolesOf(e.userId).isEmpty()) {
                directory.assignRole(caller.accountId(), e.userId, Role.STANDARD_USER, caller.email());
                event(ctx, "RoleAssigned", e).with("role", Role.STANDARD_USER.name())
                        .with("reason", "no other role left").record();
                standardUserGiven = true;
            }
            for (ChangeResult r : e.results) {
                if (r.succeededOk()) {
                    succeeded++;
                } else {
                    failed++;
                }
            }
            results.add(new UserResult(e.userId, e.user == null ? null : e.user.email(),
                    e.user == null ? null : directory.rolesOf(e.userId), List.copyOf(e.results), standardUserGiven));
        }
        return new RoleChanges.Result(succeeded, failed, RoleChanges.TAKES_EFFECT, results);
    }

    private ChangeResult assign(Context ctx, Entry e, Role role) {
        Optional<ChangeResult> refused = refusal(ctx, e, ASSIGN, role);
        if (refused.isPresent()) {
            return refused(ctx, e, refused.get());
        }
        if (!"ACTIVE".equals(e.user.status())) {
            return refused(ctx, e, ChangeResult.failed(ASSIGN, role, "user-not-active",
                    "The user is " + e.user.status().toLowerCase(Locale.ROOT) + ": only active users get roles."));
        }
        if (directory.holds(e.userId, role)) {
            return refused(ctx, e, ChangeResult.failed(ASSIGN, role, "already-held", "The user already holds this role."));
        }
        try {
            directory.assignRole(ctx.caller.accountId(), e.userId, role, ctx.caller.email());
        } catch (RoleLimitReachedException full) {
            return refused(ctx, e, new ChangeResult(ASSIGN, role, RoleChanges.Outcome.FAILED, "role-limit-reached",
                    "The account already has " + full.limit() + " users with this role, the most allowed: "
                            + "unassign it from someone first.", null, full.limit()));
        } catch (DuplicateKeyException meanwhile) {
            return refused(ctx, e, ChangeResult.failed(ASSIGN, role, "already-held", "The user already holds this role."));
        }
        event(ctx, "RoleAssigned", e).with("role", role.name()).record();
        return ChangeResult.succeeded(ASSIGN, role);
    }

    private ChangeResult unassign(Context ctx, Entry e, Role role) {
        Optional<ChangeResult> refused = refusal(ctx, e, UNASSIGN, role);
        if (refused.isPresent()) {
            return refused(ctx, e, refused.get());
        }
        if ("REMOVED".equals(e.user.status())) {
            return refused(ctx, e, ChangeResult.failed(UNASSIGN, role, "user-not-active",
                    "The user was removed and holds no roles."));
        }
        List<Role> held = directory.rolesOf(e.userId);
        if (!held.contains(role)) {
            return refused(ctx, e, ChangeResult.failed(UNASSIGN, role, "not-held", "The user does not hold this role."));
        }
        if (role == Role.STANDARD_USER && held.size() == 1) {
            return refused(ctx, e, ChangeResult.failed(UNASSIGN, role, "standard-user-is-default",
                    "A user without any other role is a standard user: give them another role first."));
        }
        directory.unassignRole(ctx.caller.accountId(), e.userId, role);
        event(ctx, "RoleUnassigned", e).with("role", role.name()).record();
        return ChangeResult.succeeded(UNASSIGN, role);
    }

    /** Refusals common to both directions: unknown user, the lead role, a role the caller may not give. */
    private Optional<ChangeResult> refusal(Context ctx, Entry e, Action action, Role role) {
        if (e.user == null) {
            // unknown, or of another account: the same answer, so ids of other accounts are not confirmed
            return Optional.of(ChangeResult.failed(action, role, "user-not-in-account",
                    "There is no user with this id in your account."));
        }
        if (role == Role.ALLIANCE_LEAD) {
            return Optional.of(ChangeResult.failed(action, role, "alliance-lead-not-assignable",
                    "The alliance lead role is only handed over by the current lead (alliance lead reassignment)."));
        }
        Permission needed = Permission.toAssign(role);
        if (!ctx.caller.has(needed)) {
            String permission = MissingPermissionException.of(needed).permission();
            return Optional.of(new ChangeResult(action, role, RoleChanges.Outcome.FAILED, "missing-permission",
                    "You lack the permission " + permission + ".", permission, null));
        }
        return Optional.empty();
    }

    private ChangeResult refused(Context ctx, Entry e, ChangeResult result) {
        event(ctx, "RoleChangeRefused", e).with("action", result.action().name()).with("role", result.role().name())
                .with("reason", result.reason()).record();
        return result;
    }

    private AuditLog.Event event(Context ctx, String name, Entry e) {
        return audit.event(name).by(ctx.caller.email(), ctx.caller.userId()).account(ctx.caller.accountId())
                .target(e.user == null ? e.userId.toString() : e.user.email(), e.user == null ? null : e.userId)
                .from(ctx.sourceAddress);
    }

    /** The request as a whole: anything wrong here refuses all of it with {@code 400}. */
    private static List<Entry> validate(RoleChanges.Request request) {
        if (request == null || request.users() == null || request.users().isEmpty()) {
            throw invalid("no-users", "Name at least one user in 'users'.", Map.of());
        }
        if (request.users().size() > RoleChanges.MAX_USERS) {
            throw invalid("too-many-users", "Roles can be changed for at most " + RoleChanges.MAX_USERS
                    + " users per request; this one names " + request.users().size() + ". Nothing was changed.",
                    Map.of("maxUsers", RoleChanges.MAX_USERS, "users", request.users().size()));
        }
        List<Entry> entries = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (UserChange change : request.users()) {
            if (change == null || change.userId() == null) {
                throw invalid("user-id-missing", "Every entry of 'users' needs a 'userId'.", Map.of());
            }
            if (!seen.add(change.userId())) {
                throw invalid("duplicate-user", "Each user may appear once per request: " + change.userId() + ".",
                        Map.of("userId", change.userId()));
            }
            Set<Role> assign = roles(change.assign(), change.userId());
            Set<Role> unassign = roles(change.unassign(), change.userId());
            if (assign.isEmpty() && unassign.isEmpty()) {
                throw invalid("no-change", "The entry for user " + change.userId()
                        + " neither assigns nor unassigns a role.", Map.of("userId", change.userId()));
            }
            Set<Role> both = EnumSet.noneOf(Role.class);
            both.addAll(assign);
            both.retainAll(unassign);
            if (!both.isEmpty()) {
                throw invalid("contradictory-change", "User " + change.userId() + ": a role cannot be assigned and "
                        + "unassigned at once: " + both + ".", Map.of("userId", change.userId()));
            }
            entries.add(new Entry(change.userId(), assign, unassign));
        }
        return entries;
    }

    private static Set<Role> roles(List<String> names, UUID userId) {
        Set<Role> roles = new LinkedHashSet<>();
        if (names == null) {
            return roles;
        }
        for (String name : names) {
            Role role;
            try {
                role = Role.valueOf(String.valueOf(name));
            } catch (IllegalArgumentException unknown) {
                throw invalid("unknown-role", "User " + userId + ": there is no role '" + name + "'.",
                        Map.of("role", String.valueOf(name), "roles", Arrays.stream(Role.values()).map(Enum::name).toList()));
            }
            if (!roles.add(role)) {
                throw invalid("duplicate-role", "User " + userId + ": the role " + role + " is named twice.",
                        Map.of("role", role.name()));
            }
        }
        return roles;
    }

    private static ApiProblem invalid(String code, String detail, Map<String, ?> properties) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, code, detail, properties);
    }

    private static final class Entry {
        final UUID userId;
        final Set<Role> assign;
        final Set<Role> unassign;
        final List<ChangeResult> results = new ArrayList<>();
        PartnerUser user;

        Entry(UUID userId, Set<Role> assign, Set<Role> unassign) {
            this.userId = userId;
            this.assign = assign;
            this.unassign = unassign;
        }
    }

    private record Context(PartnerPrincipal caller, String sourceAddress) {
    }
}
