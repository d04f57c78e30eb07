package com.partnerflow.users;

import static com.partnerflow.directory.Role.ACE_USER;
import static com.partnerflow.directory.Role.ALLIANCE_LEAD;
import static com.partnerflow.directory.Role.ALLIANCE_TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The report of likely generic shared logins, with the configured names of application.yml. */
class GenericLoginReportApiTest extends UsersApiTestSupport {

    @Test
    void activeSharedLoginsAreReportedWithReasonAndHintTheLeadFirst() {
        TestAccount account = accounts.newAccount();
        // (fixture addresses are "<name>-<6 random hex>@": a name of no shared mailbox, even if the hex is all digits)
        SignedInUser team = accounts.addUser(account, "maria", ALLIANCE_TEAM);
        UUID apnAdmin = userWithAddress(account, "APN.Admin", ACE_USER);
        UUID info = userWithAddress(account, "info");
        UUID sales = userWithAddress(account, "sales-2");
        UUID person = userWithAddress(account, "hanako.yamada");
        assertThat(post("/api/account/users/" + sales + "/deactivation", null, team).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        ResponseEntity<JsonNode> answer = get("/api/account/users/generic-logins", team);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = answer.getBody();
        assertThat(body.get("count").asInt()).isEqualTo(2);
        assertThat(StreamSupport.stream(body.get("users").spliterator(), false).map(u -> u.get("userId").asText()))
                .containsExactlyInAnyOrder(apnAdmin.toString(), info.toString())
                .doesNotContain(sales.toString(), person.toString()); // deactivated ones are done
        JsonNode apn = entry(body, apnAdmin);
        assertThat(apn.get("matchedName").asText()).isEqualTo("apn_admin");
        assertThat(apn.get("reason").asText()).contains("APN.Admin@" + account.domain(), "'apn_admin'");
        assertThat(apn.get("allianceLead").asBoolean()).isFalse();
        assertThat(apn.get("hint").asText()).contains("then deactivate it", "/api/account/users/" + apnAdmin
                + "/deactivation");
    }

    @Test
    void aGenericLeadIsToldToReassignTheLeadRoleFirst() {
        TestAccount account = accounts.newAccount();
        // a second account whose lead is admin@
        TestAccount other = accounts.newAccount();
        UUID admin = tx.execute(s -> {
            UUID id = directory.createUser(other.accountId(), new com.partnerflow.directory.NewUser(
                    "admin@" + other.domain(), "Shared", "Admin", "h", "en"));
            jdbc.sql("DELETE FROM role_assignment WHERE user_id = ?").param(other.lead().userId()).update();
            directory.assignRole(other.accountId(), id, ALLIANCE_LEAD, "test-fixture");
            directory.assignRole(other.accountId(), other.lead().userId(), ALLIANCE_TEAM, "test-fixture");
            return id;
        });
        JsonNode body = get("/api/account/users/generic-logins", other.lead()).getBody();
        JsonNode lead = entry(body, admin);
        assertThat(lead.get("allianceLead").asBoolean()).isTrue();
        assertThat(lead.get("hint").asText()).startsWith("This generic login holds the alliance lead role: first "
                + "reassign the alliance lead role");
        // the first account has none
        assertThat(get("/api/account/users/generic-logins", account.lead()).getBody().get("count").asInt()).isZero();
    }

    private static JsonNode entry(JsonNode body, UUID userId) {
        return StreamSupport.stream(body.get("users").spliterator(), false)
                .filter(u -> u.get("userId").asText().equals(userId.toString())).findFirst().orElseThrow();
    }
}
