package com.partnerflow.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.AllianceLeadChangedException;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.support.ProcessTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestMailbox;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every path of processes/alliance-lead-reassignment.bpmn in the fast layer: the real engine and
 * mail server, each mail job run by the test. The service the partner API calls stands in for
 * HTTP (AllianceLeadApiTest has the HTTP answers).
 */
class AllianceLeadReassignmentProcessTest extends ProcessTestBase {

    @Autowired
    GreenMail mailServer;
    @Autowired
    AllianceLeadService leads;
    @Autowired
    PartnerDirectory directory;
    @Autowired
    TransactionTemplate tx;

    /** The caller as the partner API would see them (roles read now). */
    @Override
    protected PartnerPrincipal principal(SignedInUser user) {
        PartnerUser u = directory.findUser(user.userId()).orElseThrow();
        return new PartnerPrincipal(u.id(), u.accountId(), u.email(), u.firstName(), u.lastName(), u.roles());
    }

    private List<Role> rolesOf(SignedInUser user) {
        return directory.rolesOf(user.userId());
    }

    private UUID leadOf(UUID accountId) {
        return directory.allianceLeadOf(accountId).orElseThrow();
    }

    private long leadRows(UUID accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM role_assignment WHERE account_id = ? AND role = 'ALLIANCE_LEAD'")
                .param(accountId).query(Long.class).single();
    }

    private void setStatus(SignedInUser user, String status) {
        jdbc.sql("UPDATE partner_user SET status = ? WHERE id = ?").params(status, user.userId()).update();
    }

    private void setLanguage(SignedInUser user, String language) {
        jdbc.sql("UPDATE partner_user SET language = ? WHERE id = ?").params(language, user.userId()).update();
    }

    private void addRole(SignedInUser user, Role role) {
        tx.executeWithoutResult(s -> directory.assignRole(user.accountId(), user.userId(), role, "test"));
    }

    private List<Map<String, Object>> auditOf(UUID accountId, String eventName) {
        return jdbc.sql("""
                SELECT actor, target, actor_user_id, target_user_id, source_address, parameters FROM audit_event
                WHERE account_id = ? AND event_name = ? ORDER BY id""").params(accountId, eventName)
                .query().listOfRows();
    }

    private boolean passed(String processInstanceId, String activityId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityId(activityId).count() > 0;
    }

    /** Reassigns as the partner API does and runs the mail jobs the hand-over left. */
    private AllianceLeadService.HandedOver reassign(SignedInUser lead, SignedInUser to) {
        AllianceLeadService.HandedOver done = leads.reassign(principal(lead), to.userId(), "confirm", "192.0.2.1");
        runDueJobs(processOf(done).getId());
        return done;
    }

    private HistoricProcessInstance processOf(AllianceLeadService.HandedOver done) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(AllianceLeadProcesses.REASSIGNMENT)
                .processInstanceBusinessKey(done.handOverId().toString()).singleResult();
    }

    @Test
    void theLeadHandsTheRoleOverAndBothAreToldByEmail() {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser bob = accounts.addUser(account, "bob", Role.ACE_USER);

        AllianceLeadService.HandedOver done = leads.reassign(principal(lead), bob.userId(), "confirm", "192.0.2.1");
        HistoricProcessInstance process = processOf(done);
        // the hand-over is done, the mails wait for their jobs
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(process.getId()).singleResult())
                .isWaitingAt("Task_TellPreviousLead", "Task_TellNewLead");

        // the answer is final: the role moved in the request's own transaction
        assertThat(leadOf(account.accountId())).isEqualTo(bob.userId());
        assertThat(leadRows(account.accountId())).isEqualTo(1);
        assertThat(rolesOf(lead)).containsExactly(Role.STANDARD_USER);
        assertThat(rolesOf(bob)).containsExactlyInAnyOrder(Role.ACE_USER, Role.ALLIANCE_LEAD);
        assertThat(done.newLead().roles()).contains(Role.ALLIANCE_LEAD);

        assertThat(runDueJobs(process.getId())).isEqualTo(2);
        TestMailbox.Mail toPrevious = mailbox.awaitMessage(lead.email(), 1);
        TestMailbox.Mail toNew = mailbox.awaitMessage(bob.email(), 1);
        String company = "Company of " + account.domain();
        assertThat(toPrevious.subject()).isEqualTo("You handed over the alliance lead role of " + company);
        assertThat(toPrevious.text()).contains(bob.email(), "Your roles now: standard user.");
        assertThat(toNew.subject()).isEqualTo("You are now the alliance lead of " + company);
        assertThat(toNew.text()).contains(lead.email(), "Your roles now: alliance lead, ACE user.");

        assertThat(processOf(done).getEndTime()).isNotNull();
        assertThat(processOf(done).getEndActivityId()).isEqualTo("End_LeadReassigned");
        assertThat(passed(process.getId(), "Task_HandOverLeadRole")).isTrue();
        assertThat(passed(process.getId(), "Task_TellPreviousLead")).isTrue();
        assertThat(passed(process.getId(), "Task_TellNewLead")).isTrue();

        List<Map<String, Object>> events = auditOf(account.accountId(), "AllianceLeadReassigned");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("actor", lead.email()).containsEntry("target", bob.email())
                .containsEntry("source_address", "192.0.2.1");
        assertThat((String) events.get(0).get("parameters")).contains("\"from\":\"" + lead.email() + "\"",
                "\"to\":\"" + bob.email() + "\"");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM alliance_lead_handover WHERE id = ? AND previous_lead_id = ? AND new_lead_id = ?")
                .params(done.handOverId(), lead.userId(), bob.userId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theOldLeadKeepsOtherRolesAndTheNewLeadStopsBeingAStandardUserInJapanese() {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        addRole(lead, Role.ALLIANCE_TEAM);
        SignedInUser hana = accounts.addUser(account, "hana", Role.STANDARD_USER, Role.MARKETING_STAFF);
        setLanguage(hana, "ja");

        reassign(lead, hana);

        assertThat(rolesOf(lead)).containsExactly(Role.ALLIANCE_TEAM);
        assertThat(rolesOf(hana)).containsExactlyInAnyOrder(Role.ALLIANCE_LEAD, Role.MARKETING_STAFF);
        TestMailbox.Mail toNew = mailbox.awaitMessage(hana.email(), 1);
        assertThat(toNew.subject()).isEqualTo("Company of " + account.domain() + " のアライアンスリードになりました");
        assertThat(toNew.text()).contains("アライアンスリード", "マーケティングスタッフ");
        assertThat(mailbox.awaitMessage(lead.email(), 1).text()).contains("Your roles now: alliance team.");
    }

    @Test
    void aHandOverFromSomebodyNoLongerLeadIsRefusedWithNothingChanged() {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser bob = accounts.addUser(account, "bob");
        SignedInUser carol = accounts.addUser(account, "carol");
        var staleLead = principal(lead); // read before the role moved, as a request racing the first one would
        reassign(lead, bob);

        assertThatThrownBy(() -> leads.reassign(staleLead, carol.userId(), "confirm", "192.0.2.1"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("alliance-lead-changed"));

        assertThat(leadOf(account.accountId())).isEqualTo(bob.userId());
        assertThat(rolesOf(carol)).isEmpty();
        assertThat(rolesOf(lead)).containsExactly(Role.STANDARD_USER);
        assertThat(auditOf(account.accountId(), "AllianceLeadReassigned")).hasSize(1);
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(AllianceLeadProcesses.REASSIGNMENT)
                .variableValueEquals(AllianceLeadProcesses.NEW_LEAD_ID, carol.userId().toString()).count()).isZero();
    }

    @Test
    void theDirectoryRefusesANewLeadWhoIsNotActiveAndUndoesNothingElse() {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser gone = accounts.addUser(account, "gone", Role.ACE_USER);
        setStatus(gone, "DEACTIVATED");

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> directory.reassignAllianceLead(account.accountId(),
                lead.userId(), gone.userId(), "test")))
                .isInstanceOf(AllianceLeadChangedException.class)
                .hasMessageContaining("no longer an active user");
        assertThat(leadOf(account.accountId())).isEqualTo(lead.userId());
        assertThat(rolesOf(gone)).containsExactly(Role.ACE_USER);
    }

    @Test
    void aMailOutageBecomesRetriesThenIncidentsAndTheMailsGoOutOnRetry() {
        TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        SignedInUser bob = accounts.addUser(account, "bob");
        AllianceLeadService.HandedOver done;
        mailServer.stop();
        try {
            done = leads.reassign(principal(lead), bob.userId(), "confirm", "192.0.2.1");
            // the hand-over itself does not wait for mail
            assertThat(leadOf(account.accountId())).isEqualTo(bob.userId());
            String processId = processOf(done).getId();
            for (int retriesLeft = retriesAfterFirstFailure(); retriesLeft >= 0; retriesLeft--) {
                int expected = retriesLeft;
                dueJobs(processId).forEach(job -> executeFailing(job.getId()));
                List<Job> jobs = management.createJobQuery().processInstanceId(processId).list();
                assertThat(jobs).hasSize(2).allSatisfy(j -> assertThat(j.getRetries()).isEqualTo(expected));
                assertThat(jobs).allSatisfy(j -> assertThat(j.getExceptionMessage()).contains("Mail server unreachable: 127.0.0.1:"));
                moveClockPast(jobs.stream().map(Job::getDuedate).max(java.util.Comparator.naturalOrder()).orElseThrow());
            }
            assertThat(runtime.createIncidentQuery().processInstanceId(processId).list())
                    .extracting(i -> i.getActivityId())
                    .containsExactlyInAnyOrder("Task_TellPreviousLead", "Task_TellNewLead");
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(processId).singleResult())
                    .isWaitingAt("Task_TellPreviousLead", "Task_TellNewLead");
        } finally {
            mailServer.start();
        }

        // an admin retries both incidents (Cockpit's "retry"): the mails go out, the process ends
        String processId = processOf(done).getId();
        management.createJobQuery().processInstanceId(processId).list()
                .forEach(job -> management.setJobRetries(job.getId(), 1));
        assertThat(runDueJobs(processId)).isEqualTo(2);
        assertThat(mailbox.awaitMessage(lead.email(), 1).subject()).startsWith("You handed over");
        assertThat(mailbox.awaitMessage(bob.email(), 1).subject()).startsWith("You are now the alliance lead");
        assertThat(processOf(done).getEndTime()).isNotNull();
        assertThat(runtime.createIncidentQuery().processInstanceId(processId).count()).isZero();
    }
}
