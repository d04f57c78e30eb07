package com.partnerflow.signin;

import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import java.util.List;
import java.util.UUID;

/**
 * The partner user calling the partner API, as read from their session on every request (so a
 * role change takes effect on the caller's next request). Controllers receive it with
 * {@code @AuthenticationPrincipal PartnerPrincipal caller}.
 */
public record PartnerPrincipal(UUID userId, UUID accountId, String email, String firstName, String lastName,
                               List<Role> roles) {

    public boolean has(Permission permission) {
        return permission.isGrantedToAnyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * Refuses the call with {@code 403} naming the permission and the roles that hold it.
     *
     * @throws MissingPermissionException when the caller's roles do not grant the permission
     */
    public void require(Permission permission) {
        if (!has(permission)) {
            throw MissingPermissionException.of(permission);
        }
    }
}
