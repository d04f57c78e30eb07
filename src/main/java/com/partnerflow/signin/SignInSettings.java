package com.partnerflow.signin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in policy, all configurable under {@code partnerflow.signin}.
 *
 * @param sessionValidity   how long a session token is valid after sign-in (absolute, not sliding)
 * @param maxFailedAttempts failed sign-ins for one address within {@code failureWindow} that lock it
 * @param failureWindow     the rolling window in which failed sign-ins are counted
 * @param lockDuration      how long sign-in stays locked for the address once the limit is reached
 *                          (also after the 5th wrong MFA code)
 * @param trustedDeviceValidity how long a device remembered at an MFA sign-in skips MFA for its user
 */
@ConfigurationProperties("partnerflow.signin")
public record SignInSettings(
        @DefaultValue("PT8H") Duration sessionValidity,
        @DefaultValue("5") int maxFailedAttempts,
        @DefaultValue("PT15M") Duration failureWindow,
        @DefaultValue("PT15M") Duration lockDuration,
        @DefaultValue("P30D") Duration trustedDeviceValidity) {
}
