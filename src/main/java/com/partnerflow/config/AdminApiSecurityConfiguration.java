package com.partnerflow.config;

import java.util.regex.Pattern;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP Basic on the engine REST API and on our own staff endpoints. Out of the box /engine-rest
 * is open to anonymous callers. {@code /engine-rest} and {@code /staff} (originals of inbound
 * mail) admit process admins and support agents (each with their Camunda authorizations);
 * {@code /api/admin} only process admins.
 */
@Configuration
public class AdminApiSecurityConfiguration {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        return basicAuthentication("engine-rest-authentication", ProcessAdminAuthenticationProvider.Staff.class,
                "/engine-rest/*");
    }

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> processAdminAuthenticationFilter() {
        return basicAuthentication("process-admin-authentication", ProcessAdminAuthenticationProvider.class,
                "/api/admin/*");
    }

    /** Staff downloads (/staff/**: originals of inbound mail): support agents and process admins. */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> staffAuthenticationFilter() {
        return basicAuthentication("staff-authentication", ProcessAdminAuthenticationProvider.Staff.class,
                "/staff/*");
    }

    /** HTTP Basic on {@code urlPatterns}, every path included, admitting whom {@code provider} admits. */
    private static FilterRegistrationBean<ProcessEngineAuthenticationFilter> basicAuthentication(
            String name, Class<? extends ProcessAdminAuthenticationProvider> provider, String... urlPatterns) {
        var registration = new FilterRegistrationBean<ProcessEngineAuthenticationFilter>(
                new EveryPathAuthenticationFilter());
        registration.setName(name);
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                provider.getName());
        registration.addUrlPatterns(urlPatterns);
        return registration;
    }

    /**
     * Camunda's filter lets {@code /engine} (the list of engines) through unauthenticated; here
     * every path needs credentials, and {@code /engine} is checked against the default engine.
     */
    static class EveryPathAuthenticationFilter extends ProcessEngineAuthenticationFilter {

        private static final Pattern ENGINE_LIST = Pattern.compile("^/engine/?$");

        @Override
        protected boolean requiresEngineAuthentication(String requestUrl) {
            return true;
        }

        @Override
        protected String extractEngineName(String requestUrl) {
            return ENGINE_LIST.matcher(requestUrl).matches() ? DEFAULT_ENGINE_NAME : super.extractEngineName(requestUrl);
        }
    }
}
