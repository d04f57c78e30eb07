package com.partnerflow.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** Camunda's filter has set 401; besides the Basic challenge, say so as a problem detail like the partner API. */
    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
        super.augmentResponseByAuthenticationChallenge(response, engine);
        try {
            response.setContentType("application/problem+json");
            response.getWriter().write(UNAUTHORIZED_PROBLEM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String UNAUTHORIZED_PROBLEM = "{\"type\":\"urn:partnerflow:problem:unauthenticated\","
            + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Send HTTP Basic credentials of a process"
            + " admin.\",\"code\":\"unauthenticated\"}";
}
