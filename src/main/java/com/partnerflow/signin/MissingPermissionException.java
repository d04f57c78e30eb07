package com.partnerflow.signin;

import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;

/**
 * Thrown by partner API code when the caller lacks a permission; answered with {@code 403}
 * problem details naming {@link #permission()} (e.g. "ASSIGN_CLOUD_ADMIN (held by ALLIANCE_LEAD, CLOUD_ADMIN)").
 */
public class MissingPermissionException extends AccessDeniedException {

    private final String permission;

    public MissingPermissionException(String permission) {
        super("Missing permission: " + permission);
        this.permission = permission;
    }

    public static MissingPermissionException of(Permission permission) {
        return new MissingPermissionException(permission.name() + " (held by "
                + permission.grantedTo().stream().map(Role::name).collect(Collectors.joining(", ")) + ")");
    }

    public String permission() {
        return permission;
    }
}
