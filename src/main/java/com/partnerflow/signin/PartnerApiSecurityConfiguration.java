package com.partnerflow.signin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;

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

    /**
     * What anybody may call without a session token. Any method: these paths have only POST
     * handlers, and another method answers {@code 405}, not a misleading {@code 401}. The OpenAPI
     * document reads the list too ({@code api.OpenApiConfiguration}); {@code /api/admin} has its
     * own HTTP Basic guard.
     */
    public static final List<String> WITHOUT_TOKEN_PATHS = List.of(
            "/api/registrations",
            "/api/registrations/**",
            "/api/sessions",
            "/api/invitations/*/registration",
            "/api/sessions/mfa",
            "/api/sessions/mfa/code",
            "/api/password-resets",
            "/api/password-resets/*/code",
            "/api/password-resets/*/completion",
            "/api/admin/**");

    static final RequestMatcher WITHOUT_TOKEN = new OrRequestMatcher(
            WITHOUT_TOKEN_PATHS.stream().<RequestMatcher>map(pattern -> path(null, pattern)).toList());

    /**
     * No Micrometer observation around each of the chain's filters, the authentication and the
     * authorization: about 8 % of the CPU a partner request spends outside its controller, for
     * timers nobody reads. Requests keep their {@code http_server_requests_seconds} series.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

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

    /** A request the firewall rejects ({@code /api/../engine-rest}, {@code %00}, ...) is bad input: {@code 400}. */
    @Bean
    WebSecurityCustomizer strictFirewallForThePartnerApiOnly(PartnerApiProblems problems) {
        return web -> web.httpFirewall(new PartnerApiFirewall(PARTNER_API)).requestRejectedHandler(problems);
    }

    /**
     * A request whose raw path is not normalised ({@code /api/../engine-rest/...}) or does not
     * start with its servlet's path as a whole segment ({@code /engine-rest;jsessionid=x/...}) is
     * refused as bad input before any filter parses it: Spring's request-path parsing, which runs
     * ahead of Spring Security's firewall for every servlet, fails on it with a server error otherwise.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> unnormalisedPathRefusal(PartnerApiProblems problems) {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (isNormalised(request.getRequestURI()) && isParseable(request)) {
                    chain.doFilter(request, response);
                } else {
                    problems.handle(request, response, new RequestRejectedException("path not normalised"));
                }
            }
        });
        registration.setName("unnormalised-path-refusal");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    private static boolean isParseable(HttpServletRequest request) {
        if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
            return true;
        }
        try {
            ServletRequestPathUtils.parseAndCache(request);
            return true;
        } catch (IllegalArgumentException unparseable) {
            return false;
        } finally {
            ServletRequestPathUtils.clearParsedRequestPath(request); // parsed again where it is needed
        }
    }

    /** No {@code .} or {@code ..} segment, plain or percent-encoded (path parameters after {@code ;} aside). */
    static boolean isNormalised(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = (parameters < 0 ? segment : segment.substring(0, parameters)).toLowerCase(Locale.ROOT)
                    .replace("%2e", ".");
            if (name.equals(".") || name.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static RequestMatcher path(HttpMethod method, String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }
}
