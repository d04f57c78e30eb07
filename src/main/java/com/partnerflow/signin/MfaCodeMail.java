package com.partnerflow.signin;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.OutgoingMail;
import com.partnerflow.securitycode.CodePurpose;
import com.partnerflow.securitycode.CodeRequest;
import com.partnerflow.securitycode.SecurityCodeMail;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** What the security-code block mails for an MFA sign-in: the code, in the user's language. */
@Component
class MfaCodeMail implements SecurityCodeMail {

    private final PartnerDirectory directory;

    MfaCodeMail(PartnerDirectory directory) {
        this.directory = directory;
    }

    @Override
    public CodePurpose purpose() {
        return CodePurpose.MFA_SIGN_IN;
    }

    @Override
    public OutgoingMail codeMail(CodeRequest request, String code, Duration validity) {
        PartnerUser user = directory.findUser(request.userId()).orElseThrow();
        return SecurityCodeMail.codeMail(request.email(), user.language(), "mfa-code", user.firstName(), code, validity);
    }
}
