package com.partnerflow.passwordreset;

import com.partnerflow.mail.OutgoingMail;
import com.partnerflow.securitycode.CodePurpose;
import com.partnerflow.securitycode.CodeRequest;
import com.partnerflow.securitycode.SecurityCodeMail;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the security-code block mails for a password reset: the code, and after its use the
 * "your password was changed" notice, both in the user's language. An unknown address gets nothing.
 */
@Component
class PasswordResetCodeMail implements SecurityCodeMail {

    private final JdbcClient jdbc;

    PasswordResetCodeMail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public CodePurpose purpose() {
        return CodePurpose.PASSWORD_RESET;
    }

    @Override
    public OutgoingMail codeMail(CodeRequest request, String code, Duration validity) {
        Map<String, Object> user = user(request);
        return new OutgoingMail(request.email(), (String) user.get("language"), "password-reset-code", Map.of(
                "firstName", user.get("first_name"), "code", code, "validityMinutes", validity.toMinutes()));
    }

    @Override
    public Optional<OutgoingMail> afterUse(CodeRequest request) {
        Map<String, Object> user = user(request);
        return Optional.of(new OutgoingMail(request.email(), (String) user.get("language"), "password-changed",
                Map.of("firstName", user.get("first_name"), "email", request.email(),
                        "changedAt", request.completedAt().toString())));
    }

    private Map<String, Object> user(CodeRequest request) {
        return jdbc.sql("SELECT first_name, language FROM partner_user WHERE id = ?")
                .param(request.userId()).query().singleRow();
    }
}
