package com.partnerflow.marketplace;

import com.partnerflow.config.DevelopmentOnly;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Development data of the local marketplace ({@code partnerflow.dev-seed.enabled}): seller
 * account 111122223333 ("Northwind Traders", the README walkthrough's company) with a custom role
 * a partner may map and one that is not mappable; account 444455556666 exists but is not a seller
 * yet (linking registers it).
 */
@Component
@DevelopmentOnly
@ConditionalOnProperty("partnerflow.dev-seed.enabled")
public class DevMarketplaceSeed {

    public static final String SELLER_ACCOUNT = "111122223333";
    public static final String NOT_A_SELLER = "444455556666";

    private static final Logger log = LoggerFactory.getLogger(DevMarketplaceSeed.class);

    private final Marketplace marketplace;

    public DevMarketplaceSeed(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void seed() {
        marketplace.registerSeller(SELLER_ACCOUNT, "Northwind Traders");
        marketplace.createRole(SELLER_ACCOUNT, "PartnerCentralRoleForUser-Custom",
                List.of("AWSMarketplaceSellerProductsReadOnly"));
        marketplace.createRole(SELLER_ACCOUNT, "MarketplaceAdmin", List.of("AWSMarketplaceSellerFullAccess"));
        log.info("Local marketplace seeded: seller {} (Northwind Traders), {} not a seller", SELLER_ACCOUNT, NOT_A_SELLER);
    }
}
