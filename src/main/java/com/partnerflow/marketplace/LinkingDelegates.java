package com.partnerflow.marketplace;

import static com.partnerflow.marketplace.MarketplaceProcesses.CREATED_ROLES;
import static com.partnerflow.marketplace.MarketplaceProcesses.LINKING_FAILURE;
import static com.partnerflow.marketplace.MarketplaceProcesses.LINKING_OUTCOME;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.marketplace.Marketplace.MarketplaceRefused;
import com.partnerflow.marketplace.MarketplaceAudit.Actor;
import com.partnerflow.marketplace.MarketplaceRecords.Linking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The steps of marketplace-account-linking.bpmn after the partner's three steps. */
@Configuration
public class LinkingDelegates {

    /** The error code the two linking steps throw when the marketplace or the directory refuses for good. */
    public static final String LINKING_REFUSED = "LinkingRefused";

    private static final Logger log = LoggerFactory.getLogger(LinkingDelegates.class);

    private final MarketplaceRecords records;
    private final Marketplace marketplace;
    private final PartnerDirectory directory;
    private final MarketplaceAudit marketplaceAudit;
    private final AuditLog audit;

    public LinkingDelegates(MarketplaceRecords records, Marketplace marketplace, PartnerDirectory directory,
                            MarketplaceAudit marketplaceAudit, AuditLog audit) {
        this.records = records;
        this.marketplace = marketplace;
        this.directory = directory;
        this.marketplaceAudit = marketplaceAudit;
        this.audit = audit;
    }

    /**
     * "Register seller and create IAM roles" (asynchronous, retried): every call is idempotent, so
     * a retry after a transient failure finds what the last attempt made. The roles made (or
     * found made identically) are listed in {@code createdRoles} as they come, so a refusal half-way
     * leaves the list the compensating step removes.
     * <p>Serves {@code Task_CreateRoles} (marketplace-account-linking).
     */
    @Bean
    JavaDelegate createLinkingRolesDelegate() {
        return execution -> {
            Linking linking = linkingOf(execution);
            List<String> created = new ArrayList<>();
            try {
                if (linking.registerAsSeller()) {
                    marketplace.registerSeller(linking.awsAccountId(), linking.sellerLegalName());
                }
                for (PartnerCentralRoles role : PartnerCentralRoles.values()) {
                    marketplace.createRole(linking.awsAccountId(), role.roleName(linking.roleSuffix()),
                            role.managedPolicies());
                    created.add(role.roleName(linking.roleSuffix()));
                    execution.setVariable(CREATED_ROLES, new ArrayList<>(created));
                }
            } catch (MarketplaceRefused refused) {
                execution.setVariable(CREATED_ROLES, new ArrayList<>(created));
                throw refuse(execution, refused.getMessage());
            }
        };
    }

    /**
     * "Link the accounts": records the link, makes the linking user a cloud admin mapped to the
     * cloud-admin role, applies the bulk mapping chosen in step 2, and audits it all. A seller
     * account linked elsewhere meanwhile refuses (the roles are then removed).
     * <p>Serves {@code Task_RecordLink} (marketplace-account-linking).
     */
    @Bean
    JavaDelegate recordMarketplaceLinkDelegate() {
        return execution -> {
            Linking linking = linkingOf(execution);
            records.lockAccount(linking.accountId());
            if (records.link(linking.accountId()).isPresent()
                    || records.linkOfSellerAccount(linking.awsAccountId()).isPresent()) {
                throw refuse(execution, "The partner account or seller account " + linking.awsAccountId()
                        + " was linked meanwhile");
            }
            PartnerUser linker = directory.findUser(linking.startedBy()).orElseThrow();
            Actor actor = Actor.partnerUser(linker.email(), linker.id(), linking.accountId(), linking.sourceAddress());
            records.insertLink(linking.accountId(), linking.awsAccountId(), linking.roleSuffix(), linker.id());
            marketplaceAudit.associatePartnerAccount(actor, linking.awsAccountId());
            if (!linker.roles().contains(Role.CLOUD_ADMIN)) {
                directory.assignRole(linking.accountId(), linker.id(), Role.CLOUD_ADMIN, linker.email());
                audit.event("RoleAssigned").by(linker.email(), linker.id()).account(linking.accountId())
                        .target(linker.email(), linker.id()).from(linking.sourceAddress())
                        .with("role", Role.CLOUD_ADMIN.name()).with("reason", "marketplace account linked").record();
            }
            map(actor, linking, linker, PartnerCentralRoles.CLOUD_ADMIN);
            for (PartnerUser user : directory.usersOf(linking.accountId())) {
                if (user.id().equals(linker.id()) || !"ACTIVE".equals(user.status())) {
                    continue;
                }
                if (linking.mapAllianceTeam() && LinkingService.bulkMapped(PartnerCentralRoles.ALLIANCE, user)) {
                    map(actor, linking, user, PartnerCentralRoles.ALLIANCE);
                } else if (linking.mapAceUsers() && LinkingService.bulkMapped(PartnerCentralRoles.ACE, user)) {
                    map(actor, linking, user, PartnerCentralRoles.ACE);
                }
            }
            records.linkingEnded(linking.id(), "LINKED", null);
            log.info("Partner account {} linked to marketplace account {}", linking.accountId(), linking.awsAccountId());
        };
    }

    private void map(Actor actor, Linking linking, PartnerUser user, PartnerCentralRoles role) {
        String roleName = role.roleName(linking.roleSuffix());
        marketplace.mapUser(linking.awsAccountId(), roleName, user.id());
        marketplaceAudit.associatePartnerUser(actor, linking.accountId(), linking.awsAccountId(), user.email(),
                user.id(), "arn:aws:iam::" + linking.awsAccountId() + ":role/" + roleName);
    }

    /**
     * "Remove the roles this linking created" (compensation of a refused linking; retried).
     * <p>Serves {@code Task_RemoveRoles} (marketplace-account-linking).
     */
    @Bean
    JavaDelegate removeLinkingRolesDelegate() {
        return execution -> {
            Linking linking = linkingOf(execution);
            @SuppressWarnings("unchecked")
            List<String> created = (List<String>) execution.getVariable(CREATED_ROLES);
            if (created != null) {
                for (String roleName : created) {
                    marketplace.deleteRole(linking.awsAccountId(), roleName);
                }
            }
            String failure = (String) execution.getVariable(LINKING_FAILURE);
            records.linkingEnded(linking.id(), "FAILED", failure);
            audit.event("MarketplaceLinkingFailed").by("marketplace-account-linking", null).account(linking.accountId())
                    .target(linking.awsAccountId(), null)
                    .with(Map.of("reason", String.valueOf(failure), "removedRoles", created == null ? List.of() : created))
                    .record();
            log.warn("Linking {} of account {} failed and was rolled back: {}", linking.id(), linking.accountId(),
                    failure);
        };
    }

    /**
     * "Abandon the linking" / "Cancel the linking": nothing was created yet; the account may start again.
     * <p>Serves {@code Task_AbandonLinking} (marketplace-account-linking), {@code Task_CancelLinking}
     * (marketplace-account-linking).
     */
    @Bean
    JavaDelegate endLinkingDelegate() {
        return execution -> {
            Linking linking = linkingOf(execution);
            String outcome = (String) execution.getVariable(LINKING_OUTCOME);
            records.linkingEnded(linking.id(), outcome, null);
            audit.event("ABANDONED".equals(outcome) ? "MarketplaceLinkingAbandoned" : "MarketplaceLinkingCancelled")
                    .by("ABANDONED".equals(outcome) ? "marketplace-account-linking" : actorEmail(linking), null)
                    .account(linking.accountId()).target(linking.awsAccountId(), null)
                    .with("step", linking.step()).record();
        };
    }

    private String actorEmail(Linking linking) {
        return directory.findUser(linking.startedBy()).map(PartnerUser::email).orElse("unknown");
    }

    private BpmnError refuse(DelegateExecution execution, String reason) {
        execution.setVariable(LINKING_FAILURE, reason);
        return new BpmnError(LINKING_REFUSED, reason);
    }

    private Linking linkingOf(DelegateExecution execution) {
        return records.linking(UUID.fromString(execution.getProcessBusinessKey())).orElseThrow();
    }
}
