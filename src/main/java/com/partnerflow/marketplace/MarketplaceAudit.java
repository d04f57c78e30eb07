package com.partnerflow.marketplace;

import com.partnerflow.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

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

    private final AuditLog audit;

    public MarketplaceAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** Who acted: a partner user, or a support agent working the unlink case. */
    public record Actor(String name, UUID partnerUserId, UUID partnerAccountId, String sourceAddress) {
        Map<String, Object> identity() {
            Map<String, Object> identity = new LinkedHashMap<>();
            if (partnerUserId != null) {
                identity.put("type", "PartnerCentralUser");
                identity.put("principalId", partnerUserId.toString());
                identity.put("userName", name);
                identity.put("partnerAccountId", partnerAccountId.toString());
            } else {
                identity.put("type", "SupportAgent");
                identity.put("userName", name);
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
