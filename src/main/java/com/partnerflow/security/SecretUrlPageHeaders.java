package com.partnerflow.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The header policy of pages whose URL is the secret ({@link SecretUrlPage}): no caching, no
 * Referer to anywhere, no indexing, and no framing, so another site cannot trick a click on the
 * page's buttons. Set before any other interceptor runs, so that a refusal by one of them (bad
 * input) carries the headers too.
 */
@Configuration(proxyBeanMethods = false)
public class SecretUrlPageHeaders implements WebMvcConfigurer {

    static final Map<String, String> HEADERS = headers();

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Robots-Tag", "noindex, nofollow");
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        return Map.copyOf(headers);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (handler instanceof HandlerMethod method && method.getBeanType().isAnnotationPresent(SecretUrlPage.class)) {
                    HEADERS.forEach(response::setHeader);
                }
                return true;
            }
        }).order(Ordered.HIGHEST_PRECEDENCE);
    }
}
