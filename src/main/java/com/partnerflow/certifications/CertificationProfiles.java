package com.partnerflow.certifications;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.certifications.CertificationDirectory.Profile;
import com.partnerflow.certifications.CertificationDirectory.UserCertification;
import com.partnerflow.certifications.system.CertificationSystem;
import com.partnerflow.certifications.system.CertificationSystemUnavailable;
import com.partnerflow.certifications.system.LocalCertificationSystem;
import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.signin.PartnerPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A user's own certification settings (T&C account email, consent) and the organisation's roster. */
@Service
public class CertificationProfiles {

    private final CertificationDirectory directory;
    private final CertificationSync sync;
    private final CertificationSystem system;
    private final PartnerDirectory partners;
    private final AuditLog audit;
    private final EngineClock clock;

    public CertificationProfiles(CertificationDirectory directory, CertificationSync sync, CertificationSystem system,
                                 PartnerDirectory partners, AuditLog audit, EngineClock clock) {
        this.directory = directory;
        this.sync = sync;
        this.system = system;
        this.partners = partners;
        this.audit = audit;
        this.clock = clock;
    }

    public record CertificationView(String certificationCode, String certificationName, String certificationAccount,
                                    String takenWithAccount, Instant expiresAt) {
        static CertificationView of(UserCertification c) {
            return new CertificationView(c.certificationCode(), c.certificationName(), c.accountEmail(),
                    c.originalAccountEmail(), c.expiresAt());
        }
    }

    /**
     * @param tncAccountEmail   the T&C account email, or null
     * @param tncStatus         PENDING (certifications count from pendingUntil on), ACTIVE, or null
     * @param leavingEmail      a cleared T&C account email whose certifications still count until leavingUntil
     */
    public record MyCertifications(String tncAccountEmail, String tncStatus, Instant pendingUntil,
                                   String leavingEmail, Instant leavingUntil, boolean consent, Instant consentChangedAt,
                                   Instant lastSync, List<CertificationView> certifications) {
    }

    @Transactional
    public MyCertifications mine(PartnerPrincipal caller) {
        sync.syncIfStale(user(caller));
        return view(caller.userId());
    }

    @Transactional
    public MyCertifications setTncEmail(PartnerPrincipal caller, String email, String sourceAddress) {
        String address = LocalCertificationSystem.normalize(email);
        if (address.equalsIgnoreCase(caller.email())) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "same-as-business-address",
                    "Certifications passed with your business address count already; enter the address of your "
                            + "personal certification account.");
        }
        Profile profile = directory.lockProfile(caller.userId());
        if (address.equals(profile.tncEmail())) {
            return view(caller.userId());
        }
        if (directory.otherUserWithTnc(address, caller.userId()).isPresent()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "certification-account-email-taken",
                    "Another partner user names this certification account; one account counts for one person.");
        }
        String ref = CertificationSync.partnerRef(caller.userId());
        Instant pendingUntil = call(() -> system.linkAddress(address, ref));
        String previous = profile.tncEmail();
        Instant previousUntil = previous == null ? profile.previousTncUntil()
                : call(() -> system.unlinkAddress(previous, ref));
        directory.setTnc(caller.userId(), address, pendingUntil, previous == null ? profile.previousTncEmail() : previous,
                previousUntil);
        audit.event("CertificationAccountEmailSet").by(caller.email(), caller.userId()).account(caller.accountId())
                .target(caller.email(), caller.userId()).from(sourceAddress)
                .with(Map.of("tncAccountEmail", address, "pendingUntil", pendingUntil.toString())).record();
        return view(caller.userId());
    }

    @Transactional
    public MyCertifications clearTncEmail(PartnerPrincipal caller, String sourceAddress) {
        Profile profile = directory.lockProfile(caller.userId());
        if (profile.tncEmail() == null) {
            return view(caller.userId());
        }
        String previous = profile.tncEmail();
        Instant until = call(() -> system.unlinkAddress(previous, CertificationSync.partnerRef(caller.userId())));
        directory.setTnc(caller.userId(), null, null, previous, until);
        audit.event("CertificationAccountEmailCleared").by(caller.email(), caller.userId()).account(caller.accountId())
                .target(caller.email(), caller.userId()).from(sourceAddress)
                .with(Map.of("tncAccountEmail", previous, "certificationsLeaveAt", until.toString())).record();
        return view(caller.userId());
    }

    @Transactional
    public MyCertifications setConsent(PartnerPrincipal caller, boolean consent, String sourceAddress) {
        Profile before = directory.lockProfile(caller.userId());
        if (before.consent() != consent) {
            directory.setConsent(caller.userId(), consent, clock.now());
            audit.event(consent ? "CertificationConsentGiven" : "CertificationConsentRevoked")
                    .by(caller.email(), caller.userId()).account(caller.accountId())
                    .target(caller.email(), caller.userId()).from(sourceAddress).record();
        }
        return view(caller.userId());
    }

    // --- the roster ---

    public record RosterEntry(UUID userId, String name, String email, List<CertificationView> certifications,
                              Instant lastSync) {
    }

    public record CertificationCount(String certificationCode, String certificationName, int count) {
    }

    /**
     * @param users               consenting users with their certifications
     * @param usersWithoutConsent how many users do not share (their certifications count in the totals)
     * @param certificationCounts the account's holders per certification, every user included
     */
    public record Roster(UUID accountId, int userCount, List<RosterEntry> users, int usersWithoutConsent,
                         List<CertificationCount> certificationCounts, Instant oldestSync) {
    }

    @Transactional
    public Roster roster(UUID accountId) {
        List<PartnerUser> members = partners.usersOf(accountId).stream()
                .filter(u -> !"REMOVED".equals(u.status())).toList();
        members.forEach(sync::syncIfStale);
        Map<UUID, Profile> profiles = new java.util.HashMap<>();
        directory.profilesOfAccount(accountId).forEach(p -> profiles.put(p.userId(), p));
        Map<UUID, List<UserCertification>> byUser = new java.util.HashMap<>();
        Map<String, CertificationCount> counts = new TreeMap<>();
        Map<String, java.util.Set<UUID>> holders = new TreeMap<>();
        for (UserCertification c : directory.certificationsOfAccount(accountId)) {
            byUser.computeIfAbsent(c.userId(), id -> new ArrayList<>()).add(c);
            holders.computeIfAbsent(c.certificationCode(), k -> new java.util.HashSet<>()).add(c.userId());
            counts.put(c.certificationCode(), new CertificationCount(c.certificationCode(), c.certificationName(), 0));
        }
        List<CertificationCount> totals = counts.values().stream()
                .map(c -> new CertificationCount(c.certificationCode(), c.certificationName(),
                        holders.get(c.certificationCode()).size())).toList();
        List<RosterEntry> shown = new ArrayList<>();
        int masked = 0;
        Instant oldest = null;
        for (PartnerUser u : members) {
            Profile p = profiles.getOrDefault(u.id(), CertificationDirectory.Profile.empty(u.id()));
            if (p.syncedAt() != null && (oldest == null || p.syncedAt().isBefore(oldest))) {
                oldest = p.syncedAt();
            }
            if (!p.consent()) {
                masked++;
                continue;
            }
            shown.add(new RosterEntry(u.id(), u.firstName() + " " + u.lastName(), u.email(),
                    byUser.getOrDefault(u.id(), List.of()).stream().map(CertificationView::of).toList(),
                    p.syncedAt()));
        }
        return new Roster(accountId, members.size(), shown, masked, totals, oldest);
    }

    private MyCertifications view(UUID userId) {
        Profile p = directory.profile(userId);
        Instant now = clock.now();
        String status = p.tncEmail() == null ? null
                : p.tncPendingUntil() != null && p.tncPendingUntil().isAfter(now) ? "PENDING" : "ACTIVE";
        boolean leaving = p.previousTncEmail() != null && p.previousTncUntil() != null && p.previousTncUntil().isAfter(now);
        return new MyCertifications(p.tncEmail(), status, "PENDING".equals(status) ? p.tncPendingUntil() : null,
                leaving ? p.previousTncEmail() : null, leaving ? p.previousTncUntil() : null, p.consent(),
                p.consentChangedAt(), p.syncedAt(),
                directory.certificationsOf(userId).stream().map(CertificationView::of).toList());
    }

    private PartnerUser user(PartnerPrincipal caller) {
        return partners.findUser(caller.userId()).orElseThrow();
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CertificationSystemUnavailable e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "certification-system-unavailable",
                    "The certification system does not answer just now; nothing was changed. Try again later.");
        }
    }
}
