package com.partnerflow.signin;

import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller authenticated by a live session: the principal is the {@link PartnerPrincipal}; each
 * partner role is an authority {@code ROLE_<role>}, so {@code hasRole('ALLIANCE_LEAD')} works.
 * Holds no credentials: the token is not kept past the lookup.
 */
public final class PartnerAuthentication extends AbstractAuthenticationToken {

    private final PartnerPrincipal principal;
    private final UUID sessionId;

    PartnerAuthentication(PartnerPrincipal principal, UUID sessionId) {
        super(principal.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
        this.principal = principal;
        this.sessionId = sessionId;
        setAuthenticated(true);
    }

    @Override
    public PartnerPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return principal.userId().toString();
    }

    public UUID sessionId() {
        return sessionId;
    }
}
