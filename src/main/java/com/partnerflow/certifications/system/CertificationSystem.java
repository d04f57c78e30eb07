package com.partnerflow.certifications.system;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The external certification system (exam records per certification account), as the partner
 * directory and the merge process need it. Addresses are compared case-insensitively. Every
 * method may throw {@link CertificationSystemUnavailable}; callers in processes are
 * asynchronous, retried steps.
 */
public interface CertificationSystem {

    /** An account of the certification system, by its sign-in address. */
    record CertificationAccount(String id, String email, String signInMethod, String holderName, boolean merged,
                                String mergedIntoEmail) {
    }

    /**
     * One passed exam: a certification held by {@code accountEmail} (taken with
     * {@code originalAccountEmail}, which differs after a merge), published to partner profiles
     * from {@code availableFrom}.
     */
    record ExamRecord(String examId, String certificationCode, String certificationName, Instant passedAt,
                      Instant expiresAt, String accountEmail, String originalAccountEmail, Instant availableFrom) {
    }

    enum MergeState { IN_PROGRESS, COMPLETED }

    record MergeStatus(String mergeId, MergeState state, Instant requestedAt, Instant completedAt) {
        public boolean done() {
            return state == MergeState.COMPLETED;
        }
    }

    /** How a partner profile knows an address: as the user's business address, or as their T&C account email. */
    enum AddressKind { BUSINESS, TNC }

    Optional<CertificationAccount> findAccount(String email);

    /** The exams the account holds now (its own and, after a merge, those of the merged-away account). */
    List<ExamRecord> examRecords(String email);

    /**
     * Asks for account {@code mergeEmail} to be merged into {@code keepEmail}. Idempotent per
     * {@code reference}: asking again with the same reference returns the same merge.
     *
     * @return the certification system's id of the merge
     */
    String requestMerge(String keepEmail, String mergeEmail, String reference);

    MergeStatus mergeStatus(String mergeId);

    /**
     * A partner profile ({@code partnerRef}) names {@code email} as its T&C account email.
     *
     * @return when the account's certifications reach the profile
     */
    Instant linkAddress(String email, String partnerRef);

    /**
     * The profile no longer names {@code email}.
     *
     * @return when the certifications leave the profile
     */
    Instant unlinkAddress(String email, String partnerRef);

    /** What the system publishes to a partner profile for this address now. */
    List<ExamRecord> visibleFor(String address, AddressKind kind, String partnerRef);
}
