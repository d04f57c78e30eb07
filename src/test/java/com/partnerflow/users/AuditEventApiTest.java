package com.partnerflow.users;

import org.junit.jupiter.api.Tag;
import static com.partnerflow.directory.Role.ACE_USER;
import static com.partnerflow.directory.Role.ALLIANCE_TEAM;
import static com.partnerflow.directory.Role.TECHNICAL_STAFF;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The account's audit log over HTTP: own account only, filters, newest first, pages, bad filters. */
@Tag("database")
class AuditEventApiTest extends UsersApiTestSupport {

    @Autowired
    AuditLog audit;

    @Test
    void roleChangesAndRemovalsAreReadBackWithWhoWhatWhenWhereAndParameters() {
        TestAccount account = accounts.newAccount();
        SignedInUser ann = accounts.addUser(account, "ann", ACE_USER);
        changeRoles(account.lead(), assign(ann.userId(), TECHNICAL_STAFF));
        remove(account.lead(), ann.userId(), "confirm");

        JsonNode events = get("/api/account/audit-events", account.lead()).getBody().get("events");
        assertThat(names(events)).containsExactly("UserRemoved", "RoleUnassigned", "RoleUnassigned", "RoleAssigned");
        JsonNode assigned = events.get(3);
        assertThat(assigned.get("actor").get("name").asText()).isEqualTo(account.lead().email());
        assertThat(assigned.get("actor").get("userId").asText()).isEqualTo(account.lead().userId().toString());
        assertThat(assigned.get("target").get("name").asText()).isEqualTo(ann.email());
        assertThat(assigned.get("target").get("userId").asText()).isEqualTo(ann.userId().toString());
        assertThat(assigned.get("sourceAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(assigned.get("parameters").get("role").asText()).isEqualTo("TECHNICAL_STAFF"); // an object, not text
        assertThat(Instant.parse(assigned.get("occurredAt").asText())).isBeforeOrEqualTo(Instant.now().plusSeconds(5));
    }

    @Test
    void secretsWrittenHiddenStayHidden() {
        TestAccount account = accounts.newAccount();
        audit.event("MfaCodeSent").by("system", null).account(account.accountId())
                .target(account.lead().email(), account.lead().userId()).with("code", "123456")
                .with("resetToken", "abc").with("channel", "email").record();
        JsonNode parameters = get("/api/account/audit-events?eventName=MfaCodeSent", account.lead()).getBody()
                .get("events").get(0).get("parameters");
        assertThat(parameters.get("code").asText()).isEqualTo("HIDDEN");
        assertThat(parameters.get("resetToken").asText()).isEqualTo("HIDDEN");
        assertThat(parameters.get("channel").asText()).isEqualTo("email");
        assertThat(parameters.toString()).doesNotContain("123456", "abc");
    }

    @Test
    void filtersByUserAsActorOrTargetByTimeAndByNameAndSeesOnlyTheOwnAccount() {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "maria", ALLIANCE_TEAM);
        SignedInUser ann = accounts.addUser(account, "ann", ACE_USER);
        SignedInUser bob = accounts.addUser(account, "bob", ACE_USER);
        TestAccount other = accounts.newAccount();
        SignedInUser stranger = accounts.addUser(other, "stranger", ACE_USER);
        changeRoles(other.lead(), assign(stranger.userId(), TECHNICAL_STAFF));

        Instant start = ClockUtil.getCurrentTime().toInstant();
        changeRoles(account.lead(), assign(ann.userId(), TECHNICAL_STAFF)); // lead → ann
        moveClockBy(Duration.ofHours(2));
        Instant later = ClockUtil.getCurrentTime().toInstant();
        changeRoles(team, assign(bob.userId(), TECHNICAL_STAFF)); // team → bob
        changeRoles(team, unassign(ann.userId(), ACE_USER)); // team → ann

        assertThat(count("", account.lead())).isEqualTo(3);
        assertThat(targets(get("/api/account/audit-events?userId=" + ann.userId(), team).getBody().get("events")))
                .containsExactly(ann.email(), ann.email());
        assertThat(count("?userId=" + team.userId(), account.lead())).isEqualTo(2); // as actor
        assertThat(count("?from=" + later, account.lead())).isEqualTo(2);
        assertThat(count("?to=" + later, account.lead())).isEqualTo(1);
        assertThat(count("?from=" + start + "&to=" + later + "&eventName=RoleAssigned", account.lead())).isEqualTo(1);
        assertThat(count("?eventName=RoleUnassigned", account.lead())).isEqualTo(1);
        // an offset's '+' sent without URL-encoding (it arrives as a space) still reads as an offset
        assertThat(count("?from=" + later.atOffset(java.time.ZoneOffset.ofHours(9)) + "&eventName=RoleAssigned",
                account.lead())).isEqualTo(1);
        // another account's events and users are invisible
        assertThat(count("?userId=" + stranger.userId(), account.lead())).isZero();
        assertThat(count("", other.lead())).isEqualTo(1);
    }

    @Test
    void pagesGoFromNewestToOldestWithoutGapsOrRepeats() {
        TestAccount account = accounts.newAccount();
        SignedInUser ann = accounts.addUser(account, "ann", ACE_USER);
        for (int i = 0; i < 5; i++) {
            audit.event("Tick").by("system", null).account(account.accountId()).with("n", i).record();
            if (i % 2 == 0) {
                moveClockBy(Duration.ofMinutes(1)); // some events share a time, some do not
            }
        }
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/api/account/audit-events?eventName=Tick&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), account.lead()).getBody();
            page.get("events").forEach(e -> seen.add(e.get("parameters").get("n").asInt()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactly(4, 3, 2, 1, 0);
        assertThat(pages).isEqualTo(3);
        assertThat(ann).isNotNull();
    }

    @Test
    void badFiltersAreRefused() {
        SignedInUser lead = accounts.newAccount().lead();
        for (String query : new String[] {"userId=nobody", "from=yesterday", "to=2026-13-01T00:00:00Z",
                "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "eventName=Role%20Assigned", "limit=0",
                "limit=201", "limit=ten", "cursor=%21%21"}) {
            ResponseEntity<JsonNode> answer = get("/api/account/audit-events?" + query, lead);
            assertThat(answer.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getBody().get("code").asText()).isEqualTo("invalid-filter");
            assertThat(answer.getBody().get("parameter").asText()).as(query).isNotBlank();
        }
        assertThat(get("/api/account/audit-events?limit=200", lead).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private int count(String query, SignedInUser caller) {
        ResponseEntity<JsonNode> answer = get("/api/account/audit-events" + query, caller);
        assertThat(answer.getStatusCode()).as(query).isEqualTo(HttpStatus.OK);
        return answer.getBody().get("events").size();
    }

    private static List<String> names(JsonNode events) {
        return StreamSupport.stream(events.spliterator(), false).map(e -> e.get("eventName").asText()).toList();
    }

    private static List<String> targets(JsonNode events) {
        return StreamSupport.stream(events.spliterator(), false).map(e -> e.get("target").get("name").asText()).toList();
    }
}
