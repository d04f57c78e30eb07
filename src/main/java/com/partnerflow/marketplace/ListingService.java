package com.partnerflow.marketplace;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.Permission;
import com.partnerflow.marketplace.Marketplace.Listing;
import com.partnerflow.marketplace.Marketplace.ListingKind;
import com.partnerflow.marketplace.MarketplaceRecords.Link;
import com.partnerflow.signin.PartnerPrincipal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Linking marketplace products and private offers to Partner Central (refused while an unlink is open). */
@Service
public class ListingService {

    private final MarketplaceRecords records;
    private final MarketplaceGuard guard;
    private final Marketplace marketplace;
    private final AuditLog audit;

    public ListingService(MarketplaceRecords records, MarketplaceGuard guard, Marketplace marketplace, AuditLog audit) {
        this.records = records;
        this.guard = guard;
        this.marketplace = marketplace;
        this.audit = audit;
    }

    @Transactional
    public List<Listing> link(PartnerPrincipal caller, ListingKind kind, String listingId, String title,
                              String sourceAddress) {
        caller.require(Permission.MANAGE_OFFERINGS);
        if (kind == null || listingId == null || !listingId.matches("[A-Za-z0-9-]{1,64}") || title == null
                || title.isBlank() || title.length() > 200) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-listing",
                    "Give kind (PRODUCT or OFFER), listingId (letters, digits, '-', up to 64) and a title.");
        }
        guard.lockAndCheck(caller.accountId(), "linking products and offers");
        Link link = records.link(caller.accountId()).orElseThrow(() -> new ApiProblem(HttpStatus.CONFLICT,
                "not-linked", "Your account is not linked to a marketplace account."));
        marketplace.linkListing(link.awsAccountId(), kind, listingId, title.strip());
        audit.event("MarketplaceListingLinked").by(caller.email(), caller.userId()).account(caller.accountId())
                .target(listingId, null).from(sourceAddress).with("kind", kind.name())
                .with("awsAccountId", link.awsAccountId()).record();
        return marketplace.listings(link.awsAccountId());
    }
}
