package com.partnerflow.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerflow.config.EngineClock;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends audit events in the caller's transaction, so an event exists exactly when the change
 * it describes was committed. Parameters whose names mark a secret are written as "HIDDEN".
 */
@Component
public class AuditLog {

    private static final Set<String> SECRET_PARAMETERS = Set.of("password", "code", "securitycode", "token");

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final EngineClock clock;

    public AuditLog(JdbcClient jdbc, ObjectMapper json, EngineClock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public void record(String eventName, String actor, UUID accountId, String target, String sourceAddress,
                       Map<String, ?> parameters) {
        Map<String, Object> safe = new LinkedHashMap<>();
        parameters.forEach((k, v) -> safe.put(k, SECRET_PARAMETERS.contains(k.toLowerCase()) ? "HIDDEN" : v));
        jdbc.sql("""
                INSERT INTO audit_event (occurred_at, event_name, actor, account_id, target, source_address, parameters)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(clock.now()), eventName, actor, accountId, target, sourceAddress, toJson(safe))
                .update();
    }

    private String toJson(Map<String, Object> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit parameters are not serialisable", e);
        }
    }
}
