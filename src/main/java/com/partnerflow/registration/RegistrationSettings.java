package com.partnerflow.registration;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registration policy (domain page, "Partner accounts and users"), all configurable under
 * {@code partnerflow.registration}.
 *
 * @param codeValidity          how long an emailed code is valid, and how long the process waits
 * @param maxFailedAttempts     wrong entries of one code before it is locked
 * @param maxCodesPerHour       codes per address in any rolling hour
 * @param personalEmailDomains  free-mail domains refused as business addresses
 * @param personalEmailSuffixes domain endings refused too (".edu" also refuses "x.edu.au")
 */
@ConfigurationProperties("partnerflow.registration")
public record RegistrationSettings(
        @DefaultValue("PT15M") Duration codeValidity,
        @DefaultValue("5") int maxFailedAttempts,
        @DefaultValue("5") int maxCodesPerHour,
        @DefaultValue({"gmail.com", "hotmail.com", "outlook.com"}) List<String> personalEmailDomains,
        @DefaultValue(".edu") List<String> personalEmailSuffixes) {
}
