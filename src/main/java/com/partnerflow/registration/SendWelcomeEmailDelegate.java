package com.partnerflow.registration;

import com.partnerflow.directory.PartnerAccount;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * <p>Serves {@code Task_SendWelcomeEmail} (partner-registration).
 */
@Component("sendWelcomeEmailDelegate")
public class SendWelcomeEmailDelegate implements JavaDelegate {

    private final RegistrationRepository registrations;
    private final PartnerDirectory directory;
    private final MailService mail;

    public SendWelcomeEmailDelegate(RegistrationRepository registrations, PartnerDirectory directory,
                                    MailService mail) {
        this.registrations = registrations;
        this.directory = directory;
        this.mail = mail;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID registrationId = UUID.fromString((String) execution.getVariable(RegistrationProcess.REGISTRATION_ID));
        Registration registration = registrations.find(registrationId).orElseThrow();
        PartnerUser user = directory.findUser(registration.userId()).orElseThrow();
        String company = directory.findAccount(user.accountId()).map(PartnerAccount::legalName).orElseThrow();
        mail.send(new OutgoingMail(user.email(), user.language(), "welcome", Map.of(
                "firstName", user.firstName(),
                "companyName", company,
                "allianceLead", user.roles().contains(Role.ALLIANCE_LEAD))));
    }
}
