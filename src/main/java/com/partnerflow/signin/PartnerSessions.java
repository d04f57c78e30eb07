package com.partnerflow.signin;

import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.security.SecretTokens;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions of the partner API. A token is 32 random bytes (base64url, 43 characters); only its
 * SHA-256 is stored, so the table alone cannot be used to call the API. A plain hash suffices
 * (no salt, no bcrypt): the token has 256 bits of entropy, and the lookup must be by hash.
 */
@Service
public class PartnerSessions {

    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final JdbcClient jdbc;
    private final PartnerDirectory directory;
    private final EngineClock clock;
    private final SignInSettings settings;

    public PartnerSessions(JdbcClient jdbc, PartnerDirectory directory, EngineClock clock, SignInSettings settings) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.clock = clock;
        this.settings = settings;
    }

    /** A live session and whose it is. */
    public record LiveSession(UUID sessionId, PartnerPrincipal principal) {
    }

    /**
     * Issues a session for an active partner user without asking for a password: the last step
     * of sign-in, and the way tests and trusted server-side code obtain a token.
     *
     * @throws IllegalArgumentException when there is no active user with this id
     */
    @Transactional
    public IssuedSession issueFor(UUID userId) {
        return issueFor(userId, null);
    }

    @Transactional
    public IssuedSession issueFor(UUID userId, String sourceAddress) {
        PartnerPrincipal principal = activePrincipal(userId)
                .orElseThrow(() -> new IllegalArgumentException("No active partner user " + userId));
        String token = SecretTokens.base64Url(TOKEN_BYTES);
        UUID id = UUID.randomUUID();
        Instant now = clock.now();
        Instant expiresAt = now.plus(settings.sessionValidity());
        jdbc.sql("""
                INSERT INTO partner_session (id, token_hash, user_id, created_at, expires_at, source_address)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(id, hash(token), userId, Timestamp.from(now), Timestamp.from(expiresAt), sourceAddress)
                .update();
        return new IssuedSession(id, token, expiresAt, principal);
    }

    /**
     * The session a bearer token stands for, if it is known, neither expired nor revoked, and its
     * user is still active (deactivating a user ends their sessions at once).
     */
    @Transactional
    public Optional<LiveSession> authenticate(String token) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        Timestamp now = Timestamp.from(clock.now());
        Optional<UUID[]> session = jdbc.sql("""
                SELECT s.id, s.user_id FROM partner_session s JOIN partner_user u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.status = 'ACTIVE'""")
                .params(hash(token), now)
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .optional();
        if (session.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("UPDATE partner_session SET last_used_at = ? WHERE id = ?").params(now, session.get()[0]).update();
        return activePrincipal(session.get()[1]).map(p -> new LiveSession(session.get()[0], p));
    }

    /** Signs a session out; true if it was live until now. */
    @Transactional
    public boolean revoke(UUID sessionId) {
        return jdbc.sql("UPDATE partner_session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(clock.now()), sessionId).update() == 1;
    }

    /**
     * Ends every live session of a user at once (deactivation, removal); returns how many were
     * live. Joins the caller's transaction.
     */
    @Transactional
    public int revokeAllOf(UUID userId) {
        Timestamp now = Timestamp.from(clock.now());
        return jdbc.sql("UPDATE partner_session SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?")
                .params(now, userId, now).update();
    }

    private Optional<PartnerPrincipal> activePrincipal(UUID userId) {
        return directory.findUser(userId)
                .filter(u -> "ACTIVE".equals(u.status()))
                .map(PartnerSessions::principalOf);
    }

    static PartnerPrincipal principalOf(PartnerUser user) {
        return new PartnerPrincipal(user.id(), user.accountId(), user.email(), user.firstName(), user.lastName(),
                user.roles());
    }

    static String hash(String token) {
        return SecretTokens.storedForm(token);
    }
}
