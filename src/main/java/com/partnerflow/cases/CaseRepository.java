package com.partnerflow.cases;

import com.partnerflow.config.EngineClock;
import com.partnerflow.mail.inbound.InboundAttachment;
import com.partnerflow.mail.inbound.MailLimits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Support cases and their correspondence. */
@Repository
public class CaseRepository {

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public CaseRepository(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record NewCase(UUID accountId, UUID openedBy, String caseType, String questionType,
                          String specificQuestionType, String subject, String description) {
    }

    public SupportCase insert(NewCase c) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.now());
        jdbc.sql("""
                INSERT INTO support_case (id, account_id, opened_by, case_type, question_type, specific_question_type,
                                          subject, description, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)""")
                .params(id, c.accountId(), c.openedBy(), c.caseType(), c.questionType(), c.specificQuestionType(),
                        c.subject(), c.description(), now, now)
                .update();
        return find(id).orElseThrow();
    }

    public Optional<SupportCase> find(UUID id) {
        return jdbc.sql("SELECT * FROM support_case WHERE id = ?").param(id).query(this::supportCase).optional();
    }

    public Optional<SupportCase> findByNumber(long number) {
        return jdbc.sql("SELECT * FROM support_case WHERE number = ?").param(number).query(this::supportCase).optional();
    }

    public List<SupportCase> openedBy(UUID userId) {
        return jdbc.sql("SELECT * FROM support_case WHERE opened_by = ? ORDER BY number DESC").param(userId)
                .query(this::supportCase).list();
    }

    public void setStatus(UUID caseId, CaseStatus status) {
        Timestamp now = Timestamp.from(clock.now());
        jdbc.sql("UPDATE support_case SET status = ?, updated_at = ?, resolved_at = ? WHERE id = ?")
                .params(status.name(), now, status.isFinal() ? now : null, caseId).update();
    }

    public UUID addMessage(UUID caseId, String direction, String channel, String author, String body,
                           String mailMessageId, List<InboundAttachment> attachments) {
        return addMessage(caseId, direction, channel, author, body, mailMessageId, attachments, null);
    }

    /** @param originalMailId the stored original of an inbound mail (inbound_mail_original), or null */
    public UUID addMessage(UUID caseId, String direction, String channel, String author, String body,
                           String mailMessageId, List<InboundAttachment> attachments, UUID originalMailId) {
        UUID id = UUID.randomUUID();
        String shortAuthor = author.length() <= MailLimits.MAX_ADDRESS_LENGTH ? author
                : author.substring(0, MailLimits.MAX_ADDRESS_LENGTH);
        jdbc.sql("""
                INSERT INTO case_message (id, case_id, direction, channel, author, body, mail_message_id, created_at,
                                          original_mail_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, caseId, direction, channel, shortAuthor, body, mailMessageId, Timestamp.from(clock.now()),
                        originalMailId)
                .update();
        for (InboundAttachment a : attachments) {
            jdbc.sql("INSERT INTO case_attachment (id, message_id, filename, content_type, content) VALUES (?, ?, ?, ?, ?)")
                    .params(UUID.randomUUID(), id, a.filename(), a.contentType(), a.content()).update();
        }
        jdbc.sql("UPDATE support_case SET updated_at = ? WHERE id = ?").params(Timestamp.from(clock.now()), caseId)
                .update();
        return id;
    }

    public List<CaseMessage> messages(UUID caseId) {
        Map<UUID, List<CaseMessage.AttachmentInfo>> attachments = new HashMap<>();
        jdbc.sql("""
                SELECT a.message_id, a.id, a.filename, a.content_type, LENGTH(a.content) AS size
                FROM case_attachment a JOIN case_message m ON m.id = a.message_id
                WHERE m.case_id = ? ORDER BY a.filename""").param(caseId)
                .query(rs -> {
                    attachments.computeIfAbsent(rs.getObject("message_id", UUID.class), id -> new ArrayList<>())
                            .add(new CaseMessage.AttachmentInfo(rs.getObject("id", UUID.class),
                                    rs.getString("filename"), rs.getString("content_type"), rs.getInt("size")));
                });
        return jdbc.sql("SELECT * FROM case_message WHERE case_id = ? ORDER BY created_at, id").param(caseId)
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new CaseMessage(id, rs.getString("direction"), rs.getString("channel"),
                            rs.getString("author"), rs.getString("body"), rs.getTimestamp("created_at").toInstant(),
                            List.copyOf(attachments.getOrDefault(id, List.of())),
                            rs.getObject("original_mail_id", UUID.class));
                })
                .list();
    }

    /** Message-IDs of the case's mail so far, oldest first: the References of the next message. */
    public List<String> mailThread(UUID caseId) {
        return jdbc.sql("""
                SELECT mail_message_id FROM case_message WHERE case_id = ? AND mail_message_id IS NOT NULL
                ORDER BY created_at, id""").param(caseId).query(String.class).list();
    }

    public Optional<InboundAttachment> attachment(UUID caseId, UUID attachmentId) {
        return jdbc.sql("""
                SELECT a.filename, a.content_type, a.content FROM case_attachment a
                JOIN case_message m ON m.id = a.message_id WHERE m.case_id = ? AND a.id = ?""")
                .params(caseId, attachmentId)
                .query((rs, n) -> new InboundAttachment(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .optional();
    }

    private SupportCase supportCase(ResultSet rs, int n) throws SQLException {
        return new SupportCase(rs.getObject("id", UUID.class), rs.getLong("number"),
                rs.getObject("account_id", UUID.class), rs.getObject("opened_by", UUID.class),
                rs.getString("case_type"), rs.getString("question_type"), rs.getString("specific_question_type"),
                rs.getString("subject"), rs.getString("description"), CaseStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "resolved_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
