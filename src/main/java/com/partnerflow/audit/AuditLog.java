package com.partnerflow.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerflow.config.EngineClock;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends audit events in the caller's transaction, so an event exists exactly when the change
 * it describes was committed. Parameters whose names mark a secret are written as "HIDDEN".
 *
 * <pre>{@code
 * audit.event("RoleAssigned").by(caller.email(), caller.userId()).account(caller.accountId())
 *      .target(user.email(), user.id()).from(sourceAddress).with("role", "ACE_MANAGER").record();
 * }</pre>
 */
@Component
public class AuditLog {

    private static final Set<String> SECRET_PARAMETERS = Set.of("code", "securitycode", "mfacode");
    private static final String[] SECRET_SUFFIXES = {"password", "token", "secret"};

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final EngineClock clock;

    public AuditLog(JdbcClient jdbc, ObjectMapper json, EngineClock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Starts an event; nothing is written until {@link Event#record()}. */
    public Event event(String eventName) {
        return new Event(eventName);
    }

    /** An event without partner user ids (anonymous callers, the system). */
    public void record(String eventName, String actor, UUID accountId, String target, String sourceAddress,
                       Map<String, ?> parameters) {
        event(eventName).by(actor, null).account(accountId).target(target, null).from(sourceAddress)
                .with(parameters).record();
    }

    static boolean isSecret(String parameterName) {
        String name = parameterName.toLowerCase(Locale.ROOT);
        if (SECRET_PARAMETERS.contains(name)) {
            return true;
        }
        for (String suffix : SECRET_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    public final class Event {
        private final String name;
        private String actor = "system";
        private UUID actorUserId;
        private UUID accountId;
        private String target;
        private UUID targetUserId;
        private String sourceAddress;
        private final Map<String, Object> parameters = new LinkedHashMap<>();

        private Event(String name) {
            this.name = name;
        }

        /** Who acted: an address, a staff user id or a process name, and the partner user's id if it was one. */
        public Event by(String actor, UUID actorUserId) {
            this.actor = actor;
            this.actorUserId = actorUserId;
            return this;
        }

        public Event account(UUID accountId) {
            this.accountId = accountId;
            return this;
        }

        /** What the event is about: an address or other name, and the partner user's id if it is one. */
        public Event target(String target, UUID targetUserId) {
            this.target = target;
            this.targetUserId = targetUserId;
            return this;
        }

        public Event from(String sourceAddress) {
            this.sourceAddress = sourceAddress;
            return this;
        }

        public Event with(String parameter, Object value) {
            parameters.put(parameter, isSecret(parameter) ? "HIDDEN" : value);
            return this;
        }

        public Event with(Map<String, ?> parameters) {
            parameters.forEach(this::with);
            return this;
        }

        public void record() {
            jdbc.sql("""
                    INSERT INTO audit_event (occurred_at, event_name, actor, actor_user_id, account_id, target,
                                             target_user_id, source_address, parameters)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(Timestamp.from(clock.now()), name, actor, actorUserId, accountId, target, targetUserId,
                            sourceAddress, toJson(parameters))
                    .update();
        }
    }

    private String toJson(Map<String, Object> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit parameters are not serialisable", e);
        }
    }
}
