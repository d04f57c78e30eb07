package com.partnerflow.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic against Camunda's identity service, admitting only members of
 * {@value StaffGroups#PROCESS_ADMINS} (or Camunda's own {@code camunda-admin}): our staff
 * endpoints under {@code /api/admin}. Instantiated by Camunda's
 * {@code ProcessEngineAuthenticationFilter} by class name.
 */
public class ProcessAdminAuthenticationProvider extends HttpBasicAuthenticationProvider {

    /** The groups whose members get in; what each may do then is up to Camunda's authorizations. */
    protected List<String> admittedGroups() {
        return List.of(StaffGroups.PROCESS_ADMINS, Groups.CAMUNDA_ADMIN);
    }

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
        if (!result.isAuthenticated()) {
            return result;
        }
        return isMember(engine, result.getAuthenticatedUser(), admittedGroups().toArray(String[]::new)) ? result
                : AuthenticationResult.unsuccessful(result.getAuthenticatedUser());
    }

    /**
     * Engine REST ({@code /engine-rest}): process admins and support agents. Agents then hold
     * exactly their Tasklist rights, because the engine checks its authorizations on every call
     * (see {@link StaffGroups}).
     */
    public static class Staff extends ProcessAdminAuthenticationProvider {
        @Override
        protected List<String> admittedGroups() {
            return List.of(StaffGroups.PROCESS_ADMINS, Groups.CAMUNDA_ADMIN, StaffGroups.SUPPORT_AGENTS);
        }

        /** Agents, though admitted, do not reach {@link AdminOnlyEngineResources}. */
        @Override
        public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
            AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
            String path = request.getRequestURI().substring(request.getContextPath().length());
            path = path.startsWith("/engine-rest") ? path.substring("/engine-rest".length()) : path;
            if (result.isAuthenticated() && AdminOnlyEngineResources.covers(path)
                    && !isMember(engine, result.getAuthenticatedUser(), StaffGroups.PROCESS_ADMINS, Groups.CAMUNDA_ADMIN)) {
                return AuthenticationResult.unsuccessful(result.getAuthenticatedUser());
            }
            return result;
        }
    }

    static boolean isMember(ProcessEngine engine, String userId, String... groups) {
        return engine.getIdentityService().createGroupQuery().groupMember(userId).groupIdIn(groups).count() > 0;
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
            + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Send HTTP Basic credentials of a staff"
            + " user allowed here.\",\"code\":\"unauthenticated\"}";
}
