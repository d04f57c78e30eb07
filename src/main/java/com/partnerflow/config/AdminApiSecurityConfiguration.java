package com.partnerflow.config;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine REST API (and our own staff endpoints under /api/admin) answer only to process
 * admins. Out of the box /engine-rest is open to anonymous callers. /staff answers to support
 * agents and process admins.
 */
@Configuration
public class AdminApiSecurityConfiguration {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> processAdminAuthenticationFilter() {
        var registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("process-admin-authentication");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                ProcessAdminAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*", "/api/admin/*");
        return registration;
    }

    /** Staff downloads (/staff/**: originals of inbound mail): support agents and process admins. */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> staffAuthenticationFilter() {
        var registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("staff-authentication");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                StaffAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/staff/*");
        return registration;
    }
}
