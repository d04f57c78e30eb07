package com.partnerflow.certifications;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The partner programme's side of certifications (the local certification system has its own
 * settings under partnerflow.certifications.local).
 *
 * @param mergePollInterval         how often a merge case asks the certification system whether the merge is done
 * @param syncPollInterval          how often a merge case syncs the partner directory while waiting for the certifications
 * @param syncOverdueAfter          after the merge, certifications not in the directory this long alert the agents
 * @param confirmationReminderAfter the confirmation to account #2's address unanswered this long gets a reminder
 * @param confirmationCloseAfter    unanswered this long, the merge case closes
 * @param directoryRefresh          a user's certifications older than this are synced again when read
 */
@ConfigurationProperties("partnerflow.certifications")
public record CertificationSettings(
        @DefaultValue("PT1H") Duration mergePollInterval,
        @DefaultValue("PT1H") Duration syncPollInterval,
        @DefaultValue("P5D") Duration syncOverdueAfter,
        @DefaultValue("P3D") Duration confirmationReminderAfter,
        @DefaultValue("P14D") Duration confirmationCloseAfter,
        @DefaultValue("PT1H") Duration directoryRefresh) {
}
