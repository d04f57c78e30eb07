package com.partnerflow.certifications.system;

import com.partnerflow.config.EngineClock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A certification system of our own (tables cert_system_*), behaving like the real one as far as
 * the partner programme sees it: a merge completes {@code merge-delay} after it was requested;
 * the exams of a merged account, and those of an address entered as T&C account email, reach
 * partner profiles {@code sync-delay} later. Time is the engine clock, so moving it (tests, the
 * development clock action) moves merges and syncs along. Completion is worked out when the
 * system is asked, as an outside observer would find it.
 *
 * <p>{@link #failWith(String)} makes every call fail until {@link #recover()}: for tests of a
 * failing and recovering certification system (and trying incidents out on the dev profile).
 */
@Component
public class LocalCertificationSystem implements CertificationSystem {

    private static final Logger log = LoggerFactory.getLogger(LocalCertificationSystem.class);

    private final JdbcClient jdbc;
    private final EngineClock clock;
    private final LocalCertificationSettings settings;
    private final AtomicReference<String> failure = new AtomicReference<>();

    public LocalCertificationSystem(JdbcClient jdbc, EngineClock clock, LocalCertificationSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    // --- failure switch ---

    /** Every call fails with this reason until {@link #recover()}. */
    public void failWith(String reason) {
        failure.set(reason);
        log.warn("Local certification system now fails every call: {}", reason);
    }

    public void recover() {
        if (failure.getAndSet(null) != null) {
            log.info("Local certification system answers again");
        }
    }

    private void available() {
        String reason = failure.get();
        if (reason != null) {
            throw new CertificationSystemUnavailable("Certification system unavailable: " + reason);
        }
    }

    // --- set-up (seed data, tests) ---

    /** Creates an account (or returns the existing one's id) with the given sign-in method. */
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public String createAccount(String email, String signInMethod, String holderName) {
        String normalized = normalize(email);
        Optional<UUID> existing = accountId(normalized);
        if (existing.isPresent()) {
            return existing.get().toString();
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO cert_system_account (id, email, sign_in_method, holder_name, status, created_at)
                VALUES (?, ?, ?, ?, 'ACTIVE', ?)""")
                .params(id, normalized, signInMethod, holderName, ts(clock.now())).update();
        return id.toString();
    }

    /** Records a passed exam; it is published to profiles of the account's address at once. */
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public String addExam(String email, String certificationCode, String certificationName, Instant passedAt,
                          Instant expiresAt) {
        UUID account = accountId(normalize(email)).orElseThrow(() -> new IllegalArgumentException("no account " + email));
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO cert_system_exam (id, account_id, original_account_id, certification_code,
                                              certification_name, passed_at, expires_at, available_from)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, account, account, certificationCode, certificationName, ts(passedAt), ts(expiresAt),
                        ts(passedAt)).update();
        return id.toString();
    }

    // --- the adapter ---

    @Override
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public Optional<CertificationAccount> findAccount(String email) {
        available();
        completeDueMerges();
        return jdbc.sql("""
                SELECT a.id, a.email, a.sign_in_method, a.holder_name, a.status, m.email AS merged_into_email
                FROM cert_system_account a LEFT JOIN cert_system_account m ON m.id = a.merged_into
                WHERE a.email = ?""")
                .param(normalize(email))
                .query((rs, n) -> new CertificationAccount(rs.getString("id"), rs.getString("email"),
                        rs.getString("sign_in_method"), rs.getString("holder_name"),
                        "MERGED".equals(rs.getString("status")), rs.getString("merged_into_email")))
                .optional();
    }

    @Override
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public List<ExamRecord> examRecords(String email) {
        available();
        completeDueMerges();
        return exams(normalize(email));
    }

    @Override
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public String requestMerge(String keepEmail, String mergeEmail, String reference) {
        available();
        Optional<String> existing = jdbc.sql("SELECT id FROM cert_system_merge WHERE reference = ?").param(reference)
                .query(String.class).optional();
        if (existing.isPresent()) {
            return existing.get();
        }
        UUID keep = accountId(normalize(keepEmail)).orElseThrow(() ->
                new IllegalArgumentException("No certification account " + keepEmail));
        UUID merge = accountId(normalize(mergeEmail)).orElseThrow(() ->
                new IllegalArgumentException("No certification account " + mergeEmail));
        if (keep.equals(merge)) {
            throw new IllegalArgumentException("An account cannot be merged into itself");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.now();
        jdbc.sql("""
                INSERT INTO cert_system_merge (id, reference, keep_account_id, merge_account_id, status, requested_at,
                                               completes_at)
                VALUES (?, ?, ?, ?, 'IN_PROGRESS', ?, ?)""")
                .params(id, reference, keep, merge, ts(now), ts(now.plus(settings.mergeDelay()))).update();
        log.info("Merge {} of certification account {} into {} requested (reference {})", id, mergeEmail,
                keepEmail, reference);
        return id.toString();
    }

    @Override
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public MergeStatus mergeStatus(String mergeId) {
        available();
        completeDueMerges();
        return jdbc.sql("SELECT id, status, requested_at, completed_at FROM cert_system_merge WHERE id = ?")
                .param(UUID.fromString(mergeId))
                .query((rs, n) -> new MergeStatus(rs.getString("id"), MergeState.valueOf(rs.getString("status")),
                        instant(rs, "requested_at"), instant(rs, "completed_at")))
                .optional()
                .orElseThrow(() -> new IllegalArgumentException("No merge " + mergeId));
    }

    @Override
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public Instant linkAddress(String email, String partnerRef) {
        available();
        Instant now = clock.now();
        Instant visibleFrom = now.plus(settings.syncDelay());
        String normalized = normalize(email);
        int updated = jdbc.sql("""
                UPDATE cert_system_link SET linked_at = ?, visible_from = ?, unlinked_at = NULL, gone_from = NULL
                WHERE email = ? AND partner_ref = ?""")
                .params(ts(now), ts(visibleFrom), normalized, partnerRef).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO cert_system_link (email, partner_ref, linked_at, visible_from) VALUES (?, ?, ?, ?)")
                    .params(normalized, partnerRef, ts(now), ts(visibleFrom)).update();
        }
        return visibleFrom;
    }

    @Override
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public Instant unlinkAddress(String email, String partnerRef) {
        available();
        Instant now = clock.now();
        Instant goneFrom = now.plus(settings.syncDelay());
        jdbc.sql("UPDATE cert_system_link SET unlinked_at = ?, gone_from = ? WHERE email = ? AND partner_ref = ? AND unlinked_at IS NULL")
                .params(ts(now), ts(goneFrom), normalize(email), partnerRef).update();
        return goneFrom;
    }

    @Override
    @Transactional(noRollbackFor = CertificationSystemUnavailable.class)
    public List<ExamRecord> visibleFor(String address, AddressKind kind, String partnerRef) {
        available();
        completeDueMerges();
        Instant now = clock.now();
        String normalized = normalize(address);
        if (kind == AddressKind.TNC) {
            boolean linked = jdbc.sql("""
                    SELECT COUNT(*) FROM cert_system_link WHERE email = ? AND partner_ref = ?
                    AND visible_from <= ? AND (gone_from IS NULL OR gone_from > ?)""")
                    .params(normalized, partnerRef, ts(now), ts(now)).query(Integer.class).single() > 0;
            if (!linked) {
                return List.of();
            }
        }
        return exams(normalized).stream().filter(e -> !e.availableFrom().isAfter(now)).toList();
    }

    // --- internals ---

    private List<ExamRecord> exams(String normalizedEmail) {
        return jdbc.sql("""
                SELECT e.id, e.certification_code, e.certification_name, e.passed_at, e.expires_at, e.available_from,
                       a.email AS account_email, o.email AS original_email
                FROM cert_system_exam e
                JOIN cert_system_account a ON a.id = e.account_id
                JOIN cert_system_account o ON o.id = e.original_account_id
                WHERE a.email = ? ORDER BY e.passed_at, e.id""")
                .param(normalizedEmail)
                .query((rs, n) -> new ExamRecord(rs.getString("id"), rs.getString("certification_code"),
                        rs.getString("certification_name"), instant(rs, "passed_at"), instant(rs, "expires_at"),
                        rs.getString("account_email"), rs.getString("original_email"), instant(rs, "available_from")))
                .list();
    }

    /** Merges whose time has come: exams move to the kept account, published sync-delay after completion. */
    private void completeDueMerges() {
        Instant now = clock.now();
        record Due(UUID id, UUID keep, UUID merge, Instant completesAt) {
        }
        List<Due> due = jdbc.sql("""
                SELECT id, keep_account_id, merge_account_id, completes_at FROM cert_system_merge
                WHERE status = 'IN_PROGRESS' AND completes_at <= ?""")
                .param(ts(now))
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), instant(rs, "completes_at")))
                .list();
        for (Due d : due) {
            boolean mine = jdbc.sql("UPDATE cert_system_merge SET status = 'COMPLETED', completed_at = ? WHERE id = ? AND status = 'IN_PROGRESS'")
                    .params(ts(d.completesAt()), d.id()).update() == 1;
            if (!mine) {
                continue;
            }
            Instant published = d.completesAt().plus(settings.syncDelay());
            jdbc.sql("UPDATE cert_system_exam SET account_id = ?, available_from = ? WHERE account_id = ?")
                    .params(d.keep(), ts(published), d.merge()).update();
            jdbc.sql("UPDATE cert_system_account SET status = 'MERGED', merged_into = ? WHERE id = ?")
                    .params(d.keep(), d.merge()).update();
            log.info("Merge {} completed; its certifications reach partner profiles from {}", d.id(), published);
        }
    }

    private Optional<UUID> accountId(String normalizedEmail) {
        return jdbc.sql("SELECT id FROM cert_system_account WHERE email = ?").param(normalizedEmail)
                .query(UUID.class).optional();
    }

    public static String normalize(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
