package com.partnerflow.securitycode;

import com.partnerflow.mail.OutgoingMail;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The extension point of the security-code block: the capability that uses a {@link CodePurpose}
 * supplies one bean saying what is mailed for it. The block calls it from its process steps and
 * never looks at the capability's tables itself.
 */
public interface SecurityCodeMail {

    CodePurpose purpose();

    /** The message carrying {@code code} to a deliverable request's address. */
    OutgoingMail codeMail(CodeRequest request, String code, Duration validity);

    /** A code mail from {@code template}: every code template gets the first name, the code and its minutes. */
    static OutgoingMail codeMail(String to, String language, String template, String firstName, String code,
                                 Duration validity) {
        return new OutgoingMail(to, language, template, Map.of(
                "firstName", firstName, "code", code, "validityMinutes", validity.toMinutes()));
    }

    /**
     * Sent in the code's place when the request's address must not get one (e.g. a registration
     * for an address that already has a user: its owner is told instead). Empty: nothing is sent.
     */
    default Optional<OutgoingMail> insteadOfCode(CodeRequest request) {
        return Optional.empty();
    }

    /** Sent once the code was used (password reset: "your password was changed"). Empty: nothing. */
    default Optional<OutgoingMail> afterUse(CodeRequest request) {
        return Optional.empty();
    }
}
