package com.partnerflow.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.Permission;
import com.partnerflow.signin.PartnerPrincipal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log of the caller's own account, newest first, page by page. Parameters come back as
 * they were written: secrets were replaced by "HIDDEN" at write time ({@code audit.AuditLog}).
 */
@Service
public class AuditEvents {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z]{1,64}");

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public AuditEvents(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The query parameters exactly as received; each is checked here, and a bad one answers {@code 400}. */
    public record Filter(String userId, String from, String to, String eventName, String limit, String cursor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Party(String name, UUID userId) {
    }

    public record AuditEventView(long id, Instant occurredAt, String eventName, Party actor, Party target,
                                 String sourceAddress, JsonNode parameters) {
    }

    /** One page; {@code nextCursor} (null on the last page) fetches the next, older one. */
    public record Page(List<AuditEventView> events, String nextCursor) {
    }

    @Transactional(readOnly = true)
    public Page read(PartnerPrincipal caller, Filter filter) {
        caller.require(Permission.VIEW_AUDIT_LOG);
        UUID userId = filter.userId() == null ? null : uuid(filter.userId());
        Instant from = filter.from() == null ? null : instant("from", filter.from());
        Instant to = filter.to() == null ? null : instant("to", filter.to());
        if (from != null && to != null && !from.isBefore(to)) {
            throw bad("from", "'from' must be before 'to'.");
        }
        if (filter.eventName() != null && !EVENT_NAME.matcher(filter.eventName()).matches()) {
            throw bad("eventName", "'eventName' is a name such as RoleAssigned (letters only).");
        }
        int limit = limit(filter.limit());
        Cursor cursor = filter.cursor() == null ? null : Cursor.parse(filter.cursor());

        StringBuilder sql = new StringBuilder("""
                SELECT id, occurred_at, event_name, actor, actor_user_id, target, target_user_id, source_address,
                       parameters
                FROM audit_event WHERE account_id = ?""");
        List<Object> params = new ArrayList<>();
        params.add(caller.accountId());
        if (userId != null) {
            sql.append(" AND (actor_user_id = ? OR target_user_id = ?)");
            params.add(userId);
            params.add(userId);
        }
        if (from != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND occurred_at < ?");
            params.add(Timestamp.from(to));
        }
        if (filter.eventName() != null) {
            sql.append(" AND event_name = ?");
            params.add(filter.eventName());
        }
        if (cursor != null) {
            sql.append(" AND (occurred_at < ? OR (occurred_at = ? AND id < ?))");
            params.add(Timestamp.from(cursor.occurredAt()));
            params.add(Timestamp.from(cursor.occurredAt()));
            params.add(cursor.id());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        params.add(limit + 1);

        List<AuditEventView> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> new AuditEventView(
                rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("event_name"),
                new Party(rs.getString("actor"), rs.getObject("actor_user_id", UUID.class)),
                rs.getString("target") == null && rs.getObject("target_user_id") == null ? null
                        : new Party(rs.getString("target"), rs.getObject("target_user_id", UUID.class)),
                rs.getString("source_address"), parameters(rs.getString("parameters")))).list();
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<AuditEventView> page = rows.subList(0, limit);
        AuditEventView last = page.get(limit - 1);
        return new Page(List.copyOf(page), new Cursor(last.occurredAt(), last.id()).encode());
    }

    private JsonNode parameters(String stored) {
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().objectNode().put("unreadable", true);
        }
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw bad("userId", "'userId' must be a user id (a UUID).");
        }
    }

    private static Instant instant(String name, String value) {
        try {
            // a '+' of an offset that was not URL-encoded arrives as a space: read it as the '+' it was
            return OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(name, "'" + name + "' must be a time with offset, e.g. 2026-03-01T09:00:00Z.");
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw bad("limit", "'limit' must be a number from 1 to " + MAX_LIMIT + ".");
    }

    static ApiProblem bad(String parameter, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-filter", detail, Map.of("parameter", parameter));
    }

    /** Where a page ended: the time and id of its last (oldest) event, opaque to callers. */
    record Cursor(Instant occurredAt, long id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((occurredAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String value) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
                if (parts.length == 2) {
                    return new Cursor(Instant.parse(parts[0]), Long.parseLong(parts[1]));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // answered below
            }
            throw bad("cursor", "'cursor' must be a nextCursor from an earlier page.");
        }
    }
}
