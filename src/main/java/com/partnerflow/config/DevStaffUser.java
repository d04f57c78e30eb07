package com.partnerflow.config;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** A support agent to try Tasklist with, agent / agent: development only ({@code partnerflow.dev-users.enabled}). */
@Component
@DevelopmentOnly
@ConditionalOnProperty(name = "partnerflow.dev-users.enabled", havingValue = "true")
class DevStaffUser {

    static final String AGENT = "agent";

    private static final Logger log = LoggerFactory.getLogger(DevStaffUser.class);

    private final IdentityService identityService;
    private final StaffGroups staffGroups;

    DevStaffUser(IdentityService identityService, StaffGroups staffGroups) {
        this.identityService = identityService;
        this.staffGroups = staffGroups;
    }

    /** After {@link StaffGroups#ensureGroups} has made the group. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    public void ensureAgent() {
        if (identityService.createUserQuery().userId(AGENT).count() == 0) {
            User user = identityService.newUser(AGENT);
            user.setPassword(AGENT);
            user.setFirstName("Sam");
            user.setLastName("Agent");
            identityService.saveUser(user);
            log.info("Created development user '{}'", AGENT);
        }
        staffGroups.ensureMember(AGENT, StaffGroups.SUPPORT_AGENTS);
    }
}
