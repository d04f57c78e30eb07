package com.partnerflow.certifications.system;

import com.partnerflow.config.DevelopmentOnly;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Development only (partnerflow.certifications.local.seed-dev-data): certification accounts for
 * the README's walkthrough company northwind.example — Alice holds a business-address account and an
 * old personal one (the pair to merge), Bob one of each too. Created once; left alone afterwards.
 */
@Component
@DevelopmentOnly
@ConditionalOnProperty(name = "partnerflow.certifications.local.seed-dev-data", havingValue = "true")
public class DevCertificationSeed {

    private static final Logger log = LoggerFactory.getLogger(DevCertificationSeed.class);

    private final LocalCertificationSystem system;

    public DevCertificationSeed(LocalCertificationSystem system) {
        this.system = system;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void seed() {
        if (system.findAccount("alice@northwind.example").isPresent()) {
            return;
        }
        system.createAccount("alice@northwind.example", "AWS Builder ID", "Alice Lead");
        system.addExam("alice@northwind.example", "CLF-C02", "AWS Certified Cloud Practitioner", day(2024, 3, 12), day(2027, 3, 12));
        system.createAccount("alice.personal@gmail.com", "Amazon.com account", "Alice Lead");
        system.addExam("alice.personal@gmail.com", "SAA-C03", "AWS Certified Solutions Architect – Associate", day(2023, 6, 1), day(2026, 6, 1));
        system.addExam("alice.personal@gmail.com", "DVA-C02", "AWS Certified Developer – Associate", day(2024, 9, 20), day(2027, 9, 20));
        system.createAccount("bob@northwind.example", "AWS Builder ID", "Bob Builder");
        system.addExam("bob@northwind.example", "CLF-C02", "AWS Certified Cloud Practitioner", day(2025, 1, 15), day(2028, 1, 15));
        system.createAccount("bob.home@outlook.com", "Amazon.com account", "Bob Builder");
        system.addExam("bob.home@outlook.com", "SCS-C02", "AWS Certified Security – Specialty", day(2024, 11, 2), day(2027, 11, 2));
        log.info("Seeded the local certification system: alice@northwind.example, alice.personal@gmail.com, "
                + "bob@northwind.example, bob.home@outlook.com");
    }

    private static Instant day(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
