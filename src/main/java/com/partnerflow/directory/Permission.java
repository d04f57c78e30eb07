package com.partnerflow.directory;

import static com.partnerflow.directory.Role.ACE_MANAGER;
import static com.partnerflow.directory.Role.ACE_USER;
import static com.partnerflow.directory.Role.ALLIANCE_LEAD;
import static com.partnerflow.directory.Role.ALLIANCE_TEAM;
import static com.partnerflow.directory.Role.CLOUD_ADMIN;
import static com.partnerflow.directory.Role.MARKETING_STAFF;
import static com.partnerflow.directory.Role.TECHNICAL_STAFF;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The permission matrix: the rows of the guide's "Role comparison" table, then the rules of the
 * domain page and our policies for actions the table does not list. Standard users and channel
 * users hold no row of the table; {@link #ANY_USER} permissions are what every active user has.
 */
public enum Permission {

    // --- the guide's role comparison table ---
    REASSIGN_ALLIANCE_LEAD(ALLIANCE_LEAD),
    /** ACE manager, ACE user, marketing staff and technical staff roles (and, by policy, channel user). */
    ASSIGN_STAFF_ROLES(ALLIANCE_LEAD, ALLIANCE_TEAM, CLOUD_ADMIN),
    REMOVE_USERS(ALLIANCE_LEAD, ALLIANCE_TEAM, CLOUD_ADMIN),
    SUBMIT_ACE_OPPORTUNITIES(ALLIANCE_LEAD, ALLIANCE_TEAM, ACE_MANAGER, ACE_USER),
    MANAGE_ALL_ACE_OPPORTUNITIES(ALLIANCE_LEAD, ALLIANCE_TEAM, ACE_MANAGER),
    MANAGE_OWNED_ACE_OPPORTUNITIES(ALLIANCE_LEAD, ALLIANCE_TEAM, TECHNICAL_STAFF, ACE_MANAGER, ACE_USER),
    MANAGE_SOLUTIONS_FINDER_LISTING(ALLIANCE_LEAD, ALLIANCE_TEAM, CLOUD_ADMIN, MARKETING_STAFF),
    ACCESS_CERTIFICATION_DATA(ALLIANCE_LEAD, ALLIANCE_TEAM, CLOUD_ADMIN, TECHNICAL_STAFF),
    APPLY_TO_COMPETENCY_PROGRAM(ALLIANCE_LEAD, ALLIANCE_TEAM, TECHNICAL_STAFF),
    MANAGE_OFFERINGS(ALLIANCE_LEAD, ALLIANCE_TEAM, MARKETING_STAFF, TECHNICAL_STAFF),
    BUILD_WELL_ARCHITECTED_WORKLOADS(ALLIANCE_LEAD, ALLIANCE_TEAM, TECHNICAL_STAFF),
    BUILD_CASE_STUDIES(ALLIANCE_LEAD, ALLIANCE_TEAM, MARKETING_STAFF),
    USE_MARKETING_TOOLKIT(ALLIANCE_LEAD, ALLIANCE_TEAM),
    MANAGE_PUBLIC_REFERENCES(ALLIANCE_LEAD, ALLIANCE_TEAM),
    ACCESS_BADGE_MANAGER(ALLIANCE_LEAD, ALLIANCE_TEAM, MARKETING_STAFF),
    MANAGE_PROGRAM_APPLICATIONS(ALLIANCE_LEAD, ALLIANCE_TEAM, MARKETING_STAFF, TECHNICAL_STAFF),

    // --- the domain page ("Roles", "Partner accounts and users", "Marketplace account linking") ---
    /** Domain page: alliance lead and alliance team assign the alliance team role (cloud admins do not). */
    ASSIGN_ALLIANCE_TEAM(ALLIANCE_LEAD, ALLIANCE_TEAM),
    /** Domain page: only the alliance lead or a cloud admin assigns the cloud admin role. */
    ASSIGN_CLOUD_ADMIN(ALLIANCE_LEAD, CLOUD_ADMIN),
    INVITE_USERS(ALLIANCE_LEAD, ALLIANCE_TEAM),
    MANAGE_MFA(ALLIANCE_LEAD, CLOUD_ADMIN),
    LINK_MARKETPLACE_ACCOUNT(ALLIANCE_LEAD, CLOUD_ADMIN),
    MAP_IAM_ROLES(ALLIANCE_LEAD, CLOUD_ADMIN),

    // --- policy, where the guide is silent (README, "Who may call what") ---
    /** Deactivate and reactivate users; the guide shows the lead doing it, the table lets these roles remove. */
    DEACTIVATE_USERS(ALLIANCE_LEAD, ALLIANCE_TEAM, CLOUD_ADMIN),
    /** The report of likely generic shared logins ("Avoid generic logins"). */
    VIEW_GENERIC_LOGIN_REPORT(ALLIANCE_LEAD, ALLIANCE_TEAM),
    VIEW_AUDIT_LOG(ALLIANCE_LEAD, ALLIANCE_TEAM),
    VIEW_CERTIFICATION_ROSTER(ALLIANCE_LEAD, ALLIANCE_TEAM),
    ASSIGN_PARTNER_TASKS(ALLIANCE_LEAD),
    VIEW_USERS(ALLIANCE_LEAD, ALLIANCE_TEAM, CLOUD_ADMIN),
    /** Withdraw an invitation someone else made (the inviter may always withdraw their own). */
    WITHDRAW_ANY_INVITATION(ALLIANCE_LEAD),

    // --- every active user ---
    REQUEST_ALLIANCE_LEAD_CHANGE(),
    MANAGE_OWN_PROFILE(),
    OPEN_SUPPORT_CASES();

    private final Set<Role> grantedTo;
    private final boolean everyUser;

    Permission(Role... roles) {
        this.everyUser = roles.length == 0;
        this.grantedTo = everyUser ? EnumSet.allOf(Role.class) : EnumSet.copyOf(Arrays.asList(roles));
    }

    /** Roles that hold this permission (all roles for permissions of every user). */
    public Set<Role> grantedTo() {
        return EnumSet.copyOf(grantedTo);
    }

    /** True for what every active user may do, whatever roles they hold (even none). */
    public boolean isForEveryUser() {
        return everyUser;
    }

    public boolean isGrantedToAnyOf(Collection<Role> roles) {
        return everyUser || roles.stream().anyMatch(grantedTo::contains);
    }

    /** Everything a user holding these roles may do. */
    public static Set<Permission> of(Collection<Role> roles) {
        Set<Permission> held = EnumSet.noneOf(Permission.class);
        for (Permission p : values()) {
            if (p.isGrantedToAnyOf(roles)) {
                held.add(p);
            }
        }
        return held;
    }

    /** The permission needed to assign or unassign a role; the lead role is never assigned this way. */
    public static Permission toAssign(Role role) {
        return switch (role) {
            case ALLIANCE_TEAM -> ASSIGN_ALLIANCE_TEAM;
            case CLOUD_ADMIN -> ASSIGN_CLOUD_ADMIN;
            case ACE_MANAGER, ACE_USER, MARKETING_STAFF, TECHNICAL_STAFF, CHANNEL_USER, STANDARD_USER ->
                    ASSIGN_STAFF_ROLES;
            case ALLIANCE_LEAD -> REASSIGN_ALLIANCE_LEAD;
        };
    }
}
