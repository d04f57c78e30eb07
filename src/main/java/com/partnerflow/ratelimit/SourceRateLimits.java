package com.partnerflow.ratelimit;

import com.partnerflow.config.ScheduledLocks;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * One token bucket per endpoint group and source address (Bucket4j). These limits come on top
 * of the per-address ones (the sign-in lock, codes per hour): those stop guessing one account's
 * password from many sources, these stop one source from trying many accounts.
 */
@Component
public class SourceRateLimits {

    private static final int CLEANUP_BATCH = 1000;

    private final ProxyManager<String> buckets;
    private final Map<RateLimitGroup, RateLimitSettings.Limit> limits = java.util.Collections.synchronizedMap(new EnumMap<>(RateLimitGroup.class));
    private final Map<RateLimitGroup, BucketConfiguration> configurations = java.util.Collections.synchronizedMap(new EnumMap<>(RateLimitGroup.class));

    private final ScheduledLocks locks;

    public SourceRateLimits(ProxyManager<String> buckets, RateLimitSettings settings, ScheduledLocks locks) {
        this.buckets = buckets;
        this.locks = locks;
        use(settings);
    }

    /**
     * Takes these limits from now on (the buckets' keys carry the limit, so new buckets start).
     * Besides the constructor only tests call it: the suite's one application context runs with
     * limits it never reaches, and RateLimitApiTest tightens them for its own requests.
     */
    synchronized void use(RateLimitSettings settings) {
        for (RateLimitGroup group : RateLimitGroup.values()) {
            RateLimitSettings.Limit limit = settings.of(group);
            limits.put(group, limit);
            configurations.put(group, BucketConfiguration.builder()
                    .addLimit(bandwidth -> bandwidth.capacity(limit.capacity())
                            .refillGreedy(limit.capacity(), limit.refillPeriod()))
                    .build());
        }
    }

    /**
     * Takes one request from the source's bucket for the group.
     *
     * @return empty when the request may go ahead; otherwise how long the source must wait
     */
    public Optional<Duration> tryAcquire(RateLimitGroup group, String sourceAddress) {
        ConsumptionProbe probe = buckets.builder().build(key(group, sourceAddress), () -> configurations.get(group))
                .tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /**
     * The bucket's key carries its limit, so that a changed limit starts new buckets (a stored
     * bucket otherwise keeps the configuration it was created with).
     */
    private String key(RateLimitGroup group, String sourceAddress) {
        RateLimitSettings.Limit limit = limits.get(group);
        return group.key() + "/" + limit.capacity() + "/" + limit.refillPeriod() + "/" + sourceAddress;
    }

    /**
     * Deletes buckets past their expiry from the table (PostgreSQL; Caffeine forgets on its own),
     * on one node of a cluster per five minutes (config.ScheduledLocks).
     */
    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    void removeExpiredBuckets() {
        if (buckets instanceof ExpiredEntriesCleaner) {
            locks.runOnce("rate-limit-bucket-cleanup", Duration.ofMinutes(4), Duration.ofMinutes(5), this::removeExpired);
        }
    }

    private void removeExpired() {
        if (buckets instanceof ExpiredEntriesCleaner table) {
            // SKIP LOCKED inside: several nodes cleaning at once do not wait for each other
            while (table.removeExpired(CLEANUP_BATCH) == CLEANUP_BATCH) {
                // another full batch may follow
            }
        }
    }
}
