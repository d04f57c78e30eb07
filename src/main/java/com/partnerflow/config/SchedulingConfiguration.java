package com.partnerflow.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background work outside the engine (held replies). Off with partnerflow.scheduling.enabled=false. */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "partnerflow.scheduling.enabled", havingValue = "true", matchIfMissing = true)
public class SchedulingConfiguration {
}
