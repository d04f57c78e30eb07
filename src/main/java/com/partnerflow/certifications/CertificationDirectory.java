package com.partnerflow.certifications;

import com.partnerflow.certifications.system.CertificationSystem.ExamRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The partner directory's certification data: per user consent, T&C account email and the synced certifications. */
@Repository
public class CertificationDirectory {

    /** A user's certification settings (a user who never touched them has consent false and no T&C email). */
    public record Profile(UUID userId, boolean consent, Instant consentChangedAt, String tncEmail,
                          Instant tncPendingUntil, String previousTncEmail, Instant previousTncUntil,
                          Instant syncedAt) {
        static Profile empty(UUID userId) {
            return new Profile(userId, false, null, null, null, null, null, null);
        }
    }

    /** A certification as the directory holds it for a user. */
    public record UserCertification(UUID userId, String examId, String certificationCode, String certificationName,
                                    String accountEmail, String originalAccountEmail, Instant expiresAt,
                                    Instant syncedAt) {
    }

    private final JdbcClient jdbc;

    public CertificationDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Profile profile(UUID userId) {
        return jdbc.sql("SELECT * FROM certification_profile WHERE user_id = ?").param(userId)
                .query(this::mapProfile).optional().orElse(Profile.empty(userId));
    }

    /** The profile row, locked for this transaction (created first if missing). */
    public Profile lockProfile(UUID userId) {
        jdbc.sql("""
                INSERT INTO certification_profile (user_id, consent)
                SELECT ?, FALSE FROM partner_user WHERE id = ?
                AND NOT EXISTS (SELECT 1 FROM certification_profile WHERE user_id = ?)""")
                .params(userId, userId, userId).update();
        return jdbc.sql("SELECT * FROM certification_profile WHERE user_id = ? FOR UPDATE").param(userId)
                .query(this::mapProfile).single();
    }

    public void setConsent(UUID userId, boolean consent, Instant now) {
        lockProfile(userId);
        jdbc.sql("UPDATE certification_profile SET consent = ?, consent_changed_at = ? WHERE user_id = ?")
                .params(consent, ts(now), userId).update();
    }

    public void setTnc(UUID userId, String tncEmail, Instant pendingUntil, String previousEmail, Instant previousUntil) {
        jdbc.sql("""
                UPDATE certification_profile SET tnc_email = ?, tnc_pending_until = ?, previous_tnc_email = ?,
                       previous_tnc_until = ? WHERE user_id = ?""")
                .params(tncEmail, ts(pendingUntil), previousEmail, ts(previousUntil), userId).update();
    }

    /** Another user (not removed) who names this address as T&C account email. */
    public Optional<UUID> otherUserWithTnc(String email, UUID userId) {
        return jdbc.sql("""
                SELECT p.user_id FROM certification_profile p JOIN partner_user u ON u.id = p.user_id
                WHERE p.tnc_email = ? AND p.user_id <> ? AND u.status <> 'REMOVED'""")
                .params(email, userId).query(UUID.class).stream().findFirst();
    }

    /** Users of the account whose business address or T&C account email is this address. */
    public List<UUID> usersOfAccountWithAddress(UUID accountId, String email) {
        return jdbc.sql("""
                SELECT u.id FROM partner_user u LEFT JOIN certification_profile p ON p.user_id = u.id
                WHERE u.account_id = ? AND u.status <> 'REMOVED' AND (LOWER(u.email) = ? OR p.tnc_email = ?)""")
                .params(accountId, email, email).query(UUID.class).list();
    }

    /** Replaces the user's certifications with what the sync found. */
    public void replaceCertifications(UUID userId, List<ExamRecord> exams, Instant now) {
        lockProfile(userId);
        jdbc.sql("DELETE FROM user_certification WHERE user_id = ?").param(userId).update();
        for (ExamRecord e : exams) {
            jdbc.sql("""
                    INSERT INTO user_certification (user_id, exam_id, certification_code, certification_name,
                                                    account_email, original_account_email, expires_at, synced_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(userId, e.examId(), e.certificationCode(), e.certificationName(), e.accountEmail(),
                            e.originalAccountEmail(), ts(e.expiresAt()), ts(now)).update();
        }
        jdbc.sql("UPDATE certification_profile SET synced_at = ? WHERE user_id = ?").params(ts(now), userId).update();
    }

    public List<UserCertification> certificationsOf(UUID userId) {
        return jdbc.sql("SELECT * FROM user_certification WHERE user_id = ? ORDER BY certification_code, exam_id")
                .param(userId).query(this::mapCertification).list();
    }

    public List<UserCertification> certificationsOfAccount(UUID accountId) {
        return jdbc.sql("""
                SELECT c.* FROM user_certification c JOIN partner_user u ON u.id = c.user_id
                WHERE u.account_id = ? AND u.status <> 'REMOVED' ORDER BY c.certification_code, c.exam_id""")
                .param(accountId).query(this::mapCertification).list();
    }

    public List<Profile> profilesOfAccount(UUID accountId) {
        return jdbc.sql("""
                SELECT p.* FROM certification_profile p JOIN partner_user u ON u.id = p.user_id
                WHERE u.account_id = ?""").param(accountId).query(this::mapProfile).list();
    }

    /** How many of the account's users hold a certification taken with this account, through this kept account. */
    public int countMergedExamsVisible(UUID accountId, String keepEmail, String mergeEmail) {
        return jdbc.sql("""
                SELECT COUNT(DISTINCT c.exam_id) FROM user_certification c JOIN partner_user u ON u.id = c.user_id
                WHERE u.account_id = ? AND c.account_email = ? AND c.original_account_email = ?""")
                .params(accountId, keepEmail, mergeEmail).query(Integer.class).single();
    }

    private Profile mapProfile(ResultSet rs, int n) throws SQLException {
        return new Profile(rs.getObject("user_id", UUID.class), rs.getBoolean("consent"),
                instant(rs, "consent_changed_at"), rs.getString("tnc_email"), instant(rs, "tnc_pending_until"),
                rs.getString("previous_tnc_email"), instant(rs, "previous_tnc_until"), instant(rs, "synced_at"));
    }

    private UserCertification mapCertification(ResultSet rs, int n) throws SQLException {
        return new UserCertification(rs.getObject("user_id", UUID.class), rs.getString("exam_id"),
                rs.getString("certification_code"), rs.getString("certification_name"),
                rs.getString("account_email"), rs.getString("original_account_email"), instant(rs, "expires_at"),
                instant(rs, "synced_at"));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
