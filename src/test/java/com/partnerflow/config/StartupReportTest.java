package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up report names the database without anything that may follow its address. */
class StartupReportTest {

    @Test
    void theDatabaseIsItsKindAndPlaceWithoutCredentialsOrParameters() {
        assertThat(StartupReport.describeDatabase("jdbc:postgresql://db.internal:5432/partnerflow?user=pf&password=s3cret&ssl=true"))
                .isEqualTo("postgresql //db.internal:5432/partnerflow");
        assertThat(StartupReport.describeDatabase("jdbc:postgresql://pf:s3cret@db:5432/partnerflow"))
                .isEqualTo("postgresql //db:5432/partnerflow");
        assertThat(StartupReport.describeDatabase("jdbc:h2:file:./data/partnerflow;DB_CLOSE_ON_EXIT=FALSE;PASSWORD=x"))
                .isEqualTo("h2 file:./data/partnerflow");
        assertThat(StartupReport.describeDatabase(null)).isEqualTo("(DataSource bean)");
        assertThat(StartupReport.describeDatabase("secret-looking-garbage")).isEqualTo("(DataSource bean)");
    }
}
