package com.partnerflow.registration;

import com.partnerflow.api.ApiProblem;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Refuses personal (free-mail, academic) addresses: partner accounts are keyed by business domain. */
@Component
public class BusinessEmailPolicy {

    private final RegistrationSettings settings;

    public BusinessEmailPolicy(RegistrationSettings settings) {
        this.settings = settings;
    }

    public static String domainOf(String email) {
        return email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    public boolean isPersonal(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (settings.personalEmailDomains().stream().anyMatch(p -> p.equalsIgnoreCase(d))) {
            return true;
        }
        return settings.personalEmailSuffixes().stream()
                .map(s -> s.toLowerCase(Locale.ROOT))
                .anyMatch(s -> d.endsWith(s) || d.contains(s + "."));
    }

    public void requireBusinessAddress(String email) {
        String domain = domainOf(email);
        if (isPersonal(domain)) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "personal-email-domain",
                    "A business email address is required; personal addresses (" + domain
                            + ") cannot register a partner account.");
        }
    }
}
