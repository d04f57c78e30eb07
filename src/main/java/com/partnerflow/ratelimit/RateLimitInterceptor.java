package com.partnerflow.ratelimit;

import com.partnerflow.api.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Counts every request to a {@link RateLimitGroup} route against its source before the
 * controller runs (malformed ones too), and answers 429 with Retry-After once the source's
 * bucket is empty.
 *
 * <p>The source is {@link HttpServletRequest#getRemoteAddr()}: the peer's address, unless the
 * operator sets {@code server.forward-headers-strategy} (behind a reverse proxy), when Tomcat
 * or Spring take it from X-Forwarded-For of a trusted proxy. A client's own X-Forwarded-For is
 * never believed otherwise, so it cannot choose a fresh bucket per request.
 */
class RateLimitInterceptor implements HandlerInterceptor {

    private final SourceRateLimits limits;

    RateLimitInterceptor(SourceRateLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null) {
            RateLimitGroup.of(request.getMethod(), pattern.toString()).ifPresent(group ->
                    limits.tryAcquire(group, request.getRemoteAddr()).ifPresent(wait -> {
                        throw tooManyRequests(wait);
                    }));
        }
        return true;
    }

    private static ApiProblem tooManyRequests(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ApiProblem problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                "Too many requests from your address; try again in " + seconds + " seconds.",
                Map.of("retryAfterSeconds", seconds));
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return problem;
    }
}
