package com.partnerflow.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses read like a shared mailbox (plain JUnit, on a small configured list). */
class GenericLoginNamesTest {

    private final GenericLogins logins = new GenericLogins(null,
            new GenericLoginSettings(List.of("admin", "apn_admin", "info", "sales", "partners", "aws")));

    @ParameterizedTest
    @CsvSource({"admin@acme.example, admin", "Admin@acme.example, admin", "apn_admin@acme.example, apn_admin",
            "APN_Admin@acme.example, apn_admin", "apn-admin@acme.example, apn_admin", "apn.admin@acme.example, apn_admin",
            "apnadmin@acme.example, apn_admin", "info+jp@acme.example, info", "sales2@acme.example, sales",
            "partners@acme.co.jp, partners", "aws@acme.example, aws"})
    void sharedMailboxNamesAndTheirVariants(String email, String matched) {
        assertThat(logins.match(email)).contains(matched);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@acme.example", "alice.admin@acme.example", "salesforce@acme.example",
            "information@acme.example", "jsmith@admin.example"})
    void peoplesAddressesAreNotReported(String email) {
        assertThat(logins.match(email)).isEmpty();
    }
}
