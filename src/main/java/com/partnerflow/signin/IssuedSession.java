package com.partnerflow.signin;

import java.time.Instant;
import java.util.UUID;

/** A freshly issued session: the only moment the bearer token exists in clear. */
public record IssuedSession(UUID sessionId, String token, Instant expiresAt, PartnerPrincipal principal) {

    @Override
    public String toString() { // keeps the token out of any log or error message
        return "IssuedSession[sessionId=" + sessionId + ", token=HIDDEN, expiresAt=" + expiresAt
                + ", userId=" + principal.userId() + "]";
    }
}
