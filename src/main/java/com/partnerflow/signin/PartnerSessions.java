package com.partnerflow.signin;

import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions of the partner API: {@link UserTokens} in table {@code partner_session}, so only a
 * token's SHA-256 is stored and the table alone cannot be used to call the API.
 */
@Service
public class PartnerSessions {

    private final UserTokens tokens;
    private final PartnerDirectory directory;
    private final SignInSettings settings;

    public PartnerSessions(JdbcClient jdbc, PartnerDirectory directory, EngineClock clock, SignInSettings settings) {
        this.tokens = new UserTokens(jdbc, clock, "partner_session");
        this.directory = directory;
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
        UserTokens.Issued issued = tokens.issue(userId, settings.sessionValidity(), sourceAddress);
        return new IssuedSession(issued.id(), issued.token(), issued.expiresAt(), principal);
    }

    /**
     * The session a bearer token stands for, if it is known, neither expired nor revoked, and its
     * user is still active (deactivating a user ends their sessions at once).
     */
    @Transactional
    public Optional<LiveSession> authenticate(String token) {
        Optional<UserTokens.Live> session = tokens.live(token);
        Optional<LiveSession> live = session.flatMap(s -> activePrincipal(s.userId())
                .map(p -> new LiveSession(s.id(), p)));
        live.ifPresent(s -> tokens.used(s.sessionId()));
        return live;
    }

    /** Signs a session out; true if it was live until now. */
    @Transactional
    public boolean revoke(UUID sessionId) {
        return tokens.revoke(sessionId);
    }

    /**
     * Ends every live session of a user at once (deactivation, removal, password reset); returns
     * how many were live. Joins the caller's transaction.
     */
    @Transactional
    public int revokeAllOf(UUID userId) {
        return tokens.revokeAllOf(userId);
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
        return UserTokens.hash(token);
    }
}
