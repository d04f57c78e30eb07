package com.partnerflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.directory.Role;
import com.partnerflow.passwordreset.PasswordResetService;
import com.partnerflow.registration.RegistrationService.NewRegistration;
import com.partnerflow.securitycode.CodeDeliveryProcess;
import com.partnerflow.securitycode.CodeDeliveryTestSupport;
import com.partnerflow.signin.SignInService;
import com.partnerflow.support.CountingPasswordEncoder;
import com.partnerflow.support.CountingPasswordEncoder.Work;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in, password reset and registration do not tell a registered address from an unknown
 * one: not by status or body (over HTTP), and not by the work they do (the same bcrypt
 * operations on the caller's thread, the same process steps and jobs), which is what makes
 * their timing alike. The medians themselves are measured by AccountEnumerationBenchmark.
 */
class NoAccountEnumerationTest extends IntegrationTestBase {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };
    private static final String IP = "127.0.0.1";

    @Autowired
    TestRestTemplate http;
    @Autowired
    SignInService signInService;
    @Autowired
    PasswordResetService resets;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void signInAnswersAndWorksAlikeForARegisteredAndAnUnknownAddress() {
        TestAccount account = accounts.newAccount();
        SignedInUser known = accounts.addUser(account, "known", Role.STANDARD_USER);
        String unknown = "nobody@" + account.domain();

        ResponseEntity<Map<String, Object>> forKnown = post("/api/sessions",
                Map.of("email", known.email(), "password", "Wrong#2026a"));
        ResponseEntity<Map<String, Object>> forUnknown = post("/api/sessions",
                Map.of("email", unknown, "password", "Wrong#2026a"));
        assertThat(forKnown.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(forUnknown.getStatusCode()).isEqualTo(forKnown.getStatusCode());
        assertThat(forUnknown.getBody()).isEqualTo(forKnown.getBody());

        Work knownWork = CountingPasswordEncoder.countOn(
                () -> signInService.signIn(known.email(), "Wrong#2026a", null, IP));
        Work unknownWork = CountingPasswordEncoder.countOn(
                () -> signInService.signIn(unknown, "Wrong#2026a", null, IP));
        assertThat(knownWork).isEqualTo(new Work(0, 1)).isEqualTo(unknownWork); // a dummy hash for the unknown
    }

    @Test
    void aResetRequestAndANewCodeRightAfterItAnswerAlikeAndStartTheSameWork() {
        TestAccount account = accounts.newAccount();
        SignedInUser known = accounts.addUser(account, "resetter", Role.STANDARD_USER);
        String unknown = "nobody@" + account.domain();

        ResponseEntity<Map<String, Object>> forKnown = post("/api/password-resets", Map.of("email", known.email()));
        ResponseEntity<Map<String, Object>> forUnknown = post("/api/password-resets", Map.of("email", unknown));
        assertThat(forKnown.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertSameAnswer(forKnown, forUnknown, "resetId");
        String knownReset = (String) forKnown.getBody().get("resetId");
        String unknownReset = (String) forUnknown.getBody().get("resetId");

        // at once, while the code may still be on its way: was 500 for the registered address
        ResponseEntity<Map<String, Object>> againKnown = post("/api/password-resets/" + knownReset + "/code", Map.of());
        ResponseEntity<Map<String, Object>> againUnknown = post("/api/password-resets/" + unknownReset + "/code",
                Map.of());
        assertThat(againKnown.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertSameAnswer(againKnown, againUnknown, "resetId");

        // and once the first code went out
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, knownReset);
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, unknownReset);
        assertSameAnswer(post("/api/password-resets/" + knownReset + "/code", Map.of()),
                post("/api/password-resets/" + unknownReset + "/code", Map.of()), "resetId");

        // the same work: no bcrypt on the caller's thread, one delivery process with the same steps and jobs
        UUID[] ids = new UUID[2];
        Work knownWork = CountingPasswordEncoder.countOn(
                () -> ids[0] = transaction.execute(s -> resets.request(known.email(), IP)));
        Work unknownWork = CountingPasswordEncoder.countOn(
                () -> ids[1] = transaction.execute(s -> resets.request(unknown, IP)));
        assertThat(knownWork).isEqualTo(unknownWork);
        assertSameProcessWork(ids[0], ids[1]);
        assertThat(mailbox.messagesFor(unknown)).isEmpty();
    }

    @Test
    void registeringARegisteredAddressLooksLikeAnyRegistrationAndTellsItsOwner() {
        String domain = newDomain();
        String owner = "owner@" + domain;
        registerUser(owner, "Owner Corp"); // mails: 1 code, 2 welcome
        mailbox.awaitMessage(owner, 2);
        String stranger = "stranger@" + domain;

        ResponseEntity<Map<String, Object>> forOwner = post("/api/registrations", registration(owner));
        ResponseEntity<Map<String, Object>> forStranger = post("/api/registrations", registration(stranger));
        assertThat(forOwner.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(forStranger.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(forOwner.getBody().keySet()).isEqualTo(forStranger.getBody().keySet());
        assertThat(forOwner.getBody().get("status")).isEqualTo(forStranger.getBody().get("status"));
        assertThat(((String) forOwner.getBody().get("message")).replace(owner, "<address>"))
                .isEqualTo(((String) forStranger.getBody().get("message")).replace(stranger, "<address>"));
        String ownerRegistration = (String) forOwner.getBody().get("registrationId");
        String strangerRegistration = (String) forStranger.getBody().get("registrationId");

        // the follow-up steps a caller can take answer alike too
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, ownerRegistration);
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, strangerRegistration);
        Map<String, Object> ownerView = get("/api/registrations/" + ownerRegistration).getBody();
        Map<String, Object> strangerView = get("/api/registrations/" + strangerRegistration).getBody();
        assertThat(ownerView.keySet()).isEqualTo(strangerView.keySet());
        for (String field : List.of("status", "attemptsLeft", "codeBeingSent", "userId", "completedAt")) {
            assertThat(ownerView.get(field)).as(field).isEqualTo(strangerView.get(field));
        }
        assertThat(ownerView.get("codeExpiresAt")).isNotNull();
        assertSameAnswer(post("/api/registrations/" + ownerRegistration + "/verification", Map.of("code", "123456")),
                post("/api/registrations/" + strangerRegistration + "/verification",
                        Map.of("code", otherThan(mailbox.awaitCode(stranger, 1)))), "instance");
        assertSameAnswer(post("/api/registrations/" + ownerRegistration + "/code", Map.of()),
                post("/api/registrations/" + strangerRegistration + "/code", Map.of()), "registrationId");

        // the owner is told, and gets no code; nobody learns the owner's code because there is none
        assertThat(mailbox.awaitMessage(owner, 3).subject())
                .isEqualTo("Someone tried to register with your Partnerflow address");
        assertThat(mailbox.awaitMessage(owner, 3).text()).contains("Sign in", "reset your password");
        assertThat(mailbox.awaitMessage(owner, 4).subject()).isEqualTo(mailbox.awaitMessage(owner, 3).subject());
        assertThat(mailbox.messagesFor(owner)).extracting(m -> m.text())
                .noneMatch(text -> text.matches("(?s).*^\\s*\\d{6}\\s*$.*"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM security_code WHERE subject_id = ? AND code_hash IS NOT NULL")
                .param(UUID.fromString(ownerRegistration)).query(Long.class).single()).isZero();

        // it expires like any abandoned registration and changes nothing
        moveClockBy(Duration.ofMinutes(15).plusSeconds(1));
        await().until(() -> "EXPIRED".equals(get("/api/registrations/" + ownerRegistration).getBody().get("status")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM partner_user WHERE email = ?").param(owner)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT parameters FROM audit_event WHERE event_name = 'RegistrationRequested' AND target = ?")
                .param(owner).query(String.class).list()).anyMatch(p -> p.contains("\"addressTaken\":true"));
    }

    @Test
    void aRegistrationOfARegisteredAddressDoesTheSameWorkAsAnyOther() {
        String domain = newDomain();
        String owner = "first@" + domain;
        registerUser(owner, "Same Work Ltd");

        UUID[] ids = new UUID[2];
        Work ownerWork = CountingPasswordEncoder.countOn(() -> ids[0] = transaction.execute(s -> registrations.register(
                new NewRegistration(owner, "Ann", "Example", GOOD_PASSWORD, "Same Work Ltd", "en", IP)).id()));
        Work strangerWork = CountingPasswordEncoder.countOn(() -> ids[1] = transaction.execute(s -> registrations
                .register(new NewRegistration("second@" + domain, "Ann", "Example", GOOD_PASSWORD, "Same Work Ltd",
                        "en", IP)).id()));
        assertThat(ownerWork).isEqualTo(new Work(1, 0)).isEqualTo(strangerWork); // the password's hash
        assertSameProcessWork(ids[0], ids[1]);
    }

    // --- helpers ---

    /**
     * Both requests' processes (the registration and its code delivery, found by the id) went through the same
     * activities and created the same jobs, once their first code went out.
     */
    private void assertSameProcessWork(UUID a, UUID b) {
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, a);
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, b);
        assertThat(activities(a)).isNotEmpty().isEqualTo(activities(b));
        assertThat(jobsCreated(a)).contains("Task_SendCode").isEqualTo(jobsCreated(b));
    }

    private List<String> activities(UUID businessKey) {
        return processes(businessKey).stream()
                .flatMap(p -> history.createHistoricActivityInstanceQuery().processInstanceId(p.getId()).list().stream())
                .map(HistoricActivityInstance::getActivityId).sorted().toList();
    }

    private List<String> jobsCreated(UUID businessKey) {
        return processes(businessKey).stream()
                .flatMap(p -> history.createHistoricJobLogQuery().processInstanceId(p.getId()).creationLog().list()
                        .stream())
                .map(HistoricJobLog::getActivityId).sorted().toList();
    }

    private List<HistoricProcessInstance> processes(UUID businessKey) {
        // the registration (if any) and its code delivery: both carry the id as a variable
        List<HistoricProcessInstance> found = new java.util.ArrayList<>(history.createHistoricProcessInstanceQuery()
                .variableValueEquals(com.partnerflow.registration.RegistrationProcess.REGISTRATION_ID, businessKey.toString()).list());
        found.addAll(history.createHistoricProcessInstanceQuery()
                .variableValueEquals(CodeDeliveryProcess.CODE_REQUEST_ID, businessKey.toString()).list());
        assertThat(found).extracting(HistoricProcessInstance::getProcessDefinitionKey).contains(CodeDeliveryProcess.KEY);
        return found;
    }

    private static void assertSameAnswer(ResponseEntity<Map<String, Object>> a, ResponseEntity<Map<String, Object>> b,
                                         String idField) {
        assertThat(b.getStatusCode()).isEqualTo(a.getStatusCode());
        Map<String, Object> bodyA = new HashMap<>(a.getBody());
        Map<String, Object> bodyB = new HashMap<>(b.getBody());
        assertThat(bodyB.keySet()).isEqualTo(bodyA.keySet());
        bodyA.remove(idField);
        bodyB.remove(idField);
        assertThat(bodyB).isEqualTo(bodyA);
    }

    private static Map<String, Object> registration(String email) {
        return Map.of("email", email, "firstName", "Ann", "lastName", "Example", "password", GOOD_PASSWORD,
                "companyName", "Owner Corp");
    }

    private static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private ResponseEntity<Map<String, Object>> post(String path, Map<String, ?> body) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body), JSON);
    }

    private ResponseEntity<Map<String, Object>> get(String path) {
        return http.exchange(path, HttpMethod.GET, null, JSON);
    }
}
