package com.partnerflow.config;

import java.time.Instant;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * The one source of "now" for the domain: the engine's clock. Code expiry and rate limits
 * therefore move together with timers when a test (or the dev clock action) shifts the clock.
 */
@Component
public class EngineClock {

    public Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
