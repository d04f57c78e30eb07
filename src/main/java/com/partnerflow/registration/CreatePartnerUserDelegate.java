package com.partnerflow.registration;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.Role;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first registrant of a domain creates the partner account and becomes its alliance lead;
 * later registrants of the domain join it as standard users.
 * <p>Serves {@code Task_CreatePartnerUser} (partner-registration).
 */
@Component("createPartnerUserDelegate")
public class CreatePartnerUserDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(CreatePartnerUserDelegate.class);
    private static final String ACTOR = "partner-registration";

    private final RegistrationRepository registrations;
    private final PartnerDirectory directory;
    private final AuditLog audit;

    public CreatePartnerUserDelegate(RegistrationRepository registrations, PartnerDirectory directory,
                                     AuditLog audit) {
        this.registrations = registrations;
        this.directory = directory;
        this.audit = audit;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID registrationId = UUID.fromString((String) execution.getVariable(RegistrationProcess.REGISTRATION_ID));
        Registration r = registrations.find(registrationId).orElseThrow();
        String legalName = r.companyName() != null ? r.companyName() : r.domain();
        PartnerDirectory.AccountForDomain account = directory.findOrCreateAccount(r.domain(), legalName);
        UUID userId = directory.createUser(account.accountId(),
                new NewUser(r.email(), r.firstName(), r.lastName(), r.passwordHash(), r.language()));
        Role role = account.created() ? Role.ALLIANCE_LEAD : Role.STANDARD_USER;
        directory.assignRole(account.accountId(), userId, role, ACTOR);
        registrations.complete(registrationId, userId);

        if (account.created()) {
            audit.record("PartnerAccountCreated", r.email(), account.accountId(), r.domain(), r.sourceAddress(),
                    Map.of("legalName", legalName, "domain", r.domain()));
        }
        audit.record("UserRegistered", r.email(), account.accountId(), r.email(), r.sourceAddress(),
                Map.of("userId", userId.toString(), "registrationId", registrationId.toString()));
        audit.record("RoleAssigned", ACTOR, account.accountId(), r.email(), r.sourceAddress(),
                Map.of("userId", userId.toString(), "role", role.name()));
        log.info("Registration {} completed: user {} {} account {} as {}", registrationId, userId,
                account.created() ? "created" : "joined", account.accountId(), role);
    }
}
