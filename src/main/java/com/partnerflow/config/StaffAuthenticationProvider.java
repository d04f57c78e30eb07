package com.partnerflow.config;

import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic against Camunda's identity service, admitting support agents and process admins
 * (the staff pages under /staff). Instantiated by Camunda's {@code ProcessEngineAuthenticationFilter} by class name.
 */
public class StaffAuthenticationProvider extends HttpBasicAuthenticationProvider {

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
        if (!result.isAuthenticated()) {
            return result;
        }
        long staffGroups = engine.getIdentityService().createGroupQuery()
                .groupMember(result.getAuthenticatedUser())
                .groupIdIn(StaffGroups.SUPPORT_AGENTS, StaffGroups.PROCESS_ADMINS, Groups.CAMUNDA_ADMIN)
                .count();
        return staffGroups > 0 ? result : AuthenticationResult.unsuccessful(result.getAuthenticatedUser());
    }
}
