package com.partnerflow.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static com.partnerflow.securitycode.CodeDeliveryTestSupport.deliveryOf;

import com.icegreen.greenmail.util.GreenMail;
import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.registration.RegistrationService.Verification;
import com.partnerflow.securitycode.CodeDeliveryProcess;
import com.partnerflow.registration.RegistrationService.NewRegistration;
import com.partnerflow.securitycode.CodeDeliveryTestSupport;
import com.partnerflow.support.ProcessTestBase;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;

/**
 * Every path of processes/partner-registration.bpmn in the fast layer: the real engine and mail
 * server, each job (of the registration and of its code delivery) run by the test.
 */
@ExtendWith(OutputCaptureExtension.class)
class PartnerRegistrationProcessTest extends ProcessTestBase {

    @Autowired
    PartnerDirectory directory;
    @Autowired
    GreenMail mailServer;
    @Autowired
    RegistrationService registrations;

    private Registration register(String email, String companyName) {
        return registrations.register(new NewRegistration(email, "Ann", "Example", GOOD_PASSWORD,
                companyName, "en", "127.0.0.1"));
    }

    private ProcessInstance processOf(Registration registration) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(RegistrationProcess.KEY)
                .variableValueEquals(RegistrationProcess.REGISTRATION_ID, registration.id().toString()).singleResult();
    }

    private HistoricProcessInstance historicProcessOf(Registration registration) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(RegistrationProcess.KEY)
                .variableValueEquals(RegistrationProcess.REGISTRATION_ID, registration.id().toString()).singleResult();
    }

    /** Runs the due jobs (the code's mail) and checks the code delivery then listens for the code. */
    private void awaitWaitingForCode(Registration registration) {
        runDueJobs(processOf(registration).getId());
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, registration.id());
    }

    /** Runs the due jobs (timers included) and checks the registration ended. */
    private void awaitEnded(Registration registration) {
        ProcessInstance running = processOf(registration);
        if (running != null) {
            runDueJobs(running.getId());
        }
        assertThat(historicProcessOf(registration).getEndTime()).isNotNull();
    }

    @Test
    void firstRegistrantCreatesTheAccountAndBecomesAllianceLead() {
        String email = "lead@" + newDomain();
        Registration registration = register(email, "Acme Corp");
        awaitWaitingForCode(registration);
        ProcessInstance process = processOf(registration);
        assertThat(process).isWaitingAt(RegistrationProcess.CALL_DELIVER_SECURITY_CODE);
        // Cockpit shows the masked address, never the whole one, for both instances
        assertThat(process.getBusinessKey()).isEqualTo("l***@" + email.substring(email.indexOf('@') + 1));
        assertThat(runtime.createProcessInstanceQuery().superProcessInstanceId(process.getId()).singleResult()
                .getBusinessKey()).isEqualTo(process.getBusinessKey());
        assertThat(process).calledProcessInstance(CodeDeliveryProcess.KEY).isWaitingAt("Gateway_AwaitCode")
                .hasPassed("Task_SendCode");

        Verification outcome = registrations.verify(registration.id(), mailbox.awaitCode(email, 1), "127.0.0.1");

        PartnerUser user = ((Verification.Verified) outcome).user();
        assertThat(user.roles()).containsExactly(Role.ALLIANCE_LEAD);
        assertThat(directory.findAccount(user.accountId()).orElseThrow().legalName()).isEqualTo("Acme Corp");
        awaitEnded(registration);
        assertThat(process).hasPassedInOrder(RegistrationProcess.CALL_DELIVER_SECURITY_CODE, "Task_CreatePartnerUser",
                "Task_SendWelcomeEmail", "End_Registered").isEnded();
        assertThat(deliveryOf(history, registration.id()).getEndActivityId()).isEqualTo("End_SignedIn");
        assertThat(mailbox.awaitMessage(email, 2).subject()).isEqualTo("Welcome to the Partnerflow partner programme");
        assertThat(registrations.view(registration.id()).status()).isEqualTo(RegistrationStatus.REGISTERED);
    }

    @Test
    void laterRegistrantOfTheSameDomainJoinsAsStandardUser() {
        String domain = newDomain();
        PartnerUser lead = completeRegistration("first@" + domain, "Globex");
        Registration second = register("second@" + domain, null);
        awaitWaitingForCode(second);

        PartnerUser joiner = ((Verification.Verified) registrations.verify(second.id(),
                mailbox.awaitCode("second@" + domain, 1), "127.0.0.1")).user();

        assertThat(joiner.accountId()).isEqualTo(lead.accountId());
        assertThat(joiner.roles()).containsExactly(Role.STANDARD_USER);
        awaitEnded(second);
        assertThat(historicProcessOf(second).getEndActivityId()).isEqualTo("End_Registered");
        assertThat(directory.usersOf(lead.accountId())).extracting(PartnerUser::email)
                .containsExactly("first@" + domain, "second@" + domain);
    }

    @Test
    void wrongCodeCountsDownAttemptsAndTheProcessKeepsWaiting() {
        String email = "typo@" + newDomain();
        Registration registration = register(email, "Initech");
        awaitWaitingForCode(registration);
        String code = mailbox.awaitCode(email, 1);

        assertThat(registrations.verify(registration.id(), otherThan(code), "127.0.0.1"))
                .isEqualTo(new Verification.WrongCode(4));
        assertThat(registrations.verify(registration.id(), otherThan(code), "127.0.0.1"))
                .isEqualTo(new Verification.WrongCode(3));

        assertThat(processOf(registration)).isWaitingAt(RegistrationProcess.CALL_DELIVER_SECURITY_CODE);
        assertThat(registrations.view(registration.id()).attemptsLeft()).isEqualTo(3);
        assertThat(registrations.verify(registration.id(), code, "127.0.0.1")).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void fiveWrongCodesLockTheCodeUntilANewOneIsRequested() {
        String email = "locked@" + newDomain();
        Registration registration = register(email, "Umbrella");
        awaitWaitingForCode(registration);
        String code = mailbox.awaitCode(email, 1);
        for (int left = 4; left >= 0; left--) {
            assertThat(registrations.verify(registration.id(), otherThan(code), "127.0.0.1"))
                    .isEqualTo(new Verification.WrongCode(left));
        }
        assertThat(registrations.view(registration.id()).status()).isEqualTo(RegistrationStatus.LOCKED);

        // the sixth try is refused even with the right code
        assertProblem(() -> registrations.verify(registration.id(), code, "127.0.0.1"), HttpStatus.LOCKED);

        registrations.requestNewCode(registration.id(), "127.0.0.1");
        awaitWaitingForCode(registration);
        String fresh = mailbox.awaitCode(email, 2);
        assertThat(registrations.verify(registration.id(), fresh, "127.0.0.1")).isInstanceOf(Verification.Verified.class);
        awaitEnded(registration);
        assertThat(processOf(registration)).isNull();
        assertThat(historicProcessOf(registration).getEndActivityId()).isEqualTo("End_Registered");
    }

    @Test
    void abandonedRegistrationExpiresAndLeavesNoUserOrAccount() {
        String domain = newDomain();
        Registration registration = register("gone@" + domain, "Hooli");
        awaitWaitingForCode(registration);
        String code = mailbox.awaitCode("gone@" + domain, 1);
        ProcessInstance process = processOf(registration);

        moveClockBy(Duration.ofMinutes(15).plusSeconds(1));

        // the code is dead at once, whether or not the timer has fired yet
        assertProblem(() -> registrations.verify(registration.id(), code, "127.0.0.1"), HttpStatus.GONE);
        awaitEnded(registration);
        assertThat(process).hasPassed("Event_CodeExpired", "Task_ExpireRegistration").isEnded();
        assertThat(historicProcessOf(registration).getEndActivityId()).isEqualTo("End_Expired");
        assertThat(registrations.view(registration.id()).status()).isEqualTo(RegistrationStatus.EXPIRED);
        assertThat(directory.findAccountIdByDomain(domain)).isEmpty();
        assertThat(directory.emailTaken("gone@" + domain)).isFalse();
        assertThat(jdbc.sql("SELECT password_hash FROM registration WHERE id = ?").param(registration.id())
                .query(String.class).optional()).isEmpty();
        assertProblem(() -> registrations.requestNewCode(registration.id(), "127.0.0.1"), HttpStatus.GONE);
    }

    @Test
    void aNewCodeReplacesThePreviousOne() {
        String email = "again@" + newDomain();
        Registration registration = register(email, "Vandelay");
        awaitWaitingForCode(registration);
        String first = mailbox.awaitCode(email, 1);

        registrations.requestNewCode(registration.id(), "127.0.0.1");
        awaitWaitingForCode(registration);
        String second = mailbox.awaitCode(email, 2);

        if (!first.equals(second)) { // one chance in a million that they match
            assertThat(registrations.verify(registration.id(), first, "127.0.0.1"))
                    .isInstanceOf(Verification.WrongCode.class);
        }
        assertThat(registrations.verify(registration.id(), second, "127.0.0.1"))
                .isInstanceOf(Verification.Verified.class);
        awaitEnded(registration);
        assertThat(processOf(registration)).isNull();
        assertThat(history.createHistoricActivityInstanceQuery()
                .processInstanceId(deliveryOf(history, registration.id()).getId())
                .activityId("Task_SendCode").count()).isEqualTo(2);
    }

    @Test
    void atMostFiveCodesPerAddressPerHour() {
        String email = "eager@" + newDomain();
        Registration registration = register(email, "Stark");
        for (int n = 2; n <= 5; n++) {
            awaitWaitingForCode(registration);
            registrations.requestNewCode(registration.id(), "127.0.0.1");
        }
        awaitWaitingForCode(registration);
        moveClockBy(Duration.ofSeconds(1)); // the engine clock stands still in the fast layer: let time pass
        ApiProblem refused = assertProblem(() -> registrations.requestNewCode(registration.id(), "127.0.0.1"),
                HttpStatus.TOO_MANY_REQUESTS);
        assertThat((Long) refused.getBody().getProperties().get("retryAfterSeconds")).isBetween(1L, 3600L);
        // a second registration for the same address shares the limit
        assertProblem(() -> register(email, "Stark"), HttpStatus.TOO_MANY_REQUESTS);

        moveClockBy(Duration.ofMinutes(61));
        // by now the 15-minute timer may have expired the registration; a new one is allowed again
        Registration later = register(email, "Stark");
        awaitWaitingForCode(later);
        assertThat(registrations.verify(later.id(), mailbox.awaitCode(email, 6), "127.0.0.1"))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void mailOutageBecomesRetriesThenAnIncidentAndNothingIsLost() {
        String email = "outage@" + newDomain();
        mailServer.stop();
        Registration registration;
        try {
            registration = register(email, "Wayne Enterprises");
            String processId = deliveryOf(history, registration.id()).getId();
            exhaustRetries(processId, "Task_SendCode", "Mail server unreachable: 127.0.0.1:");
            assertThat(runtime.createIncidentQuery().processInstanceId(processId).singleResult())
                    .isNotNull()
                    .satisfies(incident -> assertThat(incident.getActivityId()).isEqualTo("Task_SendCode"))
                    // one sentence a person can act on (Cockpit shows it), not a Java exception
                    .satisfies(incident -> assertThat(incident.getIncidentMessage())
                            .matches("Mail server unreachable: 127\\.0\\.0\\.1:\\d+ refused the connection; the "
                                    + "\\S+ mail was not sent\\. It goes out by itself once the server answers again, "
                                    + "while its retries last \\(then retry this step in Cockpit\\)\\.")
                            .doesNotContain("Exception", email));
            assertThat(processOf(registration)).isWaitingAt(RegistrationProcess.CALL_DELIVER_SECURITY_CODE);
        } finally {
            mailServer.start();
        }

        // an admin retries the incident (Cockpit's "retry"): the registration carries on
        String processId = deliveryOf(history, registration.id()).getId();
        management.setJobRetries(management.createJobQuery().processInstanceId(processId).singleResult().getId(), 1);
        awaitWaitingForCode(registration);
        assertThat(runtime.createIncidentQuery().processInstanceId(processId).count()).isZero();
        assertThat(registrations.verify(registration.id(), mailbox.awaitCode(email, 1), "127.0.0.1"))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void codesAndPasswordsNeverReachProcessVariablesHistoryOrLogs(CapturedOutput output) {
        String email = "secret@" + newDomain();
        Registration registration = register(email, "Cyberdyne");
        awaitWaitingForCode(registration);
        String code = mailbox.awaitCode(email, 1);
        registrations.verify(registration.id(), code, "127.0.0.1");
        awaitEnded(registration);

        String processId = historicProcessOf(registration).getId();
        List<HistoricVariableInstance> variables = history.createHistoricVariableInstanceQuery()
                .processInstanceId(processId).list();
        assertThat(variables).extracting(HistoricVariableInstance::getName)
                .containsExactly(RegistrationProcess.REGISTRATION_ID);
        assertThat(history.createHistoricDetailQuery().processInstanceId(processId).list())
                .allSatisfy(detail -> assertThat(String.valueOf(detail)).doesNotContain(code, GOOD_PASSWORD));
        assertThat(output.getAll()).doesNotContain(code).doesNotContain(GOOD_PASSWORD);
        // our tables hold salted hashes only
        assertThat(jdbc.sql("SELECT password_hash FROM partner_user WHERE email = ?").param(email)
                .query(String.class).single()).startsWith("$2a$").doesNotContain(GOOD_PASSWORD);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM security_code WHERE subject_id = ? AND code_hash IS NOT NULL")
                .param(registration.id()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT parameters FROM audit_event WHERE target = ?").param(email)
                .query(String.class).list()).allSatisfy(p -> assertThat(p).doesNotContain(code, GOOD_PASSWORD));
    }

    private PartnerUser completeRegistration(String email, String company) {
        Registration registration = register(email, company);
        awaitWaitingForCode(registration);
        return ((Verification.Verified) registrations.verify(registration.id(), mailbox.awaitCode(email, 1),
                "127.0.0.1")).user();
    }

    static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    static ApiProblem assertProblem(Runnable call, HttpStatus status) {
        ApiProblem[] caught = new ApiProblem[1];
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.getStatusCode()).isEqualTo(status);
            caught[0] = p;
        });
        return caught[0];
    }
}
