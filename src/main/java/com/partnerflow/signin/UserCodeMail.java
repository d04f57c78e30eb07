package com.partnerflow.signin;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.OutgoingMail;
import com.partnerflow.securitycode.CodePurpose;
import com.partnerflow.securitycode.CodeRequest;
import com.partnerflow.securitycode.SecurityCodeMail;
import java.time.Duration;

/**
 * The {@link SecurityCodeMail} of a purpose whose codes go to an existing partner user (MFA
 * sign-in, password reset): the code template, mailed to the request's user in their language.
 */
public abstract class UserCodeMail implements SecurityCodeMail {

    private final CodePurpose purpose;
    private final String template;
    private final PartnerDirectory directory;

    protected UserCodeMail(CodePurpose purpose, String template, PartnerDirectory directory) {
        this.purpose = purpose;
        this.template = template;
        this.directory = directory;
    }

    @Override
    public final CodePurpose purpose() {
        return purpose;
    }

    @Override
    public final OutgoingMail codeMail(CodeRequest request, String code, Duration validity) {
        PartnerUser user = user(request);
        return SecurityCodeMail.codeMail(request.email(), user.language(), template, user.firstName(), code, validity);
    }

    /** The partner user the request is for. */
    protected PartnerUser user(CodeRequest request) {
        return directory.findUser(request.userId()).orElseThrow();
    }
}
