package com.partnerflow.directory;

import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * A role that is limited per account (alliance team, ACE manager: 20 holders each) has no free
 * seat left: the database refused a further holder. Thrown by {@link PartnerDirectory#assignRole};
 * nothing was changed.
 */
public class RoleLimitReachedException extends DataIntegrityViolationException {

    private final UUID accountId;
    private final Role role;
    private final int limit;

    public RoleLimitReachedException(UUID accountId, Role role, int limit) {
        super("The account " + accountId + " already has " + limit + " users with the role " + role
                + ", the most allowed");
        this.accountId = accountId;
        this.role = role;
        this.limit = limit;
    }

    public UUID accountId() {
        return accountId;
    }

    public Role role() {
        return role;
    }

    public int limit() {
        return limit;
    }
}
