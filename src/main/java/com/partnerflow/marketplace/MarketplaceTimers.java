package com.partnerflow.marketplace;

import org.springframework.stereotype.Component;

/** Timer values for marketplace-account-linking.bpmn: {@code ${marketplaceTimers.linkingStepIdle()}}. */
@Component("marketplaceTimers")
public class MarketplaceTimers {

    private final MarketplaceSettings settings;

    public MarketplaceTimers(MarketplaceSettings settings) {
        this.settings = settings;
    }

    /** ISO-8601 duration, the form Camunda's timeDuration expects. */
    public String linkingStepIdle() {
        return settings.linkingStepIdle().toString();
    }
}
