package com.partnerflow.signin;

import org.springframework.security.access.AccessDeniedException;

/**
 * Thrown by partner API code when the caller lacks a permission; answered with {@code 403}
 * problem details naming {@link #permission()} (e.g. "role ALLIANCE_LEAD").
 */
public class MissingPermissionException extends AccessDeniedException {

    private final String permission;

    public MissingPermissionException(String permission) {
        super("Missing permission: " + permission);
        this.permission = permission;
    }

    public String permission() {
        return permission;
    }
}
