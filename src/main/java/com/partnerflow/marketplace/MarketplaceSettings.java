package com.partnerflow.marketplace;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param linkingStepIdle a linking left this long at one of its three steps is abandoned
 * @param unlinkReasons   the reasons a partner chooses from when requesting an unlink
 */
@ConfigurationProperties("partnerflow.marketplace")
public record MarketplaceSettings(
        @DefaultValue("PT1H") Duration linkingStepIdle,
        @DefaultValue({"NO_LONGER_SELLING", "WRONG_ACCOUNT_LINKED", "COMPANY_REORGANISATION", "MOVING_TO_ANOTHER_ACCOUNT",
                "OTHER"}) List<String> unlinkReasons) {
}
