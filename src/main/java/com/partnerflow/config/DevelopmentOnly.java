package com.partnerflow.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Profile;

/**
 * A development tool (dev mail server and mailbox, dev clock, seed users and data): its bean exists
 * only when the {@code dev} profile is chosen, and never beside {@code postgres}, whatever its own
 * {@code partnerflow.dev-*} switch says. The switch still chooses among the tools within {@code dev}
 * (the test profile keeps the mail server and turns the others off).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Profile(StartupSettingsCheck.DEVELOPMENT + " & !" + StartupSettingsCheck.PRODUCTION)
public @interface DevelopmentOnly {
}
