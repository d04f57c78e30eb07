package com.partnerflow.securitycode;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One policy for every emailed code, whatever it completes ({@code partnerflow.security-codes.*};
 * application.yml falls back to the former {@code partnerflow.registration.*} names).
 *
 * @param codeValidity      how long an emailed code is valid, and how long its process waits
 * @param maxFailedAttempts wrong entries of one code before it is locked
 * @param maxCodesPerHour   codes per address in any rolling hour, all purposes together
 */
@ConfigurationProperties("partnerflow.security-codes")
public record SecurityCodeSettings(
        @DefaultValue("PT15M") Duration codeValidity,
        @DefaultValue("5") int maxFailedAttempts,
        @DefaultValue("5") int maxCodesPerHour) {
}
