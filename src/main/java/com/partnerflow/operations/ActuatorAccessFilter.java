package com.partnerflow.operations;

import com.partnerflow.config.ProcessAdminAuthenticationProvider;
import com.partnerflow.config.StaffGroups;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may see what under {@code /actuator}, in every profile: the health status (overall,
 * liveness, readiness) is open, for load balancers and orchestrators; everything else (the
 * Prometheus scrape, health details) needs HTTP Basic credentials of a Camunda user in
 * {@value #MONITORING} (which grants nothing else), {@value StaffGroups#PROCESS_ADMINS} or
 * {@code camunda-admin}. Such a request carries the user as its principal in role
 * {@value #MONITORING}, which is what {@code management.endpoint.health.roles} asks for
 * before showing details. Without credentials anything but the status answers 401.
 */
public class ActuatorAccessFilter extends OncePerRequestFilter {

    /** The Camunda group for a scraper's user: metrics and health details, nothing in the engine. */
    public static final String MONITORING = StaffGroups.MONITORING;

    private final ObjectProvider<ProcessEngine> engine;
    private final Monitoring provider = new Monitoring();

    public ActuatorAccessFilter(ObjectProvider<ProcessEngine> engine) {
        this.engine = engine;
    }

    /** HTTP Basic against Camunda's identity service, admitting monitoring users and process admins. */
    static class Monitoring extends ProcessAdminAuthenticationProvider {
        @Override
        protected List<String> admittedGroups() {
            return List.of(MONITORING, StaffGroups.PROCESS_ADMINS, Groups.CAMUNDA_ADMIN);
        }
    }

    static boolean isOpen(String path) {
        return path.equals("/actuator/health") || path.equals("/actuator/health/liveness")
                || path.equals("/actuator/health/readiness");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            ProcessEngine processEngine = engine.getObject();
            AuthenticationResult result = provider.extractAuthenticatedUser(request, processEngine);
            if (result.isAuthenticated()) {
                chain.doFilter(new MonitoringRequest(request, result.getAuthenticatedUser()), response);
                return;
            }
        }
        if (isOpen(path)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        provider.augmentResponseByAuthenticationChallenge(response, engine.getObject());
    }

    private static final class MonitoringRequest extends HttpServletRequestWrapper {
        private final Principal principal;

        MonitoringRequest(HttpServletRequest request, String userId) {
            super(request);
            this.principal = () -> userId;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return MONITORING.equals(role);
        }
    }
}
