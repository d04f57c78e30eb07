package com.partnerflow.invitations;

import com.partnerflow.directory.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tables {@code invitation} and {@code invitation_token}; every method joins the caller's transaction. */
@Repository
public class InvitationRepository {

    private final JdbcClient jdbc;

    public InvitationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the address already has an open invitation */
    public void insert(Invitation i) {
        jdbc.sql("""
                INSERT INTO invitation (id, account_id, email, roles, language, invited_by_user_id, invited_by_email,
                                        source_address, status, open_email, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""")
                .params(i.id(), i.accountId(), i.email(), roleList(i.roles()), i.language(), i.invitedByUserId(),
                        i.invitedByEmail(), i.sourceAddress(), i.email(), ts(i.createdAt()))
                .update();
    }

    public Optional<Invitation> find(UUID id) {
        return jdbc.sql("SELECT * FROM invitation WHERE id = ?").param(id).query(InvitationRepository::map).optional();
    }

    public Optional<Invitation> findOpenFor(String email) {
        return jdbc.sql("SELECT * FROM invitation WHERE open_email = ?").param(email)
                .query(InvitationRepository::map).optional();
    }

    public Optional<Invitation> findByTokenHash(String tokenHash) {
        return jdbc.sql("""
                SELECT i.* FROM invitation i JOIN invitation_token t ON t.invitation_id = i.id
                WHERE t.token_hash = ?""").param(tokenHash).query(InvitationRepository::map).optional();
    }

    /** Reads and row-locks the invitation until the transaction ends (registrations through it queue here). */
    public Optional<Invitation> lock(UUID id) {
        return jdbc.sql("SELECT * FROM invitation WHERE id = ? FOR UPDATE").param(id)
                .query(InvitationRepository::map).optional();
    }

    /** A partner user holding the address, whatever their status. */
    public Optional<ExistingUser> userWithEmail(String email) {
        return jdbc.sql("SELECT id, account_id, status FROM partner_user WHERE email = ?").param(email)
                .query((rs, n) -> new ExistingUser(rs.getObject("id", UUID.class),
                        rs.getObject("account_id", UUID.class), rs.getString("status")))
                .optional();
    }

    public record ExistingUser(UUID id, UUID accountId, String status) {
        public boolean removed() {
            return "REMOVED".equals(status);
        }
    }

    public List<Invitation> ofAccount(UUID accountId) {
        return jdbc.sql("SELECT * FROM invitation WHERE account_id = ? ORDER BY created_at DESC, email")
                .param(accountId).query(InvitationRepository::map).list();
    }

    /** PENDING → SENT with the link's validity; false if the invitation is no longer pending. */
    public boolean markSent(UUID id, Instant sentAt, Instant expiresAt) {
        return jdbc.sql("UPDATE invitation SET status = 'SENT', sent_at = ?, expires_at = ? WHERE id = ? AND status = 'PENDING'")
                .params(ts(sentAt), ts(expiresAt), id).update() == 1;
    }

    public void markReminded(UUID id, Instant at) {
        jdbc.sql("UPDATE invitation SET reminded_at = ? WHERE id = ?").params(ts(at), id).update();
    }

    public void addToken(String tokenHash, UUID invitationId, String purpose, Instant issuedAt) {
        jdbc.sql("INSERT INTO invitation_token (token_hash, invitation_id, purpose, issued_at) VALUES (?, ?, ?, ?)")
                .params(tokenHash, invitationId, purpose, ts(issuedAt)).update();
    }

    /**
     * SENT → ACCEPTED by one conditional UPDATE: of two registrations through one invitation the
     * second waits for the first's row lock and then finds nothing to update.
     */
    public boolean markAccepted(UUID id, UUID userId, Instant now) {
        return jdbc.sql("""
                UPDATE invitation SET status = 'ACCEPTED', open_email = NULL, closed_at = ?, closed_by = email, user_id = ?
                WHERE id = ? AND status = 'SENT' AND expires_at > ?""")
                .params(ts(now), userId, id, ts(now)).update() == 1;
    }

    /** An open invitation → WITHDRAWN; false if it is closed already. */
    public boolean markWithdrawn(UUID id, String by, Instant now) {
        return jdbc.sql("""
                UPDATE invitation SET status = 'WITHDRAWN', open_email = NULL, closed_at = ?, closed_by = ?
                WHERE id = ? AND status IN ('PENDING', 'SENT')""")
                .params(ts(now), by, id).update() == 1;
    }

    /** SENT → EXPIRED; false if it was accepted or withdrawn meanwhile. */
    public boolean markExpired(UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE invitation SET status = 'EXPIRED', open_email = NULL, closed_at = ?, closed_by = 'user-invitation'
                WHERE id = ? AND status = 'SENT'""")
                .params(ts(now), id).update() == 1;
    }

    static String roleList(List<Role> roles) {
        return roles.stream().map(Role::name).collect(Collectors.joining(","));
    }

    private static Invitation map(ResultSet rs, int n) throws SQLException {
        return new Invitation(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("email"),
                Arrays.stream(rs.getString("roles").split(",")).filter(s -> !s.isBlank()).map(Role::valueOf).toList(),
                rs.getString("language"), rs.getObject("invited_by_user_id", UUID.class),
                rs.getString("invited_by_email"), rs.getString("source_address"),
                InvitationStatus.valueOf(rs.getString("status")), instant(rs, "created_at"), instant(rs, "sent_at"),
                instant(rs, "expires_at"), instant(rs, "reminded_at"), instant(rs, "closed_at"),
                rs.getString("closed_by"), rs.getObject("user_id", UUID.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
