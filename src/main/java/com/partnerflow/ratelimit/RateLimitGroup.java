package com.partnerflow.ratelimit;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints a caller can use to guess credentials or to make us send mail, grouped: each
 * group has one bucket per source address, sized under {@code partnerflow.rate-limits.<key>}.
 * A route is the HTTP method and the controller's path pattern, as Spring MVC matched it.
 */
public enum RateLimitGroup {

    /** Password guesses, and the second (MFA code) step of signing in. */
    SIGN_IN("sign-in", "POST /api/sessions", "POST /api/sessions/mfa"),
    /** Starting a registration (mails a code) and entering its code. */
    REGISTRATION("registration", "POST /api/registrations", "POST /api/registrations/{id}/verification"),
    /** Starting a password reset (mails a code) and entering its code with the new password. */
    PASSWORD_RESET("password-reset", "POST /api/password-resets", "POST /api/password-resets/{id}/completion"),
    /** Every "send me a new code" request. */
    CODE_REQUESTS("code-requests", "POST /api/sessions/mfa/code", "POST /api/registrations/{id}/code",
            "POST /api/password-resets/{id}/code");

    private final String key;
    private final List<String> routes;

    RateLimitGroup(String key, String... routes) {
        this.key = key;
        this.routes = List.of(routes);
    }

    /** The name in the configuration and in the bucket keys. */
    public String key() {
        return key;
    }

    public List<String> routes() {
        return routes;
    }

    static Optional<RateLimitGroup> of(String method, String pathPattern) {
        String route = method + " " + pathPattern;
        return Arrays.stream(values()).filter(group -> group.routes.contains(route)).findFirst();
    }
}
