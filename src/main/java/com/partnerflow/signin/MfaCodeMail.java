package com.partnerflow.signin;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.securitycode.CodePurpose;
import org.springframework.stereotype.Component;

/** What the security-code block mails for an MFA sign-in: the code, in the user's language. */
@Component
class MfaCodeMail extends UserCodeMail {

    MfaCodeMail(PartnerDirectory directory) {
        super(CodePurpose.MFA_SIGN_IN, "mfa-code", directory);
    }
}
