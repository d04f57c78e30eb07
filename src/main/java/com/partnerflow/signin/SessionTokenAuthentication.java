package com.partnerflow.signin;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationConverter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * The bearer token of a request, not yet checked. {@link Converter} reads it from
 * {@code Authorization: Bearer <token>}; {@link Provider} turns it into a {@link PartnerAuthentication}.
 */
final class SessionTokenAuthentication extends AbstractAuthenticationToken {

    private static final String BEARER = "Bearer ";

    private String token;

    private SessionTokenAuthentication(String token) {
        super(List.of());
        this.token = token;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    @Override
    public void eraseCredentials() {
        token = null;
        super.eraseCredentials();
    }

    static boolean hasBearerHeader(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    /** No bearer header: no authentication attempt (the request stays anonymous). */
    static final class Converter implements AuthenticationConverter {
        @Override
        public Authentication convert(HttpServletRequest request) {
            if (!hasBearerHeader(request)) {
                return null;
            }
            String token = request.getHeader(HttpHeaders.AUTHORIZATION).substring(BEARER.length()).trim();
            if (token.isEmpty()) {
                throw new BadCredentialsException("Empty bearer token");
            }
            return new SessionTokenAuthentication(token);
        }
    }

    static final class Provider implements AuthenticationProvider {

        private final PartnerSessions sessions;

        Provider(PartnerSessions sessions) {
            this.sessions = sessions;
        }

        @Override
        public Authentication authenticate(Authentication authentication) throws AuthenticationException {
            String token = (String) authentication.getCredentials();
            return sessions.authenticate(token)
                    .map(s -> new PartnerAuthentication(s.principal(), s.sessionId()))
                    .orElseThrow(() -> new BadCredentialsException("Unknown, expired or revoked session token"));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return SessionTokenAuthentication.class.isAssignableFrom(authentication);
        }
    }
}
