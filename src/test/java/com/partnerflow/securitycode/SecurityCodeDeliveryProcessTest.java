package com.partnerflow.securitycode;

import static com.partnerflow.securitycode.CodeDeliveryTestSupport.deliveryOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.Role;
import com.partnerflow.passwordreset.PasswordResetService;
import com.partnerflow.signin.SignInService;
import com.partnerflow.signin.SignInService.SignIn;
import com.partnerflow.support.ProcessTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;

/**
 * Every path of processes/security-code-delivery.bpmn in the fast layer: the real engine and mail
 * server, each job run by the test ({@link #awaitCodeSent} runs the sending job).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityCodeDeliveryProcessTest extends ProcessTestBase {

    private static final String IP = "127.0.0.1";
    private static final String NEW_PASSWORD = "Fresh=Pass2027";

    @Autowired
    SignInService signInService;
    @Autowired
    PasswordResetService resets;
    @Autowired
    GreenMail mailServer;

    @Test
    void anMfaCodeIsSentAndItsUseEndsTheProcess() {
        SignedInUser user = mfaUser("ann");
        UUID challenge = challenge(user);
        awaitCodeSent(runtime, history, challenge);
        ProcessInstance process = process(challenge);
        assertThat(process).isWaitingAt("Gateway_AwaitCode").hasPassed("Task_SendCode");

        SignIn outcome = signInService.completeMfa(challenge, codeOf(user, 1), false, IP);

        assertThat(outcome).isInstanceOf(SignIn.SignedIn.class);
        assertThat(process).isEnded().hasPassedInOrder("Task_SendCode", "Event_CodeUsed", "Gateway_NoticeNeeded",
                "End_SignedIn").hasNotPassed("Task_SendPasswordChangedNotice");
        assertThat(status(challenge)).isEqualTo("COMPLETED");
    }

    @Test
    void aUsedResetCodeIsFollowedByThePasswordChangedNotice() {
        SignedInUser user = accounts.addUser(accounts.newAccount(), "reset", Role.STANDARD_USER);
        UUID reset = resets.request(user.email(), IP);
        awaitCodeSent(runtime, history, reset);
        ProcessInstance process = process(reset);

        assertThat(resets.complete(reset, codeOf(user, 1), NEW_PASSWORD, IP))
                .isInstanceOf(PasswordResetService.Completion.PasswordChanged.class);

        awaitDeliveryEnded(history, reset);
        assertThat(process).isEnded().hasPassedInOrder("Event_CodeUsed", "Gateway_NoticeNeeded",
                "Task_SendPasswordChangedNotice", "End_PasswordChanged");
        var notice = mailbox.awaitMessage(user.email(), 2);
        assertThat(notice.subject()).isEqualTo("Your Partnerflow password was changed");
        assertThat(notice.text()).contains(user.email());
    }

    @Test
    void aNewCodeIsSentAgainAndReplacesThePreviousOne() {
        SignedInUser user = mfaUser("again");
        UUID challenge = challenge(user);
        awaitCodeSent(runtime, history, challenge);
        String first = codeOf(user, 1);

        signInService.newMfaCode(challenge, IP);
        awaitCodeSent(runtime, history, challenge);
        String second = codeOf(user, 2);

        if (!first.equals(second)) { // one chance in a million that they match
            assertThat(signInService.completeMfa(challenge, first, false, IP)).isInstanceOf(SignIn.WrongCode.class);
        }
        assertThat(signInService.completeMfa(challenge, second, false, IP)).isInstanceOf(SignIn.SignedIn.class);
        HistoricProcessInstance process = deliveryOf(history, challenge);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(process.getId())
                .activityId("Task_SendCode").count()).isEqualTo(2);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(process.getId())
                .activityId("Event_NewCodeRequested").count()).isEqualTo(1);
        assertThat(process.getEndActivityId()).isEqualTo("End_SignedIn");
    }

    @Test
    void anUnusedCodeExpiresWhenItsValidityEnds() {
        SignedInUser user = accounts.addUser(accounts.newAccount(), "late", Role.STANDARD_USER);
        UUID reset = resets.request(user.email(), IP);
        awaitCodeSent(runtime, history, reset);
        String code = codeOf(user, 1);
        ProcessInstance process = process(reset);

        moveClockBy(Duration.ofMinutes(15).plusSeconds(1));

        awaitDeliveryEnded(history, reset);
        assertThat(process).isEnded().hasPassedInOrder("Event_CodeExpired", "Task_ExpireCodeRequest",
                "End_CodeExpired");
        assertThat(status(reset)).isEqualTo("EXPIRED");
        assertThat(jdbc.sql("SELECT status FROM security_code WHERE subject_id = ? AND code_hash IS NULL")
                .param(reset).query(String.class).list()).containsExactly("EXPIRED");
        assertThatThrownBy(() -> resets.complete(reset, code, NEW_PASSWORD, IP))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("code-expired"));
    }

    @Test
    void theFifthWrongMfaCodeWithdrawsTheCode() {
        SignedInUser user = mfaUser("typo");
        UUID challenge = challenge(user);
        awaitCodeSent(runtime, history, challenge);
        String code = codeOf(user, 1);
        ProcessInstance process = process(challenge);
        for (int i = 1; i <= 4; i++) {
            assertThat(signInService.completeMfa(challenge, otherThan(code), false, IP))
                    .isInstanceOf(SignIn.WrongCode.class);
            assertThat(process).isWaitingAt("Gateway_AwaitCode");
        }
        assertThat(signInService.completeMfa(challenge, otherThan(code), false, IP)).isInstanceOf(SignIn.Locked.class);

        assertThat(process).isEnded().hasPassed("Event_Withdrawn", "End_Withdrawn");
        assertThat(status(challenge)).isEqualTo("LOCKED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM security_code WHERE subject_id = ? AND code_hash IS NOT NULL")
                .param(challenge).query(Long.class).single()).isZero();
    }

    @Test
    void mailOutageBecomesRetriesThenAnIncidentAndNothingIsLost() {
        SignedInUser user = mfaUser("outage");
        mailServer.stop();
        UUID challenge;
        try {
            challenge = challenge(user);
            String processId = deliveryOf(history, challenge).getId();
            exhaustRetries(processId, "Task_SendCode", "Mail server unreachable: 127.0.0.1:");
            assertThat(runtime.createIncidentQuery().processInstanceId(processId).singleResult())
                    .isNotNull()
                    .satisfies(incident -> assertThat(incident.getActivityId()).isEqualTo("Task_SendCode"));
            assertThat(process(challenge)).isWaitingAt("Task_SendCode");
            // the partner asking again meanwhile is told the code is on its way
            assertThatThrownBy(() -> signInService.newMfaCode(challenge, IP))
                    .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("code-being-sent"));
            assertThatThrownBy(() -> signInService.completeMfa(challenge, "123456", false, IP))
                    .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("code-not-sent-yet"));
        } finally {
            mailServer.start();
        }

        // an admin retries the incident (Cockpit's "retry"): the code goes out and works
        String processId = deliveryOf(history, challenge).getId();
        management.setJobRetries(management.createJobQuery().processInstanceId(processId).singleResult().getId(), 1);
        awaitCodeSent(runtime, history, challenge);
        assertThat(runtime.createIncidentQuery().processInstanceId(processId).count()).isZero();
        // the clock moved about two hours meanwhile (the retries): the code's 15 minutes count from sending
        assertThat(signInService.completeMfa(challenge, codeOf(user, 1), false, IP))
                .isInstanceOf(SignIn.SignedIn.class);
    }

    /**
     * The engine-wide retry policy (application.yml, failedJobRetryTimeCycle), which no model
     * overrides: after each failed attempt the next is due 1, 5, 15, 30 and 60 minutes later, so
     * an outage of about two hours is ridden out; the sixth failure becomes one incident.
     */
    @Test
    void aFailingStepIsRetriedAfter1_5_15_30And60MinutesThenBecomesOneIncident() {
        List<Duration> pauses = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Duration.ofHours(1));
        SignedInUser user = mfaUser("backoff");
        mailServer.stop();
        try {
            Date attemptedFrom = ClockUtil.getCurrentTime();
            String processId = deliveryOf(history, challenge(user)).getId();
            for (int failures = 1; failures <= pauses.size(); failures++) {
                int retriesLeft = pauses.size() + 1 - failures;
                executeFailing(management.createJobQuery().processInstanceId(processId).singleResult().getId());
                Job job = management.createJobQuery().processInstanceId(processId).singleResult();
                assertThat(job.getRetries()).isEqualTo(retriesLeft);
                Date seenAt = ClockUtil.getCurrentTime();
                Duration pause = pauses.get(failures - 1);
                assertThat(job.getExceptionMessage()).contains("Mail server unreachable: 127.0.0.1:");
                // the attempt failed somewhere between the clock's move and now
                assertThat(job.getDuedate()).as("due date after failure %d", failures)
                        .isBetween(plus(attemptedFrom, pause), plus(seenAt, pause), true, true);
                assertThat(runtime.createIncidentQuery().processInstanceId(processId).count()).isZero();
                attemptedFrom = new Date(job.getDuedate().getTime() + 1000);
                ClockUtil.setCurrentTime(attemptedFrom);
            }
            executeFailing(management.createJobQuery().processInstanceId(processId).singleResult().getId());
            assertThat(management.createJobQuery().processInstanceId(processId).singleResult().getRetries()).isZero();
            assertThat(runtime.createIncidentQuery().processInstanceId(processId).list())
                    .singleElement().satisfies(incident -> assertThat(incident.getActivityId()).isEqualTo("Task_SendCode"));
        } finally {
            mailServer.start();
        }
    }

    private static Date plus(Date instant, Duration duration) {
        return new Date(instant.getTime() + duration.toMillis());
    }

    @Test
    void aRequestWithdrawnWhileItsCodeWasStillBeingSentGetsNoMail() {
        SignedInUser user = mfaUser("quitter");
        mailServer.stop();
        UUID challenge;
        try {
            challenge = challenge(user);
            String processId = deliveryOf(history, challenge).getId();
            executeFailing(management.createJobQuery().processInstanceId(processId).singleResult().getId());
            assertThat(management.createJobQuery().processInstanceId(processId).singleResult().getRetries())
                    .isEqualTo(retriesAfterFirstFailure());
            // the user is deactivated meanwhile: the next code entry withdraws the challenge
            jdbc.sql("UPDATE partner_user SET status = 'DEACTIVATED' WHERE id = ?").param(user.userId()).update();
            assertThat(signInService.completeMfa(challenge, "123456", false, IP)).isInstanceOf(SignIn.Refused.class);
        } finally {
            mailServer.start();
        }
        ProcessInstance process = process(challenge);
        management.setJobRetries(management.createJobQuery().processInstanceId(process.getId()).singleResult().getId(),
                1);
        moveClockBy(Duration.ofMinutes(1).plusSeconds(1)); // the failed job's next try is due a minute later
        runDueJobs(process.getId());
        assertThat(management.createJobQuery().processInstanceId(process.getId()).timers().count()).isEqualTo(1);
        assertThat(process).hasPassed("Task_SendCode").isWaitingAt("Gateway_AwaitCode");
        assertThat(status(challenge)).isEqualTo("EXPIRED");

        moveClockBy(Duration.ofMinutes(15).plusSeconds(1));
        awaitDeliveryEnded(history, challenge);
        assertThat(process).hasPassed("End_CodeExpired");
        assertThat(mailbox.messagesFor(user.email())).isEmpty();
    }

    @Test
    void codesNeverReachProcessVariablesHistoryOrLogs(CapturedOutput output) {
        SignedInUser user = accounts.addUser(accounts.newAccount(), "secret", Role.STANDARD_USER);
        UUID reset = resets.request(user.email(), IP);
        awaitCodeSent(runtime, history, reset);
        String code = codeOf(user, 1);
        String processId = deliveryOf(history, reset).getId();
        List<String> running = jdbc.sql("SELECT NAME_ || '=' || COALESCE(TEXT_, '') FROM ACT_RU_VARIABLE WHERE PROC_INST_ID_ = ?")
                .param(processId).query(String.class).list();
        assertThat(running).containsExactlyInAnyOrder("codeRequestId=" + reset, "purpose=PASSWORD_RESET");

        resets.complete(reset, code, NEW_PASSWORD, IP);
        awaitDeliveryEnded(history, reset);

        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(processId).list())
                .extracting(HistoricVariableInstance::getName)
                .containsExactlyInAnyOrder(CodeDeliveryProcess.CODE_REQUEST_ID, CodeDeliveryProcess.PURPOSE);
        List<Map<String, Object>> historic = jdbc.sql("SELECT * FROM ACT_HI_VARINST WHERE PROC_INST_ID_ = ?")
                .param(processId).query().listOfRows();
        assertThat(historic).isNotEmpty().allSatisfy(row -> assertThat(row.values())
                .noneMatch(v -> String.valueOf(v).contains(code) || String.valueOf(v).contains(NEW_PASSWORD)));
        assertThat(history.createHistoricDetailQuery().processInstanceId(processId).list())
                .allSatisfy(detail -> assertThat(String.valueOf(detail)).doesNotContain(code, NEW_PASSWORD));
        assertThat(output.getAll()).doesNotContain(code).doesNotContain(NEW_PASSWORD);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM security_code WHERE subject_id = ? AND code_hash IS NOT NULL")
                .param(reset).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT password_hash FROM partner_user WHERE id = ?").param(user.userId())
                .query(String.class).single()).startsWith("$2a$");
    }

    // --- helpers ---

    /** Runs the delivery's due jobs (sending the code) and checks it then listens for the code's use. */
    private void awaitCodeSent(org.camunda.bpm.engine.RuntimeService runtime,
                               org.camunda.bpm.engine.HistoryService history, UUID codeRequestId) {
        runDueJobs(deliveryOf(history, codeRequestId).getId());
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, codeRequestId);
    }

    /** Runs the delivery's due jobs (timers included) and checks it ended. */
    private void awaitDeliveryEnded(org.camunda.bpm.engine.HistoryService history, UUID codeRequestId) {
        runDueJobs(deliveryOf(history, codeRequestId).getId());
        CodeDeliveryTestSupport.awaitDeliveryEnded(history, codeRequestId);
    }

    private SignedInUser mfaUser(String name) {
        TestAccount account = accounts.newAccount();
        jdbc.sql("UPDATE partner_account SET mfa_enabled = TRUE WHERE id = ?").param(account.accountId()).update();
        return accounts.addUser(account, name, Role.STANDARD_USER);
    }

    private UUID challenge(SignedInUser user) {
        SignIn outcome = signInService.signIn(user.email(), GOOD_PASSWORD, null, IP);
        assertThat(outcome).isInstanceOf(SignIn.MfaRequired.class);
        return ((SignIn.MfaRequired) outcome).challengeId();
    }

    private ProcessInstance process(UUID codeRequestId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(CodeDeliveryProcess.KEY)
                .variableValueEquals(CodeDeliveryProcess.CODE_REQUEST_ID, codeRequestId.toString()).singleResult();
    }

    private String codeOf(SignedInUser user, int n) {
        return mailbox.awaitCode(user.email(), n);
    }

    private String status(UUID codeRequestId) {
        return jdbc.sql("SELECT status FROM code_request WHERE id = ?").param(codeRequestId).query(String.class)
                .single();
    }

    static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    static void assertProblem(Runnable call, HttpStatus status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.getStatusCode()).isEqualTo(status));
    }
}
