package com.partnerflow.marketplace;

import com.partnerflow.cases.Readable;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.marketplace.MarketplaceAudit.Actor;
import com.partnerflow.marketplace.MarketplaceRecords.Unlink;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The marketplace steps of marketplace-account-unlinking.bpmn (the case steps come from the cases package). */
@Configuration
public class UnlinkingDelegates {

    private static final Logger log = LoggerFactory.getLogger(UnlinkingDelegates.class);

    private final MarketplaceRecords records;
    private final Marketplace marketplace;
    private final PartnerDirectory directory;
    private final UnlinkService unlinks;
    private final MarketplaceAudit marketplaceAudit;
    private final AuditLog audit;

    public UnlinkingDelegates(MarketplaceRecords records, Marketplace marketplace, PartnerDirectory directory,
                              UnlinkService unlinks, MarketplaceAudit marketplaceAudit, AuditLog audit) {
        this.records = records;
        this.marketplace = marketplace;
        this.directory = directory;
        this.unlinks = unlinks;
        this.marketplaceAudit = marketplaceAudit;
        this.audit = audit;
    }

    /**
     * On "Review unlink request": what the agent's form shows besides the case (account, reason, what is dropped).
     * <p>Serves {@code Task_ReviewUnlink} (marketplace-account-unlinking).
     */
    @Bean
    TaskListener prepareUnlinkReviewListener() {
        return task -> {
            Unlink unlink = unlinkOf(task);
            task.setVariableLocal("awsAccountId", unlink.awsAccountId());
            task.setVariableLocal("unlinkReason", Readable.sentence(unlink.reason()));
            UnlinkService.Preview preview = records.link(unlink.accountId()).map(unlinks::preview).orElse(null);
            task.setVariableLocal("unlinkDrops", preview == null ? "(the account is no longer linked)"
                    : "IAM role mappings:\n" + preview.roleMappings().stream()
                            .map(m -> "- " + m.email() + " → " + m.roleName()).collect(Collectors.joining("\n"))
                    + "\nLinked products and offers:\n" + preview.linkedListings().stream()
                            .map(l -> "- " + l.kind() + " " + l.listingId() + " " + l.title())
                            .collect(Collectors.joining("\n")));
        };
    }

    /**
     * "Unlink the account through the marketplace" (asynchronous, retried; the marketplace calls
     * are idempotent): every user mapping is removed (DisassociatePartnerUser), the products and
     * offers unlinked, the link dropped (DisassociatePartnerAccount) and the request ends, which
     * lifts the locks.
     * <p>Serves {@code Task_UnlinkAccount} (marketplace-account-unlinking).
     */
    @Bean
    JavaDelegate unlinkMarketplaceAccountDelegate() {
        return execution -> {
            Unlink unlink = unlinkOf(execution);
            records.lockAccount(unlink.accountId());
            Actor actor = Actor.supportAgent(String.valueOf(execution.getVariable("lastAgent")), unlink.accountId());
            for (Marketplace.RoleMapping mapping : marketplace.mappings(unlink.awsAccountId())) {
                marketplace.unmapUser(unlink.awsAccountId(), mapping.partnerUserId());
                String email = directory.findUser(mapping.partnerUserId()).map(PartnerUser::email).orElse(null);
                marketplaceAudit.disassociatePartnerUser(actor, unlink.accountId(), unlink.awsAccountId(), email,
                        mapping.partnerUserId(), "arn:aws:iam::" + unlink.awsAccountId() + ":role/" + mapping.roleName());
            }
            marketplace.unlinkAllListings(unlink.awsAccountId());
            records.deleteLink(unlink.accountId());
            records.endUnlink(unlink.id(), "UNLINKED");
            marketplaceAudit.disassociatePartnerAccount(actor, unlink.accountId(), unlink.awsAccountId());
            log.info("Partner account {} unlinked from marketplace account {}", unlink.accountId(), unlink.awsAccountId());
        };
    }

    /**
     * "End the unlink request" as {@code unlinkOutcome} says (CANCELLED, DECLINED, UNANSWERED): the locks lift.
     * <p>Serves {@code Task_EndUnanswered} (marketplace-account-unlinking), {@code Task_EndDeclined}
     * (marketplace-account-unlinking), {@code Task_CancelUnlink} (marketplace-account-unlinking).
     */
    @Bean
    JavaDelegate endUnlinkRequestDelegate() {
        return execution -> {
            Unlink unlink = unlinkOf(execution);
            records.lockAccount(unlink.accountId());
            String outcome = (String) execution.getVariable(MarketplaceProcesses.UNLINK_OUTCOME);
            if (records.endUnlink(unlink.id(), outcome)) {
                audit.event("MarketplaceUnlinkEnded").by("marketplace-account-unlinking", null)
                        .account(unlink.accountId()).target(unlink.awsAccountId(), null).with("outcome", outcome)
                        .record();
            }
        };
    }

    private Unlink unlinkOf(VariableScope scope) {
        return records.unlink(UUID.fromString((String) scope.getVariable(MarketplaceProcesses.UNLINK_ID))).orElseThrow();
    }

}
