package com.partnerflow.registration;

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
 * What the security-code block mails for a registration: the code, in the registrant's
 * language; or, for an address that already has a user, a notice to that user instead.
 */
@Component
class RegistrationCodeMail implements SecurityCodeMail {

    private final RegistrationRepository registrations;
    private final JdbcClient jdbc;

    RegistrationCodeMail(RegistrationRepository registrations, JdbcClient jdbc) {
        this.registrations = registrations;
        this.jdbc = jdbc;
    }

    @Override
    public CodePurpose purpose() {
        return CodePurpose.REGISTRATION;
    }

    @Override
    public OutgoingMail codeMail(CodeRequest request, String code, Duration validity) {
        Registration registration = registrations.find(request.id()).orElseThrow();
        return SecurityCodeMail.codeMail(registration.email(), registration.language(), "security-code",
                registration.firstName(), code, validity);
    }

    /** "Someone tried to register with your address": the owner learns of it, the registrant of nothing. */
    @Override
    public Optional<OutgoingMail> insteadOfCode(CodeRequest request) {
        return jdbc.sql("SELECT first_name, language FROM partner_user WHERE email = ? AND status <> 'REMOVED'")
                .param(request.email()).query().listOfRows().stream().findFirst()
                .map(owner -> new OutgoingMail(request.email(), (String) owner.get("language"),
                        "registration-attempt", Map.of("firstName", owner.get("first_name"),
                                "email", request.email())));
    }
}
