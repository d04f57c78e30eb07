package com.partnerflow.securitycode;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@link SecurityCodeMail} of each purpose; start-up fails if a purpose has none or two. */
@Component
class SecurityCodeMails {

    private final Map<CodePurpose, SecurityCodeMail> byPurpose = new EnumMap<>(CodePurpose.class);

    SecurityCodeMails(List<SecurityCodeMail> mails) {
        for (SecurityCodeMail mail : mails) {
            if (byPurpose.put(mail.purpose(), mail) != null) {
                throw new IllegalStateException("Two SecurityCodeMail beans for " + mail.purpose());
            }
        }
        for (CodePurpose purpose : CodePurpose.values()) {
            if (!byPurpose.containsKey(purpose)) {
                throw new IllegalStateException("No SecurityCodeMail bean for " + purpose);
            }
        }
    }

    SecurityCodeMail of(CodePurpose purpose) {
        return byPurpose.get(purpose);
    }
}
