package com.partnerflow.tasks;

import com.partnerflow.config.EngineClock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tables partner_task_catalogue and partner_task (V12). Joins the caller's transaction. */
@Repository
public class PartnerTasks {

    private static final String SELECT = """
            SELECT t.*, c.task_type, c.stage, c.title, c.description FROM partner_task t
            JOIN partner_task_catalogue c ON c.task_key = t.task_key""";

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public PartnerTasks(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record CatalogueEntry(String taskKey, PartnerTaskType type, SolutionStage stage, String title,
                                 String description) {
    }

    public record PartnerTask(UUID id, UUID accountId, String taskKey, PartnerTaskType type, SolutionStage stage,
                              String title, String description, UUID assigneeUserId, String status,
                              String dismissReason, UUID dismissedBy, Instant createdAt, Instant completedAt,
                              UUID completedBy) {
        public boolean isOpen() {
            return !"COMPLETED".equals(status);
        }
    }

    // --- catalogue ---

    public List<CatalogueEntry> catalogue() {
        return jdbc.sql("SELECT * FROM partner_task_catalogue ORDER BY task_type, stage, task_key")
                .query((rs, n) -> entry(rs)).list();
    }

    public Optional<CatalogueEntry> catalogueEntry(String taskKey) {
        return jdbc.sql("SELECT * FROM partner_task_catalogue WHERE task_key = ?").param(taskKey)
                .query((rs, n) -> entry(rs)).optional();
    }

    /** Adds the entry unless its key exists (seeding is repeatable). */
    public void ensureCatalogueEntry(CatalogueEntry e) {
        if (catalogueEntry(e.taskKey()).isEmpty()) {
            jdbc.sql("""
                    INSERT INTO partner_task_catalogue (task_key, task_type, stage, title, description)
                    VALUES (?, ?, ?, ?, ?)""")
                    .params(e.taskKey(), e.type().name(), e.stage() == null ? null : e.stage().name(), e.title(),
                            e.description())
                    .update();
        }
    }

    // --- tasks ---

    public void insert(UUID id, UUID accountId, String taskKey, UUID assignee) {
        Timestamp now = now();
        jdbc.sql("""
                INSERT INTO partner_task (id, account_id, task_key, assignee_user_id, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'OPEN', ?, ?)""").params(id, accountId, taskKey, assignee, now, now).update();
    }

    public Optional<PartnerTask> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE t.id = ?").param(id).query((rs, n) -> task(rs)).optional();
    }

    /** The task under a row lock, so two actions on it run one after the other. */
    public Optional<PartnerTask> lock(UUID id) {
        jdbc.sql("SELECT id FROM partner_task WHERE id = ? FOR UPDATE").param(id).query(UUID.class).optional();
        return find(id);
    }

    public List<PartnerTask> openTasksOf(UUID assignee) {
        return jdbc.sql(SELECT + " WHERE t.assignee_user_id = ? AND t.status <> 'COMPLETED' ORDER BY t.created_at")
                .param(assignee).query((rs, n) -> task(rs)).list();
    }

    public List<PartnerTask> tasksOfAccount(UUID accountId) {
        return jdbc.sql(SELECT + " WHERE t.account_id = ? ORDER BY t.created_at").param(accountId)
                .query((rs, n) -> task(rs)).list();
    }

    public void assign(UUID id, UUID assignee) {
        jdbc.sql("""
                UPDATE partner_task SET assignee_user_id = ?, status = 'OPEN', dismiss_reason = NULL,
                    dismissed_by = NULL, updated_at = ? WHERE id = ?""").params(assignee, now(), id).update();
    }

    public void returnTo(UUID id, UUID lead, String reason, UUID dismissedBy) {
        jdbc.sql("""
                UPDATE partner_task SET assignee_user_id = ?, status = 'RETURNED', dismiss_reason = ?, dismissed_by = ?,
                    updated_at = ? WHERE id = ?""").params(lead, reason, dismissedBy, now(), id).update();
    }

    public void complete(UUID id, UUID by) {
        Timestamp now = now();
        jdbc.sql("""
                UPDATE partner_task SET status = 'COMPLETED', completed_at = ?, completed_by = ?, updated_at = ?
                WHERE id = ?""").params(now, by, now, id).update();
    }

    public Optional<UUID> allianceLeadOf(UUID accountId) {
        return jdbc.sql("SELECT user_id FROM role_assignment WHERE lead_of_account = ?").param(accountId)
                .query(UUID.class).optional();
    }

    private static CatalogueEntry entry(ResultSet rs) throws SQLException {
        String stage = rs.getString("stage");
        return new CatalogueEntry(rs.getString("task_key"), PartnerTaskType.valueOf(rs.getString("task_type")),
                stage == null ? null : SolutionStage.valueOf(stage), rs.getString("title"), rs.getString("description"));
    }

    private static PartnerTask task(ResultSet rs) throws SQLException {
        String stage = rs.getString("stage");
        Timestamp completed = rs.getTimestamp("completed_at");
        return new PartnerTask(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("task_key"), PartnerTaskType.valueOf(rs.getString("task_type")),
                stage == null ? null : SolutionStage.valueOf(stage), rs.getString("title"), rs.getString("description"),
                rs.getObject("assignee_user_id", UUID.class), rs.getString("status"), rs.getString("dismiss_reason"),
                rs.getObject("dismissed_by", UUID.class), rs.getTimestamp("created_at").toInstant(),
                completed == null ? null : completed.toInstant(), rs.getObject("completed_by", UUID.class));
    }

    private Timestamp now() {
        return Timestamp.from(clock.now());
    }
}
