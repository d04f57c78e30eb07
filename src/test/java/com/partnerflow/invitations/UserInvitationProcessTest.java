package com.partnerflow.invitations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.security.SecretTokens;
import com.partnerflow.signin.SignInService;
import com.partnerflow.support.ProcessTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * Every path of processes/user-invitation.bpmn in the fast layer: the real engine and mail
 * server, each job and timer run by the test. The services the partner API and the invitation
 * page call stand in for HTTP; the HTTP answers themselves are InvitationApiTest's.
 */
@ExtendWith(OutputCaptureExtension.class)
class UserInvitationProcessTest extends ProcessTestBase {

    private static final Pattern LINK = Pattern.compile("/invitations/([A-Za-z0-9_-]{43})");
    private static final String SOURCE = "127.0.0.1";

    @Autowired
    PartnerDirectory directory;
    @Autowired
    GreenMail mailServer;
    @Autowired
    InvitationRepository invitations;
    @Autowired
    InvitationService service;
    @Autowired
    InvitationRegistrations registrations;
    @Autowired
    InvitationPageController page;
    @Autowired
    SignInService signIn;

    private static InvitationService.Invitee invitee(String email, String... roles) {
        return new InvitationService.Invitee(email, Arrays.asList(roles), null);
    }

    /** Invites one address as {@code POST /api/invitations} does; the invitation must succeed. */
    private UUID inviteOne(SignedInUser inviter, InvitationService.Invitee invitee) {
        InvitationService.InviteResult result = service.invite(principal(inviter), List.of(invitee), SOURCE);
        assertThat(result.succeeded()).as("%s", result).isEqualTo(1);
        return result.results().get(0).invitationId();
    }

    private Invitation withdraw(SignedInUser caller, UUID invitationId) {
        return service.withdraw(principal(caller), invitationId, SOURCE);
    }

    /** Registers as {@code POST /api/invitations/{token}/registration} does. */
    private InvitationRegistrations.Registered registerThrough(String token) {
        return registrations.register(token,
                new InvitationRegistrations.RegistrationForm("Ivy", "Invitee", GOOD_PASSWORD, null), SOURCE);
    }

    private static void assertRefused(ThrowingCallable call, HttpStatus status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.getStatusCode().value()).isEqualTo(status.value());
            assertThat(p.code()).isEqualTo(code);
        });
    }

    private static String linkTokenIn(TestMailbox.Mail mail) {
        Matcher m = LINK.matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("No invitation link in: " + mail.text());
        }
        return m.group(1);
    }

    private String linkToken(String email, int n) {
        return linkTokenIn(mailbox.awaitMessage(email, n));
    }

    private InvitationStatus statusOf(UUID invitationId) {
        return invitations.find(invitationId).orElseThrow().status();
    }

    private ProcessInstance processOf(UUID invitationId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(InvitationProcess.KEY)
                .processInstanceBusinessKey(invitationId.toString()).singleResult();
    }

    private HistoricProcessInstance historicProcessOf(UUID invitationId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(InvitationProcess.KEY)
                .processInstanceBusinessKey(invitationId.toString()).singleResult();
    }

    /** Runs the due jobs (the invitation's mail) and checks the process then waits for the invitee. */
    private void awaitWaitingForInvitee(UUID invitationId) {
        String processId = historicProcessOf(invitationId).getId();
        runDueJobs(processId);
        assertThat(runtime.createEventSubscriptionQuery().processInstanceId(processId)
                .eventName(InvitationProcess.MSG_ACCEPTED).count()).isEqualTo(1);
    }

    /** Runs what is still due and returns the end event the process ended at. */
    private String endedAt(UUID invitationId) {
        if (processOf(invitationId) != null) {
            runDueJobs(processOf(invitationId).getId());
        }
        HistoricProcessInstance ended = historicProcessOf(invitationId);
        assertThat(ended.getEndTime()).as("invitation process ended").isNotNull();
        return ended.getEndActivityId();
    }

    private long auditEvents(String eventName, String target) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_name = ? AND target = ?")
                .params(eventName, target).query(Long.class).single();
    }

    private List<String> auditParameters(String eventName, String target) {
        return jdbc.sql("SELECT parameters FROM audit_event WHERE event_name = ? AND target = ? ORDER BY id")
                .params(eventName, target).query(String.class).list();
    }

    @Test
    void theInviteeRegistersThroughTheEmailedLinkWithTheInvitedRoles(CapturedOutput output) {
        TestAccount account = accounts.newAccount();
        String email = "ivy@" + account.domain();
        UUID id = inviteOne(account.lead(), invitee(email, "ALLIANCE_TEAM", "ACE_MANAGER"));
        awaitWaitingForInvitee(id);
        ProcessInstance process = processOf(id);
        assertThat(process).isWaitingAt("Task_AwaitInvitee").hasPassed("Task_SendInvitation");
        assertThat(statusOf(id)).isEqualTo(InvitationStatus.SENT);

        TestMailbox.Mail mail = mailbox.awaitMessage(email, 1);
        assertThat(mail.subject()).isEqualTo("Company of " + account.domain() + " invites you to the Partnerflow partner programme");
        assertThat(mail.text()).contains("alliance team, ACE manager").contains("Test lead (" + account.lead().email() + ")");
        String token = linkTokenIn(mail);

        InvitationRegistrations.Registered registered = registerThrough(token);

        assertThat(registered.email()).isEqualTo(email);
        assertThat(registered.accountId()).isEqualTo(account.accountId());
        assertThat(registered.skippedRoles()).isEmpty();
        assertThat(registered.roles()).containsExactlyInAnyOrder(Role.ALLIANCE_TEAM, Role.ACE_MANAGER);
        UUID userId = registered.userId();
        PartnerUser user = directory.findUser(userId).orElseThrow();
        assertThat(user.status()).isEqualTo("ACTIVE");
        assertThat(user.firstName()).isEqualTo("Ivy");
        assertThat(user.roles()).containsExactlyInAnyOrder(Role.ALLIANCE_TEAM, Role.ACE_MANAGER);
        assertThat(endedAt(id)).isEqualTo("End_Accepted");
        assertThat(process).hasPassedInOrder("Task_SendInvitation", "Task_AwaitInvitee", "End_Accepted");
        Invitation closed = invitations.find(id).orElseThrow();
        assertThat(closed.status()).isEqualTo(InvitationStatus.ACCEPTED);
        assertThat(closed.userId()).isEqualTo(userId);

        // the new user signs in with the password chosen (as POST /api/sessions does)
        assertThat(signIn.signIn(email, GOOD_PASSWORD, SOURCE)).isInstanceOf(SignInService.SignIn.SignedIn.class);

        // audit: sent with the roles, accepted, one RoleAssigned per role, by the inviter
        assertThat(auditParameters("InvitationSent", email)).singleElement().asString()
                .contains("ALLIANCE_TEAM", "ACE_MANAGER", id.toString());
        assertThat(auditEvents("InvitationAccepted", email)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT actor FROM audit_event WHERE event_name = 'RoleAssigned' AND target_user_id = ?")
                .param(userId).query(String.class).list()).containsExactly(account.lead().email(), account.lead().email());

        // the token is nowhere but in the mail: not in variables, history, tables or logs
        List<HistoricVariableInstance> variables = history.createHistoricVariableInstanceQuery()
                .processInstanceId(process.getId()).list();
        assertThat(variables).extracting(HistoricVariableInstance::getName).containsExactly(InvitationProcess.INVITATION_ID);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation_token WHERE token_hash = ?")
                .param(SecretTokens.storedForm(token)).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT parameters FROM audit_event WHERE target = ?").param(email).query(String.class).list())
                .allSatisfy(p -> assertThat(p).doesNotContain(token, GOOD_PASSWORD));
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(GOOD_PASSWORD);
    }

    @Test
    void aReminderComesAfterSevenDaysAndBothLinksWorkUntilOneIsUsed() {
        TestAccount account = accounts.newAccount();
        String email = "rita@" + account.domain();
        UUID id = inviteOne(account.lead(), new InvitationService.Invitee(email, List.of("TECHNICAL_STAFF"), "ja"));
        awaitWaitingForInvitee(id);
        TestMailbox.Mail first = mailbox.awaitMessage(email, 1);
        assertThat(first.subject()).contains("招待");
        assertThat(first.text()).contains("テクニカルスタッフ");
        String processId = processOf(id).getId();

        moveClockBy(Duration.ofDays(7).plusMinutes(1));
        runDueJobs(processId);
        TestMailbox.Mail reminder = mailbox.awaitMessage(email, 2);
        assertThat(reminder.subject()).startsWith("リマインダー");
        assertThat(auditEvents("InvitationReminderSent", email)).isEqualTo(1);
        assertThat(processOf(id)).isWaitingAt("Task_AwaitInvitee").hasPassed("Event_ReminderDue", "Task_SendReminder",
                "End_ReminderSent");
        String firstToken = linkTokenIn(first);
        String reminderToken = linkTokenIn(reminder);
        assertThat(reminderToken).isNotEqualTo(firstToken);
        // the first link still opens its page (GET /invitations/{token})
        assertThat(page.form(firstToken).getStatus()).isEqualTo(HttpStatus.OK);

        assertThat(registerThrough(reminderToken).email()).isEqualTo(email);

        assertThat(endedAt(id)).isEqualTo("End_Accepted");
        assertRefused(() -> registerThrough(firstToken), HttpStatus.GONE, "invitation-used");
        // only one reminder, however long it waited
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(historicProcessOf(id).getId())
                .activityId("Task_SendReminder").count()).isEqualTo(1);
    }

    @Test
    void anUnusedInvitationExpiresAfterFourteenDaysAndItsLinksDie() {
        TestAccount account = accounts.newAccount();
        String email = "late@" + account.domain();
        UUID id = inviteOne(account.lead(), invitee(email, "ACE_USER"));
        awaitWaitingForInvitee(id);
        String token = linkToken(email, 1);
        String processId = processOf(id).getId();

        moveClockBy(Duration.ofDays(7).plusMinutes(1));
        runDueJobs(processId);
        mailbox.awaitMessage(email, 2);
        moveClockBy(Duration.ofDays(7));

        // dead at once, before the timer has fired
        assertThat(processOf(id)).isWaitingAt("Task_AwaitInvitee");
        assertRefused(() -> registerThrough(token), HttpStatus.GONE, "invitation-expired");
        assertThat(endedAt(id)).isEqualTo("End_Expired");
        assertThat(historicProcessOf(id).getEndActivityId()).isEqualTo("End_Expired");
        assertThat(statusOf(id)).isEqualTo(InvitationStatus.EXPIRED);
        assertThat(auditEvents("InvitationExpired", email)).isEqualTo(1);
        assertThat(invitations.userWithEmail(email)).isEmpty();
        ModelAndView expiredPage = page.form(token);
        assertThat(expiredPage.getStatus()).isEqualTo(HttpStatus.GONE);
        assertThat(expiredPage.getModel()).containsEntry("title", "This invitation has expired");
        // the address may be invited again (the lead's session of 14 days ago has ended: a new one)
        SignedInUser lead = account.lead();
        inviteOne(new SignedInUser(lead.userId(), lead.accountId(), lead.email(), sessions.issueFor(lead.userId()).token()),
                invitee(email, "ACE_USER"));
    }

    @Test
    void theInviterWithdrawsAWaitingInvitation() {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        String email = "gone@" + account.domain();
        UUID id = inviteOne(team, invitee(email, "MARKETING_STAFF"));
        awaitWaitingForInvitee(id);
        String token = linkToken(email, 1);

        Invitation withdrawn = withdraw(team, id);

        assertThat(withdrawn.status()).isEqualTo(InvitationStatus.WITHDRAWN);
        assertThat(withdrawn.closedBy()).isEqualTo(team.email());
        endedAt(id);
        assertThat(processOf(id)).isNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(historicProcessOf(id).getId())
                .activityId("End_Withdrawn").count()).isEqualTo(1);
        assertThat(auditEvents("InvitationWithdrawn", email)).isEqualTo(1);
        assertRefused(() -> registerThrough(token), HttpStatus.GONE, "invitation-withdrawn");
        assertThat(invitations.userWithEmail(email)).isEmpty();
        assertThatThrownBy(() -> withdraw(team, id)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.getStatusCode().value()).isEqualTo(409);
            assertThat(p.code()).isEqualTo("invitation-not-open");
            assertThat(p.getBody().getProperties()).containsEntry("invitationStatus", "WITHDRAWN");
        });
        // no reminder or expiry afterwards
        assertThat(management.createJobQuery().processInstanceId(historicProcessOf(id).getId()).count()).isZero();
    }

    @Test
    void aMailOutageBecomesRetriesThenAnIncidentAndNothingIsLost() {
        TestAccount account = accounts.newAccount();
        String email = "outage@" + account.domain();
        UUID id;
        mailServer.stop();
        try {
            id = inviteOne(account.lead(), invitee(email, "ACE_USER"));
            String processId = historicProcessOf(id).getId();
            exhaustRetries(processId, "Task_SendInvitation", "Mail server unreachable: 127.0.0.1:");
            assertThat(runtime.createIncidentQuery().processInstanceId(processId).singleResult())
                    .isNotNull()
                    .satisfies(incident -> assertThat(incident.getActivityId()).isEqualTo("Task_SendInvitation"));
            assertThat(processOf(id)).isWaitingAt("Task_SendInvitation");
            // the failed attempts left no link and no "sent"
            assertThat(statusOf(id)).isEqualTo(InvitationStatus.PENDING);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation_token WHERE invitation_id = ?").param(id)
                    .query(Long.class).single()).isZero();
        } finally {
            mailServer.start();
        }

        // an admin retries the incident (Cockpit's "retry"): the invitation goes out
        String processId = historicProcessOf(id).getId();
        management.setJobRetries(management.createJobQuery().processInstanceId(processId).singleResult().getId(), 1);
        awaitWaitingForInvitee(id);
        assertThat(runtime.createIncidentQuery().processInstanceId(processId).count()).isZero();
        assertThat(registerThrough(linkToken(email, 1)).email()).isEqualTo(email);
        assertThat(endedAt(id)).isEqualTo("End_Accepted");
    }

    @Test
    void anInvitationStillBeingRetriedCanBeWithdrawn() {
        TestAccount account = accounts.newAccount();
        String email = "never@" + account.domain();
        UUID id;
        mailServer.stop();
        try {
            id = inviteOne(account.lead(), invitee(email, "ACE_USER"));
            String processId = historicProcessOf(id).getId();
            Job send = management.createJobQuery().processInstanceId(processId).activityId("Task_SendInvitation")
                    .singleResult();
            executeFailing(send.getId());
            assertThat(management.createJobQuery().jobId(send.getId()).singleResult().getRetries())
                    .isEqualTo(retriesAfterFirstFailure());

            assertThat(withdraw(account.lead(), id).status()).isEqualTo(InvitationStatus.WITHDRAWN);

            endedAt(id);
            assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processId)
                    .activityId("End_Withdrawn").count()).isEqualTo(1);
            assertThat(management.createJobQuery().processInstanceId(processId).count()).isZero();
            assertThat(statusOf(id)).isEqualTo(InvitationStatus.WITHDRAWN);
        } finally {
            mailServer.start();
        }
        assertThat(mailbox.messagesFor(email)).isEmpty();
    }
}
