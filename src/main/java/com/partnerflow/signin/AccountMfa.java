package com.partnerflow.signin;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.Permission;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account-wide MFA switch (column {@code partner_account.mfa_enabled}). */
@Service
public class AccountMfa {

    private static final Logger log = LoggerFactory.getLogger(AccountMfa.class);

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final EngineClock clock;

    AccountMfa(JdbcClient jdbc, AuditLog audit, EngineClock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param changedBy the user who last switched it, null if nobody ever did */
    public record MfaSetting(boolean enabled, Instant changedAt, UUID changedBy) {
    }

    @Transactional(readOnly = true)
    public MfaSetting setting(UUID accountId) {
        return jdbc.sql("SELECT mfa_enabled, mfa_changed_at, mfa_changed_by FROM partner_account WHERE id = ?")
                .param(accountId)
                .query((rs, n) -> new MfaSetting(rs.getBoolean(1),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(),
                        rs.getObject(3, UUID.class)))
                .single();
    }

    boolean isEnabled(UUID accountId) {
        return jdbc.sql("SELECT mfa_enabled FROM partner_account WHERE id = ?").param(accountId)
                .query(Boolean.class).single();
    }

    /**
     * Switches MFA for the caller's account. Switching to the current state changes and records nothing.
     *
     * @throws MissingPermissionException unless the caller is alliance lead or cloud admin
     */
    @Transactional
    public MfaSetting switchTo(PartnerPrincipal caller, boolean enabled, String sourceAddress) {
        caller.require(Permission.MANAGE_MFA);
        Instant now = clock.now();
        int changed = jdbc.sql("""
                UPDATE partner_account SET mfa_enabled = ?, mfa_changed_at = ?, mfa_changed_by = ?
                WHERE id = ? AND mfa_enabled <> ?""")
                .params(enabled, Timestamp.from(now), caller.userId(), caller.accountId(), enabled).update();
        if (changed == 1) {
            audit.event(enabled ? "MfaEnabled" : "MfaDisabled").by(caller.email(), caller.userId())
                    .account(caller.accountId()).from(sourceAddress).record();
            log.info("MFA {} for account {} by user {}", enabled ? "enabled" : "disabled", caller.accountId(),
                    caller.userId());
        }
        return setting(caller.accountId());
    }
}
