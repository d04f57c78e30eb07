package com.partnerflow.support;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Wraps the application's PasswordEncoder so a test can count the bcrypt operations a call does
 * on its own thread ({@link #countOn}): equal work for registered and unknown addresses is then
 * a structural assertion, not a timing one.
 *
 * <p>Hashes made in tests use bcrypt cost 4 instead of the application's 10 (system property
 * {@code partnerflow.test.bcrypt-cost}; the benchmark profile sets 10): at cost 10 a hash takes
 * some 80 ms of a core, and the suite makes hundreds on 2 cores. A hash still is a bcrypt hash
 * ({@code $2a$04$…}) checked by the same code; the cost travels in the hash.
 */
@Component
public class CountingPasswordEncoder implements BeanPostProcessor {

    /** bcrypt operations of one call: hashes made and hashes compared. */
    public record Work(int encodes, int matches) {
    }

    private static final int TEST_COST = Integer.getInteger("partnerflow.test.bcrypt-cost", 4);

    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[2]);

    /** Runs {@code call} on this thread and returns the bcrypt work it did. */
    public static Work countOn(Runnable call) {
        int[] before = COUNTS.get().clone();
        call.run();
        int[] after = COUNTS.get();
        return new Work(after[0] - before[0], after[1] - before[1]);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof PasswordEncoder encoder) || bean instanceof Counting) {
            return bean;
        }
        return new Counting(encoder instanceof BCryptPasswordEncoder ? new BCryptPasswordEncoder(TEST_COST) : encoder);
    }

    private record Counting(PasswordEncoder delegate) implements PasswordEncoder {

        @Override
        public String encode(CharSequence raw) {
            COUNTS.get()[0]++;
            return delegate.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            COUNTS.get()[1]++;
            return delegate.matches(raw, encoded);
        }

        @Override
        public boolean upgradeEncoding(String encoded) {
            return delegate.upgradeEncoding(encoded);
        }
    }
}
