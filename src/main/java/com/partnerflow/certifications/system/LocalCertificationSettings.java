package com.partnerflow.certifications.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local certification system's behaviour.
 *
 * @param mergeDelay  a merge completes this long after it was requested (engine clock)
 * @param syncDelay   certifications of a merged or linked account reach partner profiles this
 *                    long after the merge completed or the address was linked (and leave a
 *                    profile this long after it was unlinked)
 * @param seedDevData create a few certification accounts for the development walkthrough
 */
@ConfigurationProperties("partnerflow.certifications.local")
public record LocalCertificationSettings(
        @DefaultValue("P3D") Duration mergeDelay,
        @DefaultValue("P5D") Duration syncDelay,
        @DefaultValue("false") boolean seedDevData) {
}
