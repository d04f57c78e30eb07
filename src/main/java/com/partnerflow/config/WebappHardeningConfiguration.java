package com.partnerflow.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ProductPropertiesUtil;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Two gaps Camunda's webapps leave open, closed in front of them (registered before Camunda's
 * own webapp filters, so they wrap them).
 */
@Configuration
public class WebappHardeningConfiguration {

    @Bean
    FilterRegistrationBean<PluginApiAccessFilter> webappPluginApiAccess(CamundaBpmProperties camunda) {
        String root = camunda.getWebapp().getApplicationPath();
        var registration = new FilterRegistrationBean<>(new PluginApiAccessFilter(root));
        registration.setName("webapp-plugin-api-access");
        registration.addUrlPatterns(root + "/api/cockpit/plugin/*", root + "/api/admin/plugin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AdminOnlyEngineApiFilter> webappAdminOnlyEngineApi(CamundaBpmProperties camunda) {
        String root = camunda.getWebapp().getApplicationPath();
        var registration = new FilterRegistrationBean<>(new AdminOnlyEngineApiFilter(root));
        registration.setName("webapp-admin-only-engine-api");
        registration.addUrlPatterns(root + "/api/engine/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<HiddenVersionFilter> webappHiddenVersion(CamundaBpmProperties camunda) {
        var registration = new FilterRegistrationBean<>(new HiddenVersionFilter());
        registration.setName("webapp-hidden-version");
        registration.addUrlPatterns(camunda.getWebapp().getApplicationPath() + "/app/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * Cockpit's (and Admin's) plugin API answers every logged-in webapp user, whichever app they
     * may use: Camunda checks only that the session is logged in. A support agent's Tasklist
     * session could so read {@code …/api/cockpit/plugin/base/default/process-definition/statistics}
     * (instance and incident counts of every process), {@code …/incident} and the like. Here the
     * session must be allowed into the app the plugin belongs to. Plugin assets
     * ({@code …/plugin/{plugin}/static/…}) stay public, as the login page needs them.
     */
    static class PluginApiAccessFilter extends OncePerRequestFilter {

        private final String root;

        PluginApiAccessFilter(String root) {
            this.root = root;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // {root}/api/{app}/plugin/{plugin}/{engine or "static"}/…
            String path = request.getRequestURI().substring(request.getContextPath().length() + root.length());
            String[] parts = path.split("/");
            if (parts.length < 6 || parts[5].equals("static")) {
                chain.doFilter(request, response);
                return;
            }
            passIfAllowedInto(parts[2], parts[5], request, response, chain);
        }
    }

    /** Passes the request on when its webapp session may use {@code app} on {@code engine}: else 401 or 403. */
    static void passIfAllowedInto(String app, String engine, HttpServletRequest request, HttpServletResponse response,
                                  FilterChain chain) throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication authentication = session == null ? null
                : AuthenticationUtil.getAuthsFromSession(session).getAuthenticationForProcessEngine(engine);
        if (authentication == null) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        } else if (authentication instanceof UserAuthentication user && user.isAuthorizedForApp(app)) {
            chain.doFilter(request, response);
        } else {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
        }
    }

    /**
     * The webapps' engine API ({@code {root}/api/engine/engine/{engine}/…}) answers any logged-in
     * webapp user, and for {@link AdminOnlyEngineResources} the engine checks nothing of its own
     * for jobs without a process: there the session must be allowed into Cockpit, as process
     * admins are and support agents are not.
     */
    static class AdminOnlyEngineApiFilter extends OncePerRequestFilter {

        private final String root;

        AdminOnlyEngineApiFilter(String root) {
            this.root = root;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // {root}/api/engine/engine/{engine}/{resource}…
            String path = request.getRequestURI().substring(request.getContextPath().length() + root.length());
            String[] parts = path.split("/", 6);
            if (parts.length < 6 || !AdminOnlyEngineResources.covers("/" + parts[5])) {
                chain.doFilter(request, response);
                return;
            }
            passIfAllowedInto("cockpit", parts[4], request, response, chain);
        }
    }

    /**
     * The webapps' pages (the login page included, shown to anybody) name the engine version in
     * their footer and in cache-busting parameters: an attacker's first step in choosing a known
     * weakness. The pages here carry no version; cache busting uses a token of this start instead.
     * (The script bundles themselves still hold the version string, as any static asset of a
     * given release identifies it.)
     */
    static class HiddenVersionFilter extends OncePerRequestFilter {

        private final String version = ProductPropertiesUtil.getProductVersion();
        private final String bustToken = UUID.randomUUID().toString().substring(0, 8);

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String uri = request.getRequestURI();
            String last = uri.substring(uri.lastIndexOf('/') + 1);
            if (version == null || (last.contains(".") && !last.endsWith(".html"))) {
                chain.doFilter(request, response); // scripts, styles, images: passed through unbuffered
                return;
            }
            ContentCachingResponseWrapper page = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, page);
            String type = page.getContentType();
            if (type != null && type.startsWith("text/html")) {
                Charset charset = page.getCharacterEncoding() == null ? StandardCharsets.UTF_8
                        : Charset.forName(page.getCharacterEncoding());
                String html = new String(page.getContentAsByteArray(), charset);
                String hidden = html.replace("\"v" + version + "\"", "\"\"").replace(version, bustToken);
                if (!hidden.equals(html)) {
                    page.resetBuffer();
                    page.getOutputStream().write(hidden.getBytes(charset));
                }
            }
            page.copyBodyToResponse();
        }
    }
}
