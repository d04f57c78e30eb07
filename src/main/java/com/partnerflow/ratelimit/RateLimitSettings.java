package com.partnerflow.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Per-source limits, under {@code partnerflow.rate-limits}: for each {@link RateLimitGroup} key,
 * a source may send {@code capacity} requests at once, and gets them back evenly over
 * {@code refill-period} (capacity 20, refill-period PT1M: a burst of 20, then one every 3 s).
 */
@Validated
@ConfigurationProperties("partnerflow.rate-limits")
public record RateLimitSettings(Map<String, @Valid Limit> groups) {

    public record Limit(@Positive int capacity, @NotNull Duration refillPeriod) {
    }

    public RateLimitSettings {
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        for (RateLimitGroup group : RateLimitGroup.values()) {
            if (!groups.containsKey(group.key())) {
                throw new IllegalArgumentException("partnerflow.rate-limits.groups." + group.key()
                        + " is missing (capacity and refill-period)");
            }
        }
        for (String key : groups.keySet()) {
            if (Arrays.stream(RateLimitGroup.values()).noneMatch(group -> group.key().equals(key))) {
                throw new IllegalArgumentException("partnerflow.rate-limits.groups." + key
                        + " names no rate-limited group");
            }
        }
    }

    Limit of(RateLimitGroup group) {
        return groups.get(group.key());
    }
}
