package com.partnerflow.certifications;

import com.partnerflow.config.DevelopmentOnly;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Development only (partnerflow.dev-clock.enabled, set in application-dev.yml; the bean does not
 * exist otherwise, like the dev mailbox): moves the engine clock forward so a person can walk
 * multi-day waits (merge reminders, the merge itself, the sync) in minutes, and wakes the job
 * executor so timers that became due fire at once.
 */
@RestController
@DevelopmentOnly
@ConditionalOnProperty(name = "partnerflow.dev-clock.enabled", havingValue = "true")
public class DevClockController {

    private static final Logger log = LoggerFactory.getLogger(DevClockController.class);

    private final ManagementService management;
    private final ProcessEngineConfiguration engineConfiguration;

    public DevClockController(ManagementService management, ProcessEngineConfiguration engineConfiguration) {
        this.management = management;
        this.engineConfiguration = engineConfiguration;
    }

    public record ClockView(Instant engineTime, long dueJobs) {
    }

    @GetMapping("/dev/clock")
    public ClockView now() {
        return view();
    }

    @PostMapping("/dev/clock/advance")
    public ClockView advance(@RequestParam(defaultValue = "0") long days, @RequestParam(defaultValue = "0") long hours,
                             @RequestParam(defaultValue = "0") long minutes) {
        Duration by = Duration.ofDays(days).plusHours(hours).plusMinutes(minutes);
        if (by.isNegative() || by.isZero() || by.compareTo(Duration.ofDays(60)) > 0) {
            throw new com.partnerflow.api.ApiProblem(org.springframework.http.HttpStatus.BAD_REQUEST, "invalid-clock-advance",
                    "Advance by 1 minute to 60 days");
        }
        // an offset, not a fixed time: the clock keeps ticking from the new moment on
        long offset = ClockUtil.getCurrentTime().getTime() - System.currentTimeMillis();
        ClockUtil.offset(offset + by.toMillis());
        log.warn("Development clock moved forward by {}; engine time is now {}", by, ClockUtil.getCurrentTime().toInstant());
        if (engineConfiguration instanceof ProcessEngineConfigurationImpl impl && impl.getJobExecutor() != null) {
            impl.getJobExecutor().jobWasAdded();
        }
        return view();
    }

    @PostMapping("/dev/clock/reset")
    public ClockView reset() {
        ClockUtil.reset();
        return view();
    }

    private ClockView view() {
        return new ClockView(ClockUtil.getCurrentTime().toInstant(),
                management.createJobQuery().executable().active().count());
    }
}
