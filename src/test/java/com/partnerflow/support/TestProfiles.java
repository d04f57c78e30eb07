package com.partnerflow.support;

import org.springframework.test.context.ActiveProfilesResolver;

/**
 * The suite runs twice (see the pom's surefire executions): on H2, and with
 * -Dpartnerflow.test.database=postgres on a real PostgreSQL.
 */
public class TestProfiles implements ActiveProfilesResolver {

    public static boolean onPostgres() {
        return "postgres".equals(System.getProperty("partnerflow.test.database"));
    }

    @Override
    public String[] resolve(Class<?> testClass) {
        return onPostgres() ? new String[] {"test", "pgtest"} : new String[] {"test"};
    }
}
