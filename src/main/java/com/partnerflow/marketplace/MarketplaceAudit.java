package com.partnerflow.marketplace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.Permission;
import com.partnerflow.signin.PartnerPrincipal;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Audit events of account links and user-role mappings in the shape of the guide's CloudTrail
 * examples ("AWS Partner Central log file entry examples"): eventSource, eventName,
 * userIdentity, requestParameters, responseElements, readOnly, eventType, recipientAccountId.
 * Time, source address and the actor are the audit row's own columns. As in the guide's
 * AssociatePartnerAccount example, the request parameters of a link are not written
 * ("HIDDEN_DUE_TO_SECURITY_REASONS").
 */
@Component
public class MarketplaceAudit {

    static final String EVENT_SOURCE = "partnercentral-account-management.partnerflow";
    static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

    /** The events of account links and user-role mappings, as the CloudTrail event history lists them. */
    public static final List<String> EVENT_NAMES = List.of("AssociatePartnerAccount", "DisassociatePartnerAccount",
            "AssociatePartnerUser", "DisassociatePartnerUser");

    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public MarketplaceAudit(AuditLog audit, JdbcClient jdbc, ObjectMapper json) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The account's link and mapping events, newest first, each as one CloudTrail-like record:
     * the stored parameters plus eventTime and sourceIPAddress from the audit row.
     */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> events(PartnerPrincipal caller) {
        if (!caller.has(Permission.VIEW_AUDIT_LOG)) {
            caller.require(Permission.MAP_IAM_ROLES);
        }
        return jdbc.sql("""
                SELECT occurred_at, source_address, parameters FROM audit_event
                WHERE account_id = ? AND event_name IN (?, ?, ?, ?) ORDER BY id DESC""")
                .params(caller.accountId(), EVENT_NAMES.get(0), EVENT_NAMES.get(1), EVENT_NAMES.get(2),
                        EVENT_NAMES.get(3))
                .query((rs, n) -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("eventTime", rs.getTimestamp("occurred_at").toInstant().toString());
                    event.put("sourceIPAddress", rs.getString("source_address"));
                    try {
                        event.putAll(json.readValue(rs.getString("parameters"), new TypeReference<Map<String, Object>>() { }));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("Unreadable audit parameters", e);
                    }
                    return event;
                })
                .list();
    }

    /**
     * Who acted: a partner user (type PartnerCentralUser, with their id when known), or a support
     * agent working the unlink case (type SupportAgent).
     */
    public record Actor(String type, String name, UUID partnerUserId, UUID partnerAccountId, String sourceAddress) {

        public static Actor partnerUser(String email, UUID userId, UUID accountId, String sourceAddress) {
            return new Actor("PartnerCentralUser", email, userId, accountId, sourceAddress);
        }

        public static Actor supportAgent(String agent, UUID accountId) {
            return new Actor("SupportAgent", "support agent " + agent, null, accountId, null);
        }

        Map<String, Object> identity() {
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("type", type);
            if (partnerUserId != null) {
                identity.put("principalId", partnerUserId.toString());
            }
            identity.put("userName", name);
            identity.put("partnerAccountId", partnerAccountId.toString());
            if ("SupportAgent".equals(type)) {
                identity.put("invokedBy", "partnerflow-support");
            }
            return identity;
        }
    }

    public void associatePartnerAccount(Actor actor, String awsAccountId) {
        record("AssociatePartnerAccount", actor, awsAccountId, null, null, Map.of("value", HIDDEN));
    }

    public void disassociatePartnerAccount(Actor actor, UUID accountId, String awsAccountId) {
        record("DisassociatePartnerAccount", actor, awsAccountId, null, null,
                Map.of("partnerAccountId", accountId.toString(), "awsAccountId", awsAccountId));
    }

    public void associatePartnerUser(Actor actor, UUID accountId, String awsAccountId, String targetEmail,
                                     UUID targetUserId, String iamRoleArn) {
        record("AssociatePartnerUser", actor, awsAccountId, targetEmail, targetUserId,
                userParameters(accountId, targetUserId, iamRoleArn));
    }

    public void disassociatePartnerUser(Actor actor, UUID accountId, String awsAccountId, String targetEmail,
                                        UUID targetUserId, String iamRoleArn) {
        record("DisassociatePartnerUser", actor, awsAccountId, targetEmail, targetUserId,
                userParameters(accountId, targetUserId, iamRoleArn));
    }

    private static Map<String, Object> userParameters(UUID accountId, UUID targetUserId, String iamRoleArn) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("partnerUserId", targetUserId.toString());
        parameters.put("iamRoleArn", iamRoleArn);
        parameters.put("partnerAccountId", accountId.toString());
        return parameters;
    }

    private void record(String eventName, Actor actor, String awsAccountId, String target, UUID targetUserId,
                        Map<String, Object> requestParameters) {
        UUID accountId = actor.partnerAccountId();
        audit.event(eventName).by(actor.name(), actor.partnerUserId()).account(accountId)
                .target(target == null ? awsAccountId : target, targetUserId).from(actor.sourceAddress())
                .with("eventVersion", "1.08")
                .with("userIdentity", actor.identity())
                .with("eventSource", EVENT_SOURCE)
                .with("eventName", eventName)
                .with("requestParameters", requestParameters)
                .with("responseElements", null)
                .with("eventID", UUID.randomUUID().toString())
                .with("readOnly", false)
                .with("eventType", "AwsApiCall")
                .with("managementEvent", true)
                .with("recipientAccountId", awsAccountId)
                .with("eventCategory", "Management")
                .record();
    }
}
