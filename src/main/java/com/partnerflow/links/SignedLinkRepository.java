package com.partnerflow.links;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code signed_link} table. Every state change is a conditional UPDATE on
 * {@code status = 'ISSUED'}: of two transactions changing one link, the second waits for the
 * first's row lock and then matches nothing, so a link changes state at most once.
 */
@Repository
public class SignedLinkRepository {

    private final JdbcClient jdbc;

    public SignedLinkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(SignedLink link) {
        jdbc.sql("""
                INSERT INTO signed_link (id, token_hash, purpose, expected_email, process_instance_id, message_name,
                                         status, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(link.id(), link.tokenHash(), link.purpose(), link.expectedEmail(), link.processInstanceId(),
                        link.messageName(), link.status().name(), ts(link.createdAt()), ts(link.expiresAt()))
                .update();
    }

    public Optional<SignedLink> findByTokenHash(String tokenHash) {
        return jdbc.sql("SELECT * FROM signed_link WHERE token_hash = ?").param(tokenHash).query(this::link).optional();
    }

    public Optional<SignedLink> find(UUID id) {
        return jdbc.sql("SELECT * FROM signed_link WHERE id = ?").param(id).query(this::link).optional();
    }

    public List<SignedLink> openLinksOf(String processInstanceId) {
        return jdbc.sql("SELECT * FROM signed_link WHERE process_instance_id = ? AND status = 'ISSUED' ORDER BY created_at")
                .param(processInstanceId).query(this::link).list();
    }

    /** ISSUED → USED if the link is still open and valid at {@code now}; false if it was not. */
    public boolean markUsed(UUID id, LinkDecision decision, Instant now, String usedFrom) {
        return jdbc.sql("""
                UPDATE signed_link SET status = 'USED', decision = ?, used_at = ?, used_from = ?
                WHERE id = ? AND status = 'ISSUED' AND expires_at > ?""")
                .params(decision.name(), ts(now), usedFrom, id, ts(now)).update() == 1;
    }

    /** ISSUED → {@code status} (EXPIRED or REVOKED); false if the link was no longer open. */
    public boolean close(UUID id, SignedLinkStatus status) {
        if (status != SignedLinkStatus.EXPIRED && status != SignedLinkStatus.REVOKED) {
            throw new IllegalArgumentException("A link is closed as EXPIRED or REVOKED, not " + status);
        }
        return jdbc.sql("UPDATE signed_link SET status = ? WHERE id = ? AND status = 'ISSUED'")
                .params(status.name(), id).update() == 1;
    }

    private SignedLink link(ResultSet rs, int n) throws SQLException {
        String decision = rs.getString("decision");
        return new SignedLink(rs.getObject("id", UUID.class), rs.getString("token_hash"), rs.getString("purpose"),
                rs.getString("expected_email"), rs.getString("process_instance_id"), rs.getString("message_name"),
                SignedLinkStatus.valueOf(rs.getString("status")),
                decision == null ? null : LinkDecision.valueOf(decision),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "used_at"), rs.getString("used_from"));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
