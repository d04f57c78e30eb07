package com.partnerflow.marketplace;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.UserRemoved;
import com.partnerflow.marketplace.MarketplaceAudit.Actor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Removing a user revokes their access for good (guide): their IAM role mapping goes too, in the
 * removing transaction, audited as DisassociatePartnerUser by whoever removed them. Not held up
 * by an open unlink request (taking access away never waits).
 */
@Component
public class UnmapRemovedUsers {

    private final MarketplaceRecords records;
    private final Marketplace marketplace;
    private final PartnerDirectory directory;
    private final MarketplaceAudit audit;

    public UnmapRemovedUsers(MarketplaceRecords records, Marketplace marketplace, PartnerDirectory directory,
                             MarketplaceAudit audit) {
        this.records = records;
        this.marketplace = marketplace;
        this.directory = directory;
        this.audit = audit;
    }

    @EventListener
    public void onUserRemoved(UserRemoved event) {
        records.link(event.accountId()).ifPresent(link -> {
            records.lockAccount(event.accountId());
            marketplace.unmapUser(link.awsAccountId(), event.userId()).ifPresent(roleName -> {
                String email = directory.findUser(event.userId()).map(PartnerUser::email).orElse(null);
                audit.disassociatePartnerUser(Actor.partnerUser(event.removedBy(), null, event.accountId(), null),
                        event.accountId(), link.awsAccountId(), email, event.userId(),
                        "arn:aws:iam::" + link.awsAccountId() + ":role/" + roleName);
            });
        });
    }
}
