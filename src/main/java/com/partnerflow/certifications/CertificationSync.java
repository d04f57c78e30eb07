package com.partnerflow.certifications;

import com.partnerflow.certifications.system.CertificationSystem;
import com.partnerflow.certifications.system.CertificationSystem.AddressKind;
import com.partnerflow.certifications.system.CertificationSystem.ExamRecord;
import com.partnerflow.certifications.system.CertificationSystemUnavailable;
import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.PartnerUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Brings what the certification system publishes for a user (their business address, their T&C
 * account email, and for a while a cleared one) into the partner directory.
 */
@Service
public class CertificationSync {

    private static final Logger log = LoggerFactory.getLogger(CertificationSync.class);

    private final CertificationSystem system;
    private final CertificationDirectory directory;
    private final CertificationSettings settings;
    private final EngineClock clock;

    public CertificationSync(CertificationSystem system, CertificationDirectory directory,
                             CertificationSettings settings, EngineClock clock) {
        this.system = system;
        this.directory = directory;
        this.settings = settings;
        this.clock = clock;
    }

    /** Syncs now; the certification system's failure propagates (a process step retries). */
    @Transactional
    public void syncUser(PartnerUser user) {
        Instant now = clock.now();
        CertificationDirectory.Profile profile = directory.lockProfile(user.id());
        String ref = partnerRef(user.id());
        Map<String, ExamRecord> exams = new LinkedHashMap<>();
        List<ExamRecord> found = new ArrayList<>(system.visibleFor(user.email(), AddressKind.BUSINESS, ref));
        if (profile.tncEmail() != null) {
            found.addAll(system.visibleFor(profile.tncEmail(), AddressKind.TNC, ref));
        }
        if (profile.previousTncEmail() != null) {
            if (profile.previousTncUntil() != null && profile.previousTncUntil().isAfter(now)) {
                found.addAll(system.visibleFor(profile.previousTncEmail(), AddressKind.TNC, ref));
            } else {
                directory.setTnc(user.id(), profile.tncEmail(), profile.tncPendingUntil(), null, null);
            }
        }
        found.forEach(e -> exams.putIfAbsent(e.examId(), e));
        directory.replaceCertifications(user.id(), List.copyOf(exams.values()), now);
    }

    /**
     * Syncs when the directory's copy is older than the refresh interval. An unavailable
     * certification system leaves the copy as it is (its sync time shows how old it is).
     */
    @Transactional
    public void syncIfStale(PartnerUser user) {
        CertificationDirectory.Profile profile = directory.profile(user.id());
        Instant synced = profile.syncedAt();
        Instant now = clock.now();
        boolean fresh = synced != null && synced.plus(settings.directoryRefresh()).isAfter(now)
                && !passedSince(profile.tncPendingUntil(), synced, now)
                && !passedSince(profile.previousTncUntil(), synced, now);
        if (fresh) {
            return;
        }
        try {
            syncUser(user);
        } catch (CertificationSystemUnavailable e) {
            log.warn("Certifications of user {} not synced: {}", user.id(), e.getMessage());
        }
    }

    /** A pending T&C change that took effect after the last sync makes the copy stale. */
    private static boolean passedSince(Instant moment, Instant synced, Instant now) {
        return moment != null && moment.isAfter(synced) && !moment.isAfter(now);
    }

    public static String partnerRef(UUID userId) {
        return "user:" + userId;
    }
}
