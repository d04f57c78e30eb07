package com.partnerflow.leadership;

import com.partnerflow.config.EngineClock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Hand-overs of the alliance lead role and change requests (V10). Joins the caller's transaction. */
@Repository
public class AllianceLeadRepository {

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public AllianceLeadRepository(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void recordHandOver(UUID id, UUID accountId, UUID previousLeadId, UUID newLeadId, String actor,
                               UUID changeRequestId) {
        jdbc.sql("""
                INSERT INTO alliance_lead_handover (id, account_id, previous_lead_id, new_lead_id, actor,
                                                    change_request_id, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, accountId, previousLeadId, newLeadId, actor, changeRequestId, Timestamp.from(clock.now()))
                .update();
    }

    /**
     * Inserts an OPEN request. The unique open_for_account refuses a second open request of the
     * account (DuplicateKeyException): call it inside a savepoint.
     */
    public void insertOpen(UUID id, UUID accountId, UUID requestedBy, UUID proposedLeadId, String reason) {
        jdbc.sql("""
                INSERT INTO alliance_lead_change_request (id, account_id, requested_by, proposed_lead_id, reason,
                                                          status, open_for_account, created_at)
                VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?)""")
                .params(id, accountId, requestedBy, proposedLeadId, reason, accountId, Timestamp.from(clock.now()))
                .update();
    }

    public void linkCase(UUID requestId, UUID caseId) {
        jdbc.sql("UPDATE alliance_lead_change_request SET case_id = ? WHERE id = ?").params(caseId, requestId).update();
    }

    public Optional<LeadChangeRequest> find(UUID id) {
        return jdbc.sql("SELECT * FROM alliance_lead_change_request WHERE id = ?").param(id)
                .query(this::request).optional();
    }

    public Optional<LeadChangeRequest> openOf(UUID accountId) {
        return jdbc.sql("SELECT * FROM alliance_lead_change_request WHERE open_for_account = ?").param(accountId)
                .query(this::request).optional();
    }

    /**
     * Closes an open request with its outcome.
     *
     * @return false when the request was no longer open (nothing changed)
     */
    public boolean close(UUID id, LeadChangeRequest.Status outcome, UUID newLeadId, String decidedBy, String note) {
        return jdbc.sql("""
                UPDATE alliance_lead_change_request
                SET status = ?, open_for_account = NULL, new_lead_id = ?, decided_by = ?, decision_note = ?, decided_at = ?
                WHERE id = ? AND status = 'OPEN'""")
                .params(outcome.name(), newLeadId, decidedBy, note, Timestamp.from(clock.now()), id)
                .update() == 1;
    }

    private LeadChangeRequest request(ResultSet rs, int n) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new LeadChangeRequest(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getObject("requested_by", UUID.class), rs.getObject("proposed_lead_id", UUID.class),
                rs.getString("reason"), rs.getObject("case_id", UUID.class),
                LeadChangeRequest.Status.valueOf(rs.getString("status")), rs.getObject("new_lead_id", UUID.class),
                rs.getString("decided_by"), rs.getString("decision_note"),
                rs.getTimestamp("created_at").toInstant(), decided == null ? null : decided.toInstant());
    }
}
