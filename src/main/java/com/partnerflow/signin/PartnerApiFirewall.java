package com.partnerflow.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security's {@link StrictHttpFirewall} for the partner API only. Spring Security's filter
 * sees every request of the application, and the strict firewall would otherwise reject, on
 * paths we do not secure, requests the Camunda webapps and the engine REST API accepted before
 * (e.g. a {@code ;jsessionid=} path parameter that Tomcat adds when cookies are not yet known).
 */
final class PartnerApiFirewall implements HttpFirewall {

    private final RequestMatcher partnerApi;
    private final StrictHttpFirewall strict = new StrictHttpFirewall();

    PartnerApiFirewall(RequestMatcher partnerApi) {
        this.partnerApi = partnerApi;
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        if (partnerApi.matches(request)) {
            return strict.getFirewalledRequest(request);
        }
        return new FirewalledRequest(request) {
            @Override
            public void reset() {
            }
        };
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
