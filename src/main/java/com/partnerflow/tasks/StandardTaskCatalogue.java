package com.partnerflow.tasks;

import com.partnerflow.config.DevelopmentOnly;
import com.partnerflow.tasks.PartnerTasks.CatalogueEntry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The task catalogue of the guide's task pages (account, solution by stage, program), written at
 * start-up in the dev profile where {@code partnerflow.dev-seed.enabled} is true. Repeatable.
 */
@Component
public class StandardTaskCatalogue {

    private static final Logger log = LoggerFactory.getLogger(StandardTaskCatalogue.class);

    static final List<CatalogueEntry> ENTRIES = List.of(
            new CatalogueEntry("account-company-description", PartnerTaskType.ACCOUNT, null,
                    "Add a company description", "Describe your company in your partner profile (a form)."),
            new CatalogueEntry("account-assign-cloud-admin", PartnerTaskType.ACCOUNT, null,
                    "Assign the cloud admin role", "Give a user the cloud admin role to manage marketplace linking."),
            new CatalogueEntry("account-link-marketplace", PartnerTaskType.ACCOUNT, null,
                    "Link your AWS Marketplace seller account", "Link the seller account and map users to IAM roles."),
            new CatalogueEntry("solution-build-cloud-essentials", PartnerTaskType.SOLUTION, SolutionStage.BUILD,
                    "Enroll in the Cloud Essentials Knowledge Badge Readiness Path",
                    "Learn foundational cloud concepts."),
            new CatalogueEntry("solution-build-innovation-sandbox", PartnerTaskType.SOLUTION, SolutionStage.BUILD,
                    "Use APN Innovation Sandbox credits", "Offset the cost of building your solution."),
            new CatalogueEntry("solution-market-case-study", PartnerTaskType.SOLUTION, SolutionStage.MARKET,
                    "Publish a case study", "Show a customer success with your solution."),
            new CatalogueEntry("solution-sell-software-offering", PartnerTaskType.SOLUTION, SolutionStage.SELL,
                    "Create a software offering", "List your solution so AWS sellers find it (a link to begin)."),
            new CatalogueEntry("solution-grow-ace-opportunity", PartnerTaskType.SOLUTION, SolutionStage.GROW,
                    "Share an opportunity through ACE", "Co-sell with AWS."),
            new CatalogueEntry("program-well-architected", PartnerTaskType.PROGRAM, null,
                    "Enroll in the Well-Architected Partner Program", "Apply and complete the programme."),
            new CatalogueEntry("program-competency", PartnerTaskType.PROGRAM, null,
                    "Apply to a competency program", "Validate your expertise in a domain."));

    private final PartnerTasks tasks;

    public StandardTaskCatalogue(PartnerTasks tasks) {
        this.tasks = tasks;
    }

    @Transactional
    public void ensure() {
        ENTRIES.forEach(tasks::ensureCatalogueEntry);
    }

    @Component
    @DevelopmentOnly
    @ConditionalOnProperty("partnerflow.dev-seed.enabled")
    static class DevSeed {
        private final StandardTaskCatalogue catalogue;

        DevSeed(StandardTaskCatalogue catalogue) {
            this.catalogue = catalogue;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void seed() {
            catalogue.ensure();
            log.info("Partner task catalogue seeded ({} entries)", ENTRIES.size());
        }
    }
}
