package com.partnerflow.certifications;

import org.springframework.stereotype.Component;

/** Timer values for certification-account-merge.bpmn, from configuration: {@code ${certificationTimers.mergePollInterval()}}. */
@Component("certificationTimers")
public class CertificationTimers {

    private final CertificationSettings settings;

    public CertificationTimers(CertificationSettings settings) {
        this.settings = settings;
    }

    public String mergePollInterval() {
        return settings.mergePollInterval().toString();
    }

    public String syncPollInterval() {
        return settings.syncPollInterval().toString();
    }

    public String syncOverdueAfter() {
        return settings.syncOverdueAfter().toString();
    }

    public String confirmationReminderAfter() {
        return settings.confirmationReminderAfter().toString();
    }

    public String confirmationCloseAfter() {
        return settings.confirmationCloseAfter().toString();
    }
}
