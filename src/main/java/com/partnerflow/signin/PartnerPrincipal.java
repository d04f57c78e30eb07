package com.partnerflow.signin;

import com.partnerflow.directory.Role;
import java.util.List;
import java.util.UUID;

/**
 * The partner user calling the partner API, as read from their session on every request.
 * Controllers receive it with {@code @AuthenticationPrincipal PartnerPrincipal caller}.
 */
public record PartnerPrincipal(UUID userId, UUID accountId, String email, String firstName, String lastName,
                               List<Role> roles) {
}
