package com.partnerflow.passwordreset;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.OutgoingMail;
import com.partnerflow.securitycode.CodePurpose;
import com.partnerflow.securitycode.CodeRequest;
import com.partnerflow.signin.UserCodeMail;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the security-code block mails for a password reset: the code, and after its use the
 * "your password was changed" notice, both in the user's language. An unknown address gets nothing.
 */
@Component
class PasswordResetCodeMail extends UserCodeMail {

    PasswordResetCodeMail(PartnerDirectory directory) {
        super(CodePurpose.PASSWORD_RESET, "password-reset-code", directory);
    }

    @Override
    public Optional<OutgoingMail> afterUse(CodeRequest request) {
        PartnerUser user = user(request);
        return Optional.of(new OutgoingMail(request.email(), user.language(), "password-changed",
                Map.of("firstName", user.firstName(), "email", request.email(),
                        "changedAt", request.completedAt().toString())));
    }
}
