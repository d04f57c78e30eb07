package com.partnerflow.config;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The staff groups of the domain, created at start-up if missing; the first admin joins process-admins. */
@Component
public class StaffGroups {

    public static final String PROCESS_ADMINS = "process-admins";
    public static final String SUPPORT_AGENTS = "support-agents";

    private static final Logger log = LoggerFactory.getLogger(StaffGroups.class);

    private final IdentityService identityService;
    private final CamundaBpmProperties camunda;

    public StaffGroups(IdentityService identityService, CamundaBpmProperties camunda) {
        this.identityService = identityService;
        this.camunda = camunda;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void ensureGroups() {
        ensureGroup(PROCESS_ADMINS, "Process admins");
        ensureGroup(SUPPORT_AGENTS, "Support agents");
        var admin = camunda.getAdminUser();
        if (admin != null && admin.getId() != null
                && identityService.createUserQuery().userId(admin.getId()).count() == 1
                && identityService.createUserQuery().userId(admin.getId()).memberOfGroup(PROCESS_ADMINS).count() == 0) {
            identityService.createMembership(admin.getId(), PROCESS_ADMINS);
            log.info("Added first admin '{}' to group {}", admin.getId(), PROCESS_ADMINS);
        }
    }

    private void ensureGroup(String id, String name) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created staff group {}", id);
        }
    }
}
