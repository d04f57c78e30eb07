package com.partnerflow.signin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security for the partner API ({@code /api/**}) only: stateless, bearer session tokens.
 * Every other path (Camunda webapps, engine REST, dev mailbox, actuator) is untouched by Spring
 * Security: with this chain Spring Boot's default chain backs off, and the application excludes
 * {@code UserDetailsServiceAutoConfiguration} so no default user (and password) is generated.
 * {@code /api/admin/**} passes here and is guarded by Camunda's HTTP Basic filter
 * ({@code config.AdminApiSecurityConfiguration}), which runs after this chain.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
public class PartnerApiSecurityConfiguration {

    static final RequestMatcher PARTNER_API = path(null, "/api/**");

    /** What anybody may call without a session token. */
    static final RequestMatcher WITHOUT_TOKEN = new OrRequestMatcher(
            path(null, "/api/registrations"),
            path(null, "/api/registrations/**"),
            path(HttpMethod.POST, "/api/sessions"),
            path(HttpMethod.POST, "/api/invitations/*/registration"),
            path(null, "/api/admin/**"));

    @Bean
    SecurityFilterChain partnerApiSecurity(HttpSecurity http, PartnerSessions sessions, PartnerApiProblems problems)
            throws Exception {
        AuthenticationFilter bearer = new AuthenticationFilter(
                new ProviderManager(new SessionTokenAuthentication.Provider(sessions)),
                new SessionTokenAuthentication.Converter());
        // A stale token must not stand in the way of signing in again or of registering.
        bearer.setRequestMatcher(new NegatedRequestMatcher(WITHOUT_TOKEN));
        bearer.setSuccessHandler((request, response, authentication) -> { }); // carry on down the chain
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));

        return http.securityMatcher(PARTNER_API)
                .csrf(csrf -> csrf.disable()) // no cookies: a bearer token cannot be sent by a foreign site
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(bearer, AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(WITHOUT_TOKEN).permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    @Bean
    WebSecurityCustomizer strictFirewallForThePartnerApiOnly() {
        return web -> web.httpFirewall(new PartnerApiFirewall(PARTNER_API));
    }

    private static RequestMatcher path(HttpMethod method, String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }
}
