package com.partnerflow.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.partnerflow.directory.Role;
import java.util.List;
import java.util.UUID;

/** The request and answer of a bulk role change ({@code POST /api/account/role-assignments}). */
public final class RoleChanges {

    /** At most this many users per request (guide: "up to 10 users at a time"). */
    public static final int MAX_USERS = 10;

    public static final String TAKES_EFFECT = "Role changes take effect at once: the users' next requests "
            + "already carry their new roles.";

    private RoleChanges() {
    }

    /** Roles as names, so an unknown one is answered with the problem {@code unknown-role}, not a parse error. */
    public record Request(List<UserChange> users) {
    }

    public record UserChange(UUID userId, List<String> assign, List<String> unassign) {
    }

    public enum Action { ASSIGN, UNASSIGN }

    public enum Outcome { SUCCEEDED, FAILED }

    /** One assignment or unassignment and how it went; a failed one changed nothing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChangeResult(Action action, Role role, Outcome outcome, String reason, String detail,
                               String permission, Integer limit) {

        static ChangeResult succeeded(Action action, Role role) {
            return new ChangeResult(action, role, Outcome.SUCCEEDED, null, null, null, null);
        }

        static ChangeResult failed(Action action, Role role, String reason, String detail) {
            return new ChangeResult(action, role, Outcome.FAILED, reason, detail, null, null);
        }

        boolean succeededOk() {
            return outcome == Outcome.SUCCEEDED;
        }
    }

    /**
     * One user's results, with the roles they hold afterwards. {@code standardUserGiven}: their last
     * role was taken, so they hold the standard user role now (a user always holds a role).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserResult(UUID userId, String email, List<Role> roles, List<ChangeResult> changes,
                             boolean standardUserGiven) {
    }

    public record Result(int succeeded, int failed, String takesEffect, List<UserResult> results) {
    }
}
