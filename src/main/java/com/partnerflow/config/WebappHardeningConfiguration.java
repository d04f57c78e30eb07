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
import java.util.function.Function;
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
    FilterRegistrationBean<AppAccessFilter> webappPluginApiAccess(CamundaBpmProperties camunda) {
        String root = camunda.getWebapp().getApplicationPath();
        return registration(new AppAccessFilter(root, WebappHardeningConfiguration::pluginApiNeeds),
                "webapp-plugin-api-access", root + "/api/cockpit/plugin/*", root + "/api/admin/plugin/*");
    }

    @Bean
    FilterRegistrationBean<AppAccessFilter> webappAdminOnlyEngineApi(CamundaBpmProperties camunda) {
        String root = camunda.getWebapp().getApplicationPath();
        return registration(new AppAccessFilter(root, WebappHardeningConfiguration::adminOnlyEngineApiNeeds),
                "webapp-admin-only-engine-api", root + "/api/engine/*");
    }

    @Bean
    FilterRegistrationBean<HiddenVersionFilter> webappHiddenVersion(CamundaBpmProperties camunda) {
        return registration(new HiddenVersionFilter(), "webapp-hidden-version",
                camunda.getWebapp().getApplicationPath() + "/app/*");
    }

    /** Before Camunda's own webapp filters, so it wraps them. */
    private static <F extends OncePerRequestFilter> FilterRegistrationBean<F> registration(F filter, String name,
                                                                                       String... urlPatterns) {
        var registration = new FilterRegistrationBean<>(filter);
        registration.setName(name);
        registration.addUrlPatterns(urlPatterns);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** The webapp a request's session must be allowed into, on which engine. */
    record AppOnEngine(String app, String engine) {
    }

    /**
     * Cockpit's (and Admin's) plugin API answers every logged-in webapp user, whichever app they
     * may use: Camunda checks only that the session is logged in. A support agent's Tasklist
     * session could so read {@code …/api/cockpit/plugin/base/default/process-definition/statistics}
     * (instance and incident counts of every process), {@code …/incident} and the like. Here the
     * session must be allowed into the app the plugin belongs to. Plugin assets
     * ({@code …/plugin/{plugin}/static/…}) stay public, as the login page needs them.
     */
    static AppOnEngine pluginApiNeeds(String path) {
        // {root}/api/{app}/plugin/{plugin}/{engine or "static"}/…
        String[] parts = path.split("/");
        return parts.length < 6 || parts[5].equals("static") ? null : new AppOnEngine(parts[2], parts[5]);
    }

    /**
     * The webapps' engine API ({@code {root}/api/engine/engine/{engine}/…}) answers any logged-in
     * webapp user, and for {@link AdminOnlyEngineResources} the engine checks nothing of its own
     * for jobs without a process: there the session must be allowed into Cockpit, as process
     * admins are and support agents are not.
     */
    static AppOnEngine adminOnlyEngineApiNeeds(String path) {
        // {root}/api/engine/engine/{engine}/{resource}…
        String[] parts = path.split("/", 6);
        return parts.length < 6 || !AdminOnlyEngineResources.covers("/" + parts[5]) ? null
                : new AppOnEngine("cockpit", parts[4]);
    }

    /**
     * Passes a webapp API request on when its webapp session may use the app that {@code needs}
     * reads from the path below the webapp root (null: no check): else 401 or 403.
     */
    static class AppAccessFilter extends OncePerRequestFilter {

        private final String root;
        private final Function<String, AppOnEngine> needs;

        AppAccessFilter(String root, Function<String, AppOnEngine> needs) {
            this.root = root;
            this.needs = needs;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI().substring(request.getContextPath().length() + root.length());
            AppOnEngine needed = needs.apply(path);
            if (needed == null) {
                chain.doFilter(request, response);
                return;
            }
            HttpSession session = request.getSession(false);
            Authentication authentication = session == null ? null
                    : AuthenticationUtil.getAuthsFromSession(session).getAuthenticationForProcessEngine(needed.engine());
            if (authentication == null) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            } else if (authentication instanceof UserAuthentication user && user.isAuthorizedForApp(needed.app())) {
                chain.doFilter(request, response);
            } else {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
            }
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
