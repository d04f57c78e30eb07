package com.partnerflow.users;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The partner account's users and roles: list and search, bulk role changes, deactivate,
 * reactivate, remove, the generic-login report, and the account's audit log. Permissions are
 * checked in the services, from {@code directory.Permission}.
 */
@RestController
@RequestMapping("/api/account")
public class AccountUsersController {

    private final UserAdministration users;
    private final RoleAssignmentService roles;
    private final GenericLogins genericLogins;
    private final AuditEvents auditEvents;

    public AccountUsersController(UserAdministration users, RoleAssignmentService roles, GenericLogins genericLogins,
                                  AuditEvents auditEvents) {
        this.users = users;
        this.roles = roles;
        this.genericLogins = genericLogins;
        this.auditEvents = auditEvents;
    }

    public record UserView(UUID userId, String email, String firstName, String lastName, String status,
                           List<Role> roles, String language, Instant createdAt) {
        static UserView of(PartnerUser u) {
            return new UserView(u.id(), u.email(), u.firstName(), u.lastName(), u.status(), u.roles(), u.language(),
                    u.createdAt());
        }
    }

    /** The removal's body: {@code {"confirmation": "confirm"}}. */
    public record RemovalRequest(String confirmation) {
    }

    @ProblemAnswers({"400 invalid-filter", "403 access-denied"})
    @GetMapping("/users")
    public List<UserView> list(@AuthenticationPrincipal PartnerPrincipal caller,
                               @RequestParam(required = false) String q,
                               @RequestParam(required = false) List<String> status) {
        if (q != null && q.length() > 200) {
            throw AuditEvents.bad("q", "'q' is at most 200 characters.");
        }
        return users.list(caller, q, UserAdministration.statuses(status)).stream().map(UserView::of).toList();
    }

    @ProblemAnswers({"400 contradictory-change duplicate-role duplicate-user no-change no-users too-many-users"
            + " unknown-role user-id-missing", "403 access-denied"})
    @PostMapping("/role-assignments")
    public RoleChanges.Result changeRoles(@AuthenticationPrincipal PartnerPrincipal caller,
                                          @RequestBody(required = false) RoleChanges.Request body,
                                          HttpServletRequest http) {
        return roles.change(caller, body, http.getRemoteAddr());
    }

    @ProblemAnswers({
            "403 access-denied",
            "404 user-not-found",
            "409 alliance-lead already-deactivated own-user user-removed"})
    @PostMapping("/users/{userId}/deactivation")
    public UserView deactivate(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable String userId,
                               HttpServletRequest http) {
        return UserView.of(users.deactivate(caller, userIdOf(userId), http.getRemoteAddr()));
    }

    @ProblemAnswers({"403 access-denied", "404 user-not-found", "409 already-active user-removed"})
    @PostMapping("/users/{userId}/reactivation")
    public UserView reactivate(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable String userId,
                               HttpServletRequest http) {
        return UserView.of(users.reactivate(caller, userIdOf(userId), http.getRemoteAddr()));
    }

    @ProblemAnswers({
            "400 confirmation-required",
            "403 access-denied",
            "404 user-not-found",
            "409 alliance-lead already-removed own-user"})
    @PostMapping("/users/{userId}/removal")
    public UserView remove(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable String userId,
                           @RequestBody(required = false) RemovalRequest body, HttpServletRequest http) {
        return UserView.of(users.remove(caller, userIdOf(userId), body == null ? null : body.confirmation(),
                http.getRemoteAddr()));
    }

    @ProblemAnswers("403 access-denied")
    @GetMapping("/users/generic-logins")
    public GenericLogins.Report genericLogins(@AuthenticationPrincipal PartnerPrincipal caller) {
        return genericLogins.report(caller);
    }

    @ProblemAnswers({"400 invalid-filter", "403 access-denied"})
    @GetMapping("/audit-events")
    public AuditEvents.Page auditEvents(@AuthenticationPrincipal PartnerPrincipal caller,
                                        @RequestParam(required = false) String userId,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(required = false) String eventName,
                                        @RequestParam(required = false) String limit,
                                        @RequestParam(required = false) String cursor) {
        return auditEvents.read(caller, new AuditEvents.Filter(userId, from, to, eventName, limit, cursor));
    }

    /** A path id that is no UUID names no user of the account: the same 404 as an unknown one. */
    private static UUID userIdOf(String pathId) {
        try {
            return UUID.fromString(pathId);
        } catch (IllegalArgumentException notAnId) {
            throw UserAdministration.userNotFound();
        }
    }
}
