package com.partnerflow.support;

import java.util.UUID;
import org.springframework.http.HttpHeaders;

/** A partner user registered through the real registration process, and a bearer token of theirs. */
public record SignedInUser(UUID userId, UUID accountId, String email, String token) {

    /** Headers carrying {@code Authorization: Bearer <token>}, for TestRestTemplate exchanges. */
    public HttpHeaders bearer() {
        return IntegrationTestBase.bearer(token);
    }
}
