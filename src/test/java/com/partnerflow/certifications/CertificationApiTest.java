package com.partnerflow.certifications;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The certification endpoints over HTTP: merge cases, T&C account email, consent and the roster. */
@Tag("database")
class CertificationApiTest extends MergeTestSupport {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    TestRestTemplate http;

    @Test
    void openingAMergeCaseAndItsBadInput() {
        TestAccounts.TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        String keep = personalAddress("keep");
        String merge = personalAddress("merge");
        certificationSystem.createAccount(keep, "AWS Builder ID", "Kim Keep");
        certificationSystem.createAccount(merge, "Amazon.com account", "Kim Keep");

        ResponseEntity<Map<String, Object>> opened = exchange(HttpMethod.POST, "/api/certification-merges",
                Map.of("keepAccountEmail", keep, "mergeAccountEmail", merge, "note", "Old account from university."), lead);
        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String caseNumber = (String) opened.getBody().get("caseNumber");
        assertThat(opened.getHeaders().getLocation()).hasToString("/api/certification-merges/" + caseNumber);
        assertThat(opened.getBody()).containsEntry("keepAccountEmail", keep).containsEntry("withdrawable", true);

        ResponseEntity<Map<String, Object>> read = exchange(HttpMethod.GET, "/api/certification-merges/" + caseNumber, null, lead);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(read.getBody()).containsKeys("stage", "waitingOn", "waitingSince");
        // the case is an ordinary case for the partner too
        assertThat(exchange(HttpMethod.GET, "/api/cases/" + caseNumber, null, lead).getStatusCode()).isEqualTo(HttpStatus.OK);

        // the same pair again, in the other order and other case
        ResponseEntity<Map<String, Object>> duplicate = exchange(HttpMethod.POST, "/api/certification-merges",
                Map.of("keepAccountEmail", merge.toUpperCase(), "mergeAccountEmail", keep), lead);
        assertThat(duplicate.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(duplicate.getBody()).containsEntry("code", "duplicate-merge-case").containsEntry("caseNumber", caseNumber);

        // the same account twice
        ResponseEntity<Map<String, Object>> same = exchange(HttpMethod.POST, "/api/certification-merges",
                Map.of("keepAccountEmail", keep, "mergeAccountEmail", keep.toUpperCase()), lead);
        assertThat(same.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(same.getBody()).containsEntry("code", "same-certification-account");

        // an account the certification system does not know
        ResponseEntity<Map<String, Object>> unknown = exchange(HttpMethod.POST, "/api/certification-merges",
                Map.of("keepAccountEmail", keep, "mergeAccountEmail", personalAddress("nobody")), lead);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(unknown.getBody()).containsEntry("code", "unknown-certification-account")
                .containsEntry("field", "mergeAccountEmail");

        // malformed input
        assertThat(exchange(HttpMethod.POST, "/api/certification-merges",
                Map.of("keepAccountEmail", "not-an-address", "mergeAccountEmail", merge), lead).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange(HttpMethod.POST, "/api/certification-merges", Map.of(), lead).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);

        // not your case: another account neither reads nor withdraws it
        SignedInUser stranger = accounts.newAccount().lead();
        ResponseEntity<Map<String, Object>> foreign = exchange(HttpMethod.GET, "/api/certification-merges/" + caseNumber, null, stranger);
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(foreign.getBody()).containsEntry("code", "case-not-found");
        assertThat(exchange(HttpMethod.POST, "/api/cases/" + caseNumber + "/resolution", null, stranger)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // ... and learns no case number when it asks for the same pair
        ResponseEntity<Map<String, Object>> foreignDuplicate = exchange(HttpMethod.POST, "/api/certification-merges",
                Map.of("keepAccountEmail", keep, "mergeAccountEmail", merge), stranger);
        assertThat(foreignDuplicate.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(foreignDuplicate.getBody()).doesNotContainKey("caseNumber");

        // the partner withdraws (once the case reached the agent): the process ends, and the pair may be asked for again
        org.awaitility.Awaitility.await().until(() -> tasks.createTaskQuery().processInstanceBusinessKey(caseNumber)
                .taskDefinitionKey(PrepareMergeTaskListener.TASK_REQUEST_DETAILS).count() == 1);
        assertThat(exchange(HttpMethod.POST, "/api/cases/" + caseNumber + "/resolution", null, lead).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(exchange(HttpMethod.POST, "/api/certification-merges",
                Map.of("keepAccountEmail", keep, "mergeAccountEmail", merge), lead).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void noTokenNoMergeAndNoRosterWithoutTheRole() {
        assertThat(http.exchange("/api/certification-merges", HttpMethod.POST,
                new HttpEntity<>(Map.of("keepAccountEmail", "a@b.example", "mergeAccountEmail", "c@d.example")), JSON)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        TestAccounts.TestAccount account = accounts.newAccount();
        SignedInUser standard = accounts.addUser(account, "std", Role.STANDARD_USER);
        ResponseEntity<Map<String, Object>> denied = exchange(HttpMethod.GET, "/api/account/certification-roster", null, standard);
        assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat((String) denied.getBody().get("permission")).startsWith("VIEW_CERTIFICATION_ROSTER");
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        assertThat(exchange(HttpMethod.GET, "/api/account/certification-roster", null, team).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void theRosterShowsConsentingUsersOnlyAndCountsEveryone() {
        TestAccounts.TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser sharing = accounts.addUser(account, "sharing", Role.TECHNICAL_STAFF);
        SignedInUser private_ = accounts.addUser(account, "private");
        certificationSystem.createAccount(sharing.email(), "AWS Builder ID", "Sam Sharing");
        certificationSystem.addExam(sharing.email(), "CLF-C02", "AWS Certified Cloud Practitioner", day(2024, 2, 1), day(2027, 2, 1));
        certificationSystem.createAccount(private_.email(), "AWS Builder ID", "Pia Private");
        certificationSystem.addExam(private_.email(), "CLF-C02", "AWS Certified Cloud Practitioner", day(2024, 3, 1), day(2027, 3, 1));
        certificationSystem.addExam(private_.email(), "SAA-C03", "AWS Certified Solutions Architect – Associate", day(2024, 4, 1), day(2027, 4, 1));

        // consent off (nobody opted in yet): everyone masked, but counted
        Map<String, Object> none = roster(lead);
        assertThat((List<?>) none.get("users")).isEmpty();
        assertThat(none).containsEntry("userCount", 3).containsEntry("usersWithoutConsent", 3);
        assertThat(counts(none)).containsEntry("CLF-C02", 2).containsEntry("SAA-C03", 1);
        assertThat(none.toString()).doesNotContain(private_.email(), sharing.email());

        // consent on
        ResponseEntity<Map<String, Object>> given = exchange(HttpMethod.PUT, "/api/me/certification-consent", null, sharing);
        assertThat(given.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(given.getBody()).containsEntry("consent", true);
        Map<String, Object> one = roster(lead);
        assertThat(one).containsEntry("usersWithoutConsent", 2);
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = ((List<Map<String, Object>>) one.get("users")).get(0);
        assertThat(shown).containsEntry("email", sharing.email()).containsKey("lastSync");
        assertThat(shown.get("certifications").toString())
                .contains("CLF-C02", "certificationAccount=" + sharing.email(), "expiresAt=2027-02-01");
        assertThat(one.toString()).doesNotContain(private_.email());
        assertThat(shown.get("certifications").toString()).doesNotContain("SAA-C03");
        assertThat(counts(one)).containsEntry("CLF-C02", 2).containsEntry("SAA-C03", 1);

        // consent revoked
        assertThat(exchange(HttpMethod.DELETE, "/api/me/certification-consent", null, sharing).getBody())
                .containsEntry("consent", false);
        Map<String, Object> revoked = roster(lead);
        assertThat((List<?>) revoked.get("users")).isEmpty();
        assertThat(revoked).containsEntry("usersWithoutConsent", 3);
        assertThat(counts(revoked)).containsEntry("CLF-C02", 2);

        assertThat(jdbc.sql("SELECT event_name FROM audit_event WHERE actor_user_id = ? ORDER BY id")
                .param(sharing.userId()).query(String.class).list())
                .containsExactly("CertificationConsentGiven", "CertificationConsentRevoked");
    }

    @Test
    void aTncAccountEmailCountsAfterTheSyncDelayAndLeavesAfterItWhenCleared() {
        TestAccounts.TestAccount account = accounts.newAccount();
        SignedInUser user = account.lead();
        String personal = personalAddress("tnc");
        certificationSystem.createAccount(personal, "Amazon.com account", "Lee Lead");
        certificationSystem.addExam(personal, "DVA-C02", "AWS Certified Developer – Associate", day(2024, 6, 1), day(2027, 6, 1));

        ResponseEntity<Map<String, Object>> set = exchange(HttpMethod.PUT, "/api/me/certification-account-email",
                Map.of("email", personal), user);
        assertThat(set.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(set.getBody()).containsEntry("tncAccountEmail", personal).containsEntry("tncStatus", "PENDING");
        Instant pendingUntil = Instant.parse((String) set.getBody().get("pendingUntil"));
        assertThat(pendingUntil).isBetween(Instant.now().plus(Duration.ofDays(5)).minusSeconds(120),
                Instant.now().plus(Duration.ofDays(5)).plusSeconds(120));
        assertThat((List<?>) mine(user).get("certifications")).isEmpty();

        moveClockBy(Duration.ofDays(5).plusMinutes(5));
        Map<String, Object> active = mine(user);
        assertThat(active).containsEntry("tncStatus", "ACTIVE");
        assertThat(active.get("certifications").toString()).contains("DVA-C02", "certificationAccount=" + personal);

        // the transfer to a new employer: cleared here, the certifications stay until the sync delay passed
        ResponseEntity<Map<String, Object>> cleared = exchange(HttpMethod.DELETE, "/api/me/certification-account-email", null,
                fresh(user));
        assertThat(cleared.getBody()).containsEntry("tncAccountEmail", null).containsEntry("leavingEmail", personal);
        moveClockBy(Duration.ofDays(2));
        assertThat(mine(user).get("certifications").toString()).contains("DVA-C02");
        moveClockBy(Duration.ofDays(3).plusMinutes(5));
        assertThat((List<?>) mine(user).get("certifications")).isEmpty();

        // the business address is not a T&C address; another user's T&C address is taken
        user = fresh(user);
        assertThat(exchange(HttpMethod.PUT, "/api/me/certification-account-email", Map.of("email", user.email()), user)
                .getBody()).containsEntry("code", "same-as-business-address");
        exchange(HttpMethod.PUT, "/api/me/certification-account-email", Map.of("email", personal), user);
        SignedInUser other = accounts.addUser(accounts.newAccount(), "other");
        ResponseEntity<Map<String, Object>> taken = exchange(HttpMethod.PUT, "/api/me/certification-account-email",
                Map.of("email", personal), other);
        assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(taken.getBody()).containsEntry("code", "certification-account-email-taken");
        assertThat(exchange(HttpMethod.PUT, "/api/me/certification-account-email", Map.of("email", "nope"), user)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theDevelopmentClockIsOffInTheTestProfile() {
        assertThat(http.postForEntity("/dev/clock/advance?days=3", null, String.class).getStatusCode().is4xxClientError())
                .isTrue();
    }

    private Map<String, Object> roster(SignedInUser caller) {
        ResponseEntity<Map<String, Object>> roster = exchange(HttpMethod.GET, "/api/account/certification-roster", null, caller);
        assertThat(roster.getStatusCode()).isEqualTo(HttpStatus.OK);
        return roster.getBody();
    }

    /** With a fresh session: the clock moves past a session's 8 hours in these tests. */
    private Map<String, Object> mine(SignedInUser caller) {
        return exchange(HttpMethod.GET, "/api/me/certifications", null, fresh(caller)).getBody();
    }

    private SignedInUser fresh(SignedInUser user) {
        return new SignedInUser(user.userId(), user.accountId(), user.email(), signIn(user.userId()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> counts(Map<String, Object> roster) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) roster.get("certificationCounts")) {
            counts.put((String) c.get("certificationCode"), (Integer) c.get("count"));
        }
        return counts;
    }

    private ResponseEntity<Map<String, Object>> exchange(HttpMethod method, String path, Object body, SignedInUser user) {
        return http.exchange(path, method, new HttpEntity<>(body, user.bearer()), JSON);
    }
}
