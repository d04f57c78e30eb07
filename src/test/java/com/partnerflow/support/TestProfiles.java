package com.partnerflow.support;

import org.springframework.test.context.ActiveProfilesResolver;

/**
 * The suite runs twice (see the pom's surefire executions): on H2, and with
 * -Dpartnerflow.test.database=postgres on a real PostgreSQL. Tests run on the development profile
 * (its mail server and mailbox exist only there, see config.DevelopmentOnly) with "test" on top,
 * which switches the other development tools off and puts everything in memory on free ports.
 */
public class TestProfiles implements ActiveProfilesResolver {

    public static boolean onPostgres() {
        return "postgres".equals(System.getProperty("partnerflow.test.database"));
    }

    @Override
    public String[] resolve(Class<?> testClass) {
        return onPostgres() ? new String[] {"dev", "test", "pgtest"} : new String[] {"dev", "test"};
    }
}
