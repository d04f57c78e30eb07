package com.partnerflow.invitations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.security.SecretTokens;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Every path of processes/user-invitation.bpmn, on the real engine, job executor and mail server. */
@ExtendWith(OutputCaptureExtension.class)
class UserInvitationProcessTest extends InvitationTestSupport {

    @Autowired
    PartnerDirectory directory;
    @Autowired
    GreenMail mailServer;

    @Test
    @SuppressWarnings("unchecked")
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

        ResponseEntity<Map<String, Object>> registered = registerThrough(token, GOOD_PASSWORD);

        assertThat(registered.getStatusCode().value()).isEqualTo(201);
        assertThat(registered.getBody()).containsEntry("email", email)
                .containsEntry("accountId", account.accountId().toString())
                .containsEntry("skippedRoles", List.of());
        assertThat((List<Object>) registered.getBody().get("roles")).containsExactlyInAnyOrder("ALLIANCE_TEAM", "ACE_MANAGER");
        UUID userId = UUID.fromString((String) registered.getBody().get("userId"));
        PartnerUser user = directory.findUser(userId).orElseThrow();
        assertThat(user.status()).isEqualTo("ACTIVE");
        assertThat(user.firstName()).isEqualTo("Ivy");
        assertThat(user.roles()).containsExactlyInAnyOrder(Role.ALLIANCE_TEAM, Role.ACE_MANAGER);
        assertThat(awaitEndedAt(id)).isEqualTo("End_Accepted");
        assertThat(process).hasPassedInOrder("Task_SendInvitation", "Task_AwaitInvitee", "End_Accepted");
        Invitation closed = invitations.find(id).orElseThrow();
        assertThat(closed.status()).isEqualTo(InvitationStatus.ACCEPTED);
        assertThat(closed.userId()).isEqualTo(userId);

        // the new user signs in with the password chosen
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.exchange("/api/sessions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "password", GOOD_PASSWORD), json), JSON)
                .getStatusCode().value()).isEqualTo(201);

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
        UUID id = inviteOne(account.lead(), Map.of("email", email, "roles", List.of("TECHNICAL_STAFF"), "language", "ja"));
        awaitWaitingForInvitee(id);
        TestMailbox.Mail first = mailbox.awaitMessage(email, 1);
        assertThat(first.subject()).contains("招待");
        assertThat(first.text()).contains("テクニカルスタッフ");

        moveClockBy(Duration.ofDays(7).plusMinutes(1));
        TestMailbox.Mail reminder = mailbox.awaitMessage(email, 2);
        assertThat(reminder.subject()).startsWith("リマインダー");
        await().until(() -> auditEvents("InvitationReminderSent", email) == 1);
        assertThat(processOf(id)).isWaitingAt("Task_AwaitInvitee").hasPassed("Event_ReminderDue", "Task_SendReminder",
                "End_ReminderSent");
        String firstToken = linkTokenIn(first);
        String reminderToken = linkTokenIn(reminder);
        assertThat(reminderToken).isNotEqualTo(firstToken);
        assertThat(http.getForEntity("/invitations/" + firstToken, String.class).getStatusCode().value()).isEqualTo(200);

        assertThat(registerThrough(reminderToken, GOOD_PASSWORD).getStatusCode().value()).isEqualTo(201);

        assertThat(awaitEndedAt(id)).isEqualTo("End_Accepted");
        ResponseEntity<Map<String, Object>> again = registerThrough(firstToken, GOOD_PASSWORD);
        assertThat(again.getStatusCode().value()).isEqualTo(410);
        assertThat(again.getBody()).containsEntry("code", "invitation-used");
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
        String token = awaitLinkToken(email, 1);

        moveClockBy(Duration.ofDays(7).plusMinutes(1));
        mailbox.awaitMessage(email, 2);
        moveClockBy(Duration.ofDays(7));

        // dead at once, whether or not the timer has fired yet
        ResponseEntity<Map<String, Object>> refused = registerThrough(token, GOOD_PASSWORD);
        assertThat(refused.getStatusCode().value()).isEqualTo(410);
        assertThat(refused.getBody()).containsEntry("code", "invitation-expired");
        assertThat(awaitEndedAt(id)).isEqualTo("End_Expired");
        assertThat(statusOf(id)).isEqualTo(InvitationStatus.EXPIRED);
        assertThat(auditEvents("InvitationExpired", email)).isEqualTo(1);
        assertThat(invitations.userWithEmail(email)).isEmpty();
        ResponseEntity<String> page = http.getForEntity("/invitations/" + token, String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(410);
        assertThat(page.getBody()).contains("This invitation has expired");
        // the address may be invited again (the lead's session of 14 days ago has ended: a new one)
        SignedInUser lead = account.lead();
        inviteOne(new SignedInUser(lead.userId(), lead.accountId(), lead.email(), signIn(lead.userId())),
                invitee(email, "ACE_USER"));
    }

    @Test
    void theInviterWithdrawsAWaitingInvitation() {
        TestAccount account = accounts.newAccount();
        SignedInUser team = accounts.addUser(account, "team", Role.ALLIANCE_TEAM);
        String email = "gone@" + account.domain();
        UUID id = inviteOne(team, invitee(email, "MARKETING_STAFF"));
        awaitWaitingForInvitee(id);
        String token = awaitLinkToken(email, 1);

        ResponseEntity<Map<String, Object>> withdrawn = withdraw(team, id);

        assertThat(withdrawn.getStatusCode().value()).isEqualTo(200);
        assertThat(withdrawn.getBody()).containsEntry("status", "WITHDRAWN").containsEntry("closedBy", team.email());
        awaitEndedAt(id);
        assertThat(processOf(id)).isNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(historicProcessOf(id).getId())
                .activityId("End_Withdrawn").count()).isEqualTo(1);
        assertThat(auditEvents("InvitationWithdrawn", email)).isEqualTo(1);
        ResponseEntity<Map<String, Object>> refused = registerThrough(token, GOOD_PASSWORD);
        assertThat(refused.getStatusCode().value()).isEqualTo(410);
        assertThat(refused.getBody()).containsEntry("code", "invitation-withdrawn");
        assertThat(invitations.userWithEmail(email)).isEmpty();
        ResponseEntity<Map<String, Object>> twice = withdraw(team, id);
        assertThat(twice.getStatusCode().value()).isEqualTo(409);
        assertThat(twice.getBody()).containsEntry("code", "invitation-not-open").containsEntry("status", 409)
                .containsEntry("invitationStatus", "WITHDRAWN");
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
            exhaustRetries(processId, "Task_SendInvitation", "Mail server connection failed");
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
        assertThat(registerThrough(awaitLinkToken(email, 1), GOOD_PASSWORD).getStatusCode().value()).isEqualTo(201);
        assertThat(awaitEndedAt(id)).isEqualTo("End_Accepted");
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
            await().until(() -> management.createJobQuery().processInstanceId(processId).singleResult(),
                    j -> j != null && j.getRetries() == retriesAfterFirstFailure());

            assertThat(withdraw(account.lead(), id).getStatusCode().value()).isEqualTo(200);

            awaitEndedAt(id);
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
