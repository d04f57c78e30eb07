package com.partnerflow.config;

import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic against Camunda's identity service, admitting only members of
 * {@value StaffGroups#PROCESS_ADMINS} (or Camunda's own {@code camunda-admin}). Instantiated by
 * Camunda's {@code ProcessEngineAuthenticationFilter} by class name.
 */
public class ProcessAdminAuthenticationProvider extends HttpBasicAuthenticationProvider {

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
        if (!result.isAuthenticated()) {
            return result;
        }
        long adminGroups = engine.getIdentityService().createGroupQuery()
                .groupMember(result.getAuthenticatedUser())
                .groupIdIn(StaffGroups.PROCESS_ADMINS, Groups.CAMUNDA_ADMIN)
                .count();
        return adminGroups > 0 ? result : AuthenticationResult.unsuccessful(result.getAuthenticatedUser());
    }
}
