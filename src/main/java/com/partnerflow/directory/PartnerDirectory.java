package com.partnerflow.directory;

import com.partnerflow.config.EngineClock;
import com.partnerflow.config.Savepoints;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Accounts, domains, users and roles. Every method joins the caller's transaction (usually the
 * engine's), so a process step and its directory change commit together.
 */
@Service
public class PartnerDirectory {

    private static final Logger log = LoggerFactory.getLogger(PartnerDirectory.class);

    /**
     * Roles with at most this many holders per account (domain page, "Roles"). The database holds
     * the same figures in the check constraint {@code ck_role_seat}; change both together.
     */
    public static final Map<Role, Integer> ROLE_LIMITS = Map.of(Role.ALLIANCE_TEAM, 20, Role.ACE_MANAGER, 20);
    private static final int MAX_SEAT_ATTEMPTS = 64;

    private final JdbcClient jdbc;
    private final EngineClock clock;
    private final Savepoints savepoints;

    public PartnerDirectory(JdbcClient jdbc, EngineClock clock, Savepoints savepoints) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.savepoints = savepoints;
    }

    public Optional<UUID> findAccountIdByDomain(String domain) {
        return jdbc.sql("SELECT account_id FROM account_domain WHERE domain = ?")
                .param(domain).query(UUID.class).optional();
    }

    public boolean emailTaken(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM partner_user WHERE email = ?").param(email)
                .query(Long.class).single() > 0;
    }

    /**
     * Creates the account for a domain unless one exists; a concurrent creator for the same
     * domain loses on the primary key of account_domain, and then joins the winner's account.
     * The insert runs in a savepoint so that loss does not abort the surrounding transaction
     * (PostgreSQL would refuse every later statement otherwise).
     */
    public AccountForDomain findOrCreateAccount(String domain, String legalName) {
        Optional<UUID> existing = findAccountIdByDomain(domain);
        if (existing.isPresent()) {
            return new AccountForDomain(existing.get(), false);
        }
        try {
            UUID created = savepoints.call(() -> {
                UUID id = UUID.randomUUID();
                Timestamp now = Timestamp.from(clock.now());
                jdbc.sql("INSERT INTO partner_account (id, legal_name, created_at) VALUES (?, ?, ?)")
                        .params(id, legalName, now).update();
                jdbc.sql("INSERT INTO account_domain (domain, account_id, added_at) VALUES (?, ?, ?)")
                        .params(domain, id, now).update();
                return id;
            });
            return new AccountForDomain(created, true);
        } catch (DuplicateKeyException lostTheRace) {
            log.info("Another registrant created the account for {} at the same moment; joining it", domain);
            return new AccountForDomain(findAccountIdByDomain(domain).orElseThrow(() -> lostTheRace), false);
        }
    }

    public UUID createUser(UUID accountId, NewUser user) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO partner_user (id, account_id, email, first_name, last_name, password_hash, status, language, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")
                .params(id, accountId, user.email(), user.firstName(), user.lastName(), user.passwordHash(),
                        user.language(), Timestamp.from(clock.now()))
                .update();
        return id;
    }

    /**
     * Brings a REMOVED user back (re-invited: the domain page's "re-invite to re-add"): ACTIVE,
     * with new names, password and language, and without the roles held before the removal; the
     * caller assigns the new ones. The row, its id and its history stay.
     *
     * @return false when the user is not REMOVED (nothing changed)
     */
    public boolean reactivateRemovedUser(UUID userId, NewUser user) {
        int updated = jdbc.sql("""
                UPDATE partner_user SET status = 'ACTIVE', first_name = ?, last_name = ?, password_hash = ?, language = ?
                WHERE id = ? AND status = 'REMOVED'""")
                .params(user.firstName(), user.lastName(), user.passwordHash(), user.language(), userId)
                .update();
        if (updated == 1) {
            jdbc.sql("DELETE FROM role_assignment WHERE user_id = ? AND role <> 'ALLIANCE_LEAD'").param(userId).update();
        }
        return updated == 1;
    }

    /**
     * Gives a user a role. Roles limited per account ({@link #ROLE_LIMITS}: alliance team and ACE
     * manager, 20 holders each) take one of the account's numbered seats for the role; the
     * database lets each seat be taken once (constraints {@code ck_role_seat}, {@code uq_role_seat}
     * of {@code V9__users_and_roles.sql}), so the limit holds however many transactions assign at
     * the same moment. A seat another transaction took since we looked is retried with another.
     * Runs in a savepoint: a refusal leaves the caller's transaction usable and unchanged.
     *
     * @throws RoleLimitReachedException when every seat of a limited role is taken
     * @throws DuplicateKeyException     when the user already holds the role (or the account has a lead)
     * @throws DataIntegrityViolationException when the user is not one of this account's
     */
    public void assignRole(UUID accountId, UUID userId, Role role, String assignedBy) {
        Integer limit = ROLE_LIMITS.get(role);
        if (limit == null) {
            savepoints.run(() -> insertRole(accountId, userId, role, null, assignedBy));
            return;
        }
        if (holds(userId, role)) { // else a full role would answer "limit reached" to a holder
            throw new DuplicateKeyException("User " + userId + " already holds " + role);
        }
        for (int attempt = 1; attempt <= MAX_SEAT_ATTEMPTS; attempt++) {
            List<Integer> free = freeSeats(accountId, role, limit);
            if (free.isEmpty()) {
                throw new RoleLimitReachedException(accountId, role, limit);
            }
            // a random free seat, so that racing assignments rarely want the same one
            int seat = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            try {
                savepoints.run(() -> insertRole(accountId, userId, role, seat, assignedBy));
                return;
            } catch (DuplicateKeyException taken) {
                if (holds(userId, role)) {
                    throw taken; // not the seat: the user holds the role already
                }
                log.debug("Seat {} of {} in account {} was taken meanwhile; trying another", seat, role, accountId);
            } catch (PessimisticLockingFailureException deadlock) {
                log.debug("Seat {} of {} in account {}: lock conflict; trying again", seat, role, accountId);
            }
        }
        throw new ConcurrencyFailureException("No seat of " + role + " in account " + accountId
                + " could be taken after " + MAX_SEAT_ATTEMPTS + " attempts");
    }

    private void insertRole(UUID accountId, UUID userId, Role role, Integer seat, String assignedBy) {
        jdbc.sql("""
                INSERT INTO role_assignment (account_id, user_id, role, lead_of_account, seat, assigned_at, assigned_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, userId, role.name(), role == Role.ALLIANCE_LEAD ? accountId : null, seat,
                        Timestamp.from(clock.now()), assignedBy)
                .update();
    }

    private List<Integer> freeSeats(UUID accountId, Role role, int limit) {
        Set<Integer> taken = new HashSet<>(jdbc.sql("""
                SELECT seat FROM role_assignment WHERE account_id = ? AND role = ? AND seat IS NOT NULL""")
                .params(accountId, role.name()).query(Integer.class).list());
        List<Integer> free = new ArrayList<>();
        for (int seat = 1; seat <= limit; seat++) {
            if (!taken.contains(seat)) {
                free.add(seat);
            }
        }
        return free;
    }

    public boolean holds(UUID userId, Role role) {
        return jdbc.sql("SELECT COUNT(*) FROM role_assignment WHERE user_id = ? AND role = ?")
                .params(userId, role.name()).query(Long.class).single() > 0;
    }

    /** How many users of the account hold the role. */
    public long holderCount(UUID accountId, Role role) {
        return jdbc.sql("SELECT COUNT(*) FROM role_assignment WHERE account_id = ? AND role = ?")
                .params(accountId, role.name()).query(Long.class).single();
    }

    /**
     * Takes a role from a user (freeing its seat if the role is limited). The alliance lead role
     * is never taken this way: it only moves, by a hand-over.
     *
     * @return whether the user held the role
     */
    public boolean unassignRole(UUID accountId, UUID userId, Role role) {
        if (role == Role.ALLIANCE_LEAD) {
            throw new IllegalArgumentException("The alliance lead role is handed over, never unassigned");
        }
        return jdbc.sql("DELETE FROM role_assignment WHERE account_id = ? AND user_id = ? AND role = ?")
                .params(accountId, userId, role.name()).update() == 1;
    }

    /** Takes every role but the alliance lead's from a user; returns the roles taken. */
    public List<Role> unassignAllRoles(UUID accountId, UUID userId) {
        List<Role> held = rolesOf(userId).stream().filter(r -> r != Role.ALLIANCE_LEAD).toList();
        jdbc.sql("DELETE FROM role_assignment WHERE account_id = ? AND user_id = ? AND role <> 'ALLIANCE_LEAD'")
                .params(accountId, userId).update();
        return held;
    }

    /** The user holding the account's alliance lead role (there is exactly one). */
    public Optional<UUID> allianceLeadOf(UUID accountId) {
        return jdbc.sql("SELECT user_id FROM role_assignment WHERE lead_of_account = ?").param(accountId)
                .query(UUID.class).optional();
    }

    /**
     * Hands the account's alliance lead role from {@code currentLeadId} to {@code newLeadId}, an
     * active user of the same account, by one guarded {@code UPDATE} of the lead row: it changes
     * the row only while {@code currentLeadId} still holds it, so whatever runs concurrently the
     * account has exactly one lead before and after, and of two hand-overs from the same lead one
     * wins (PostgreSQL makes the second wait for the first and then finds no row). The previous
     * lead keeps their other roles and becomes a standard user when none is left; the new lead
     * keeps theirs, except STANDARD_USER, which means "no other role". Joins the caller's
     * transaction.
     *
     * @throws AllianceLeadChangedException when the role is no longer with {@code currentLeadId}, or
     *         the new lead is no longer an active user of the account (nothing changed)
     */
    public LeadHandOver reassignAllianceLead(UUID accountId, UUID currentLeadId, UUID newLeadId, String by) {
        if (currentLeadId.equals(newLeadId)) {
            throw new IllegalArgumentException("The new alliance lead is the current one");
        }
        // in a savepoint: a refusal after the UPDATE undoes it and leaves the caller's transaction usable
        return savepoints.call(() -> handOver(accountId, currentLeadId, newLeadId, by));
    }

    private LeadHandOver handOver(UUID accountId, UUID currentLeadId, UUID newLeadId, String by) {
        int moved = jdbc.sql("""
                UPDATE role_assignment SET user_id = ?, assigned_at = ?, assigned_by = ?
                WHERE lead_of_account = ? AND user_id = ?
                  AND EXISTS (SELECT 1 FROM partner_user u WHERE u.id = ? AND u.account_id = ? AND u.status = 'ACTIVE')""")
                .params(newLeadId, Timestamp.from(clock.now()), by, accountId, currentLeadId, newLeadId, accountId)
                .update();
        if (moved != 1) {
            boolean stillLead = allianceLeadOf(accountId).filter(currentLeadId::equals).isPresent();
            throw new AllianceLeadChangedException(accountId, stillLead
                    ? "The chosen user is no longer an active user of the account"
                    : "The alliance lead role is no longer with the user it was to be taken from");
        }
        // the lead row is ours now; lock the new lead's row and make sure nobody deactivated them meanwhile
        String newLeadStatus = jdbc.sql("SELECT status FROM partner_user WHERE id = ? FOR UPDATE").param(newLeadId)
                .query(String.class).single();
        if (!"ACTIVE".equals(newLeadStatus)) {
            throw new AllianceLeadChangedException(accountId, "The chosen user is no longer an active user of the account");
        }
        jdbc.sql("DELETE FROM role_assignment WHERE user_id = ? AND role = 'STANDARD_USER'").param(newLeadId).update();
        if (rolesOf(currentLeadId).isEmpty()) {
            assignRole(accountId, currentLeadId, Role.STANDARD_USER, by);
        }
        log.info("Alliance lead of account {} handed from user {} to user {}", accountId, currentLeadId, newLeadId);
        return new LeadHandOver(accountId, currentLeadId, newLeadId, rolesOf(currentLeadId), rolesOf(newLeadId));
    }

    /**
     * Reads a user and locks their row until the transaction ends, so that status and role
     * changes of one user (deactivation, removal, assignments) happen one after the other.
     */
    public Optional<PartnerUser> lockUser(UUID userId) {
        Optional<UUID> locked = jdbc.sql("SELECT id FROM partner_user WHERE id = ? FOR UPDATE").param(userId)
                .query(UUID.class).optional();
        return locked.flatMap(this::findUser);
    }

    /** Moves a user from one status to another; false (and nothing changed) if they were not in {@code from}. */
    public boolean changeStatus(UUID userId, String from, String to) {
        return jdbc.sql("UPDATE partner_user SET status = ? WHERE id = ? AND status = ?")
                .params(to, userId, from).update() == 1;
    }

    public List<Role> rolesOf(UUID userId) {
        return jdbc.sql("SELECT role FROM role_assignment WHERE user_id = ? ORDER BY role").param(userId)
                .query((rs, n) -> Role.valueOf(rs.getString(1))).list();
    }

    public Optional<PartnerUser> findUser(UUID userId) {
        List<Role> roles = rolesOf(userId);
        return jdbc.sql("SELECT * FROM partner_user WHERE id = ?").param(userId)
                .query((rs, n) -> user(rs, roles)).optional();
    }

    /**
     * The account's users in order of registration, with their roles (two queries, whatever the
     * count). The order is total: users created at the same instant keep the order of their
     * inserts (registration_seq), never their addresses.
     */
    public List<PartnerUser> usersOf(UUID accountId) {
        Map<UUID, List<Role>> roles = new HashMap<>();
        jdbc.sql("SELECT user_id, role FROM role_assignment WHERE account_id = ? ORDER BY role").param(accountId)
                .query(rs -> {
                    roles.computeIfAbsent(rs.getObject("user_id", UUID.class), id -> new ArrayList<>())
                            .add(Role.valueOf(rs.getString("role")));
                });
        return jdbc.sql("SELECT * FROM partner_user WHERE account_id = ? ORDER BY created_at, registration_seq")
                .param(accountId)
                .query((rs, n) -> user(rs, roles.getOrDefault(rs.getObject("id", UUID.class), List.of())))
                .list();
    }

    public List<PartnerAccount> accounts() {
        return jdbc.sql("SELECT id FROM partner_account ORDER BY created_at").query(UUID.class).list().stream()
                .map(id -> findAccount(id).orElseThrow())
                .toList();
    }

    public Optional<PartnerAccount> findAccount(UUID accountId) {
        List<String> domains = domainsOf(accountId);
        return jdbc.sql("SELECT id, legal_name, created_at FROM partner_account WHERE id = ?").param(accountId)
                .query((rs, n) -> new PartnerAccount(rs.getObject("id", UUID.class), rs.getString("legal_name"),
                        rs.getTimestamp("created_at").toInstant(), domains))
                .optional();
    }

    public List<String> domainsOf(UUID accountId) {
        return jdbc.sql("SELECT domain FROM account_domain WHERE account_id = ? ORDER BY domain")
                .param(accountId).query(String.class).list();
    }

    private static PartnerUser user(ResultSet rs, List<Role> roles) throws SQLException {
        return new PartnerUser(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("email"), rs.getString("first_name"), rs.getString("last_name"),
                rs.getString("status"), rs.getString("language"), rs.getTimestamp("created_at").toInstant(),
                List.copyOf(roles));
    }

    public record AccountForDomain(UUID accountId, boolean created) {
    }

    /** A completed hand-over and the roles both people hold after it. */
    public record LeadHandOver(UUID accountId, UUID previousLeadId, UUID newLeadId, List<Role> previousLeadRoles,
                               List<Role> newLeadRoles) {
    }
}
