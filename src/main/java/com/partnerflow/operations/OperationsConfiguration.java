package com.partnerflow.operations;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.mail.MailHealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Request ids, who may read /actuator, and the outgoing mail server's health check. */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** First of all filters, so that every line of a request, Spring Security's too, carries its id. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setName("request-id");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ActuatorAccessFilter> actuatorAccessFilter(ObjectProvider<ProcessEngine> engine) {
        var registration = new FilterRegistrationBean<>(new ActuatorAccessFilter(engine));
        registration.setName("actuator-access");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/actuator", "/actuator/*");
        return registration;
    }

    /**
     * Health contributor "mail" (Spring Boot's own backs off for this bean name): Spring's SMTP
     * connection test, bounded by the mail.smtp timeouts of application.yml (5 s), and its answer
     * kept for {@code partnerflow.metrics.mail-health-cache} (30 s) so probes do not each connect.
     */
    @Bean
    org.springframework.boot.actuate.health.HealthIndicator mailHealthIndicator(JavaMailSenderImpl sender,
            @org.springframework.beans.factory.annotation.Value("${partnerflow.metrics.mail-health-cache:PT30S}")
            Duration cache) {
        return new CachedHealthIndicator(new MailHealthIndicator(sender), cache, Clock.systemUTC());
    }
}
