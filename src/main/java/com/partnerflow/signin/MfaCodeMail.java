package com.partnerflow.signin;

import com.partnerflow.mail.OutgoingMail;
import com.partnerflow.securitycode.CodePurpose;
import com.partnerflow.securitycode.CodeRequest;
import com.partnerflow.securitycode.SecurityCodeMail;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What the security-code block mails for an MFA sign-in: the code, in the user's language. */
@Component
class MfaCodeMail implements SecurityCodeMail {

    private final JdbcClient jdbc;

    MfaCodeMail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public CodePurpose purpose() {
        return CodePurpose.MFA_SIGN_IN;
    }

    @Override
    public OutgoingMail codeMail(CodeRequest request, String code, Duration validity) {
        Map<String, Object> user = jdbc.sql("SELECT first_name, language FROM partner_user WHERE id = ?")
                .param(request.userId()).query().singleRow();
        return new OutgoingMail(request.email(), (String) user.get("language"), "mfa-code", Map.of(
                "firstName", user.get("first_name"), "code", code, "validityMinutes", validity.toMinutes()));
    }
}
