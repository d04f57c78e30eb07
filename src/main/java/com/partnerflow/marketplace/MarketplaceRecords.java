package com.partnerflow.marketplace;

import com.partnerflow.config.EngineClock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Partner Central's side of marketplace linking: the link of a partner account to a seller
 * account, linking attempts and unlink requests (tables of V12). Joins the caller's transaction.
 */
@Repository
public class MarketplaceRecords {

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public MarketplaceRecords(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Link(UUID accountId, String awsAccountId, String roleSuffix, Instant linkedAt, UUID linkedBy) {
    }

    public record Linking(UUID id, UUID accountId, UUID startedBy, String awsAccountId, String sellerLegalName,
                          boolean registerAsSeller, boolean mapAllianceTeam, boolean mapAceUsers, String roleSuffix,
                          String step, String status, String failure, String sourceAddress, Instant createdAt) {
        public boolean isRunning() {
            return "IN_PROGRESS".equals(status) || "SUBMITTED".equals(status);
        }
    }

    public record Unlink(UUID id, UUID accountId, String awsAccountId, UUID caseId, UUID requestedBy, String reason,
                         String status, Instant createdAt, Instant endedAt) {
    }

    /**
     * Takes the row lock on the partner account that every marketplace change of the account
     * holds until its transaction ends (linking steps, mapping, listing links, unlink requests),
     * so a check made under it stays true until the change commits.
     */
    public void lockAccount(UUID accountId) {
        jdbc.sql("SELECT id FROM partner_account WHERE id = ? FOR UPDATE").param(accountId).query(UUID.class).single();
    }

    // --- the link ---

    public Optional<Link> link(UUID accountId) {
        return jdbc.sql("SELECT * FROM marketplace_link WHERE account_id = ?").param(accountId)
                .query((rs, n) -> link(rs)).optional();
    }

    public Optional<Link> linkOfSellerAccount(String awsAccountId) {
        return jdbc.sql("SELECT * FROM marketplace_link WHERE aws_account_id = ?").param(awsAccountId)
                .query((rs, n) -> link(rs)).optional();
    }

    public void insertLink(UUID accountId, String awsAccountId, String roleSuffix, UUID linkedBy) {
        jdbc.sql("""
                INSERT INTO marketplace_link (account_id, aws_account_id, role_suffix, linked_at, linked_by)
                VALUES (?, ?, ?, ?, ?)""").params(accountId, awsAccountId, roleSuffix, now(), linkedBy).update();
    }

    public void deleteLink(UUID accountId) {
        jdbc.sql("DELETE FROM marketplace_link WHERE account_id = ?").param(accountId).update();
    }

    // --- linking attempts ---

    public void insertLinking(UUID id, UUID accountId, UUID startedBy, String awsAccountId, String sellerLegalName,
                              String roleSuffix, String sourceAddress) {
        Timestamp now = now();
        jdbc.sql("""
                INSERT INTO marketplace_linking (id, account_id, started_by, aws_account_id, seller_legal_name,
                    role_suffix, step, status, source_address, created_at, updated_at, running_for_account)
                VALUES (?, ?, ?, ?, ?, ?, 'REVIEW_ACCOUNT', 'IN_PROGRESS', ?, ?, ?, ?)""")
                .params(id, accountId, startedBy, awsAccountId, sellerLegalName, roleSuffix, sourceAddress, now, now,
                        accountId)
                .update();
    }

    public Optional<Linking> linking(UUID id) {
        return jdbc.sql("SELECT * FROM marketplace_linking WHERE id = ?").param(id)
                .query((rs, n) -> linking(rs)).optional();
    }

    public Optional<Linking> runningLinking(UUID accountId) {
        return jdbc.sql("SELECT * FROM marketplace_linking WHERE running_for_account = ?").param(accountId)
                .query((rs, n) -> linking(rs)).optional();
    }

    public void accountReviewed(UUID id, String legalName, boolean registerAsSeller) {
        jdbc.sql("""
                UPDATE marketplace_linking SET seller_legal_name = ?, register_as_seller = ?, step = 'REVIEW_ROLES',
                    updated_at = ? WHERE id = ?""").params(legalName, registerAsSeller, now(), id).update();
    }

    public void rolesReviewed(UUID id, boolean mapAllianceTeam, boolean mapAceUsers) {
        jdbc.sql("""
                UPDATE marketplace_linking SET map_alliance_team = ?, map_ace_users = ?, step = 'SUBMIT',
                    updated_at = ? WHERE id = ?""").params(mapAllianceTeam, mapAceUsers, now(), id).update();
    }

    public void linkingSubmitted(UUID id) {
        jdbc.sql("UPDATE marketplace_linking SET status = 'SUBMITTED', step = 'CREATING_ROLES', updated_at = ? WHERE id = ?")
                .params(now(), id).update();
    }

    /** Ends the linking: LINKED, ABANDONED, CANCELLED or FAILED; the account may start another. */
    public void linkingEnded(UUID id, String status, String failure) {
        jdbc.sql("""
                UPDATE marketplace_linking SET status = ?, step = 'ENDED', failure = ?, running_for_account = NULL,
                    updated_at = ? WHERE id = ?""").params(status, failure, now(), id).update();
    }

    // --- unlink requests ---

    public void insertUnlink(UUID id, UUID accountId, String awsAccountId, UUID requestedBy, String reason) {
        jdbc.sql("""
                INSERT INTO marketplace_unlink (id, account_id, aws_account_id, requested_by, reason, status, created_at,
                    open_for_account) VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?)""")
                .params(id, accountId, awsAccountId, requestedBy, reason, now(), accountId).update();
    }

    public void unlinkCase(UUID id, UUID caseId) {
        jdbc.sql("UPDATE marketplace_unlink SET case_id = ? WHERE id = ?").params(caseId, id).update();
    }

    public Optional<Unlink> openUnlink(UUID accountId) {
        return jdbc.sql("SELECT * FROM marketplace_unlink WHERE open_for_account = ?").param(accountId)
                .query((rs, n) -> unlink(rs)).optional();
    }

    public Optional<Unlink> unlink(UUID id) {
        return jdbc.sql("SELECT * FROM marketplace_unlink WHERE id = ?").param(id).query((rs, n) -> unlink(rs)).optional();
    }

    /** Ends an open request (UNLINKED, CANCELLED, DECLINED, UNANSWERED): the locks lift. */
    public boolean endUnlink(UUID id, String status) {
        return jdbc.sql("""
                UPDATE marketplace_unlink SET status = ?, ended_at = ?, open_for_account = NULL
                WHERE id = ? AND status = 'OPEN'""").params(status, now(), id).update() == 1;
    }

    private static Link link(ResultSet rs) throws SQLException {
        return new Link(rs.getObject("account_id", UUID.class), rs.getString("aws_account_id"),
                rs.getString("role_suffix"), rs.getTimestamp("linked_at").toInstant(),
                rs.getObject("linked_by", UUID.class));
    }

    private static Linking linking(ResultSet rs) throws SQLException {
        return new Linking(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getObject("started_by", UUID.class), rs.getString("aws_account_id"),
                rs.getString("seller_legal_name"), rs.getBoolean("register_as_seller"),
                rs.getBoolean("map_alliance_team"), rs.getBoolean("map_ace_users"), rs.getString("role_suffix"),
                rs.getString("step"), rs.getString("status"), rs.getString("failure"), rs.getString("source_address"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static Unlink unlink(ResultSet rs) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Unlink(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("aws_account_id"), rs.getObject("case_id", UUID.class),
                rs.getObject("requested_by", UUID.class), rs.getString("reason"), rs.getString("status"),
                rs.getTimestamp("created_at").toInstant(), ended == null ? null : ended.toInstant());
    }

    private Timestamp now() {
        return Timestamp.from(clock.now());
    }
}
