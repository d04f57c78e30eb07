package com.partnerflow.registration;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registration policy (domain page, "Partner accounts and users"), configurable under
 * {@code partnerflow.registration}. The rules of its security code are every code's:
 * {@code securitycode.SecurityCodeSettings}.
 *
 * @param personalEmailDomains  free-mail domains refused as business addresses
 * @param personalEmailSuffixes domain endings refused too (".edu" also refuses "x.edu.au")
 */
@ConfigurationProperties("partnerflow.registration")
public record RegistrationSettings(
        @DefaultValue({"gmail.com", "hotmail.com", "outlook.com"}) List<String> personalEmailDomains,
        @DefaultValue(".edu") List<String> personalEmailSuffixes) {
}
