package com.partnerflow.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.partnerflow.cases.CaseMessage;
import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.support.ProcessTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of processes/alliance-lead-change-request.bpmn in the fast layer: the real engine,
 * mail server and services, each job and timer run by the test. AllianceLeadChangeEndToEndTest
 * drives an approval on the whole application; AllianceLeadApiTest has the HTTP answers.
 */
class AllianceLeadChangeRequestProcessTest extends ProcessTestBase {

    @Autowired
    AllianceLeadService leads;
    @Autowired
    AllianceLeadRepository leadRepository;
    @Autowired
    PartnerDirectory directory;
    @Autowired
    SupportCaseService caseService;
    @Autowired
    CaseRepository caseRepository;

    /** An account whose lead has left, a colleague who asks, and the colleague they propose. */
    record Scene(TestAccount account, SignedInUser lead, SignedInUser requester, SignedInUser candidate) {
    }

    Scene scene() {
        TestAccount account = accounts.newAccount();
        return new Scene(account, account.lead(), accounts.addUser(account, "requester"),
                accounts.addUser(account, "candidate", Role.ACE_USER));
    }

    static Map<String, Object> approve(String newLeadEmail, String note) {
        Map<String, Object> values = new HashMap<>();
        values.put(CaseProcesses.AGENT_DECISION, "APPROVE");
        values.put(AllianceLeadProcesses.NEW_LEAD_EMAIL, newLeadEmail);
        values.put(CaseProcesses.AGENT_MESSAGE, note);
        return values;
    }

    static Map<String, Object> decide(String decision, String message) {
        Map<String, Object> values = new HashMap<>();
        values.put(CaseProcesses.AGENT_DECISION, decision);
        values.put(CaseProcesses.AGENT_MESSAGE, message);
        return values;
    }

    // ---- the caller, the directory and the case, as the API and the agent see them

    /** The caller as the partner API would see them (roles read now). */
    @Override
    protected PartnerPrincipal principal(SignedInUser user) {
        PartnerUser u = directory.findUser(user.userId()).orElseThrow();
        return new PartnerPrincipal(u.id(), u.accountId(), u.email(), u.firstName(), u.lastName(), u.roles());
    }

    List<Role> rolesOf(SignedInUser user) {
        return directory.rolesOf(user.userId());
    }

    UUID leadOf(UUID accountId) {
        return directory.allianceLeadOf(accountId).orElseThrow();
    }

    long leadRows(UUID accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM role_assignment WHERE account_id = ? AND role = 'ALLIANCE_LEAD'")
                .param(accountId).query(Long.class).single();
    }

    void setStatus(SignedInUser user, String status) {
        jdbc.sql("UPDATE partner_user SET status = ? WHERE id = ?").params(status, user.userId()).update();
    }

    List<Map<String, Object>> auditOf(UUID accountId, String eventName) {
        return jdbc.sql("""
                SELECT actor, target, actor_user_id, target_user_id, source_address, parameters FROM audit_event
                WHERE account_id = ? AND event_name = ? ORDER BY id""").params(accountId, eventName)
                .query().listOfRows();
    }

    /** Asks for a change as the partner API does and runs the case's confirmation: the agents have it. */
    AllianceLeadService.ChangeRequested requestChange(SignedInUser requester, String reason, SignedInUser proposed) {
        AllianceLeadService.ChangeRequested requested = leads.requestChange(principal(requester), reason,
                proposed == null ? null : proposed.userId(), "192.0.2.7");
        SupportCase c = caseOf(requested);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(processIdOf(c)).singleResult())
                .isWaitingAt("Task_ConfirmCaseReceived");
        runDueJobs(processIdOf(c));
        return requested;
    }

    SupportCase caseOf(AllianceLeadService.ChangeRequested requested) {
        return caseRepository.find(requested.supportCase().id()).orElseThrow();
    }

    LeadChangeRequest requestOf(AllianceLeadService.ChangeRequested requested) {
        return leadRepository.find(requested.request().id()).orElseThrow();
    }

    String processIdOf(SupportCase c) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(AllianceLeadProcesses.CHANGE_REQUEST)
                .processInstanceBusinessKey(c.caseNumber()).singleResult().getId();
    }

    /** The open review task of the request's case. */
    Task reviewTask(SupportCase c) {
        Task task = tasks.createTaskQuery().taskCandidateGroup("support-agents").includeAssignedTasks()
                .processInstanceBusinessKey(c.caseNumber()).taskDefinitionKey("Task_VerifyLeadChange").singleResult();
        assertThat(task).as("the review task of %s", c.caseNumber()).isNotNull();
        return task;
    }

    /**
     * The agent claims the review task (unless it is theirs already), completes it with these form
     * values, and what that set off runs.
     */
    void agentDecides(SupportCase c, Map<String, Object> formValues) {
        Task task = reviewTask(c);
        if (task.getAssignee() == null) {
            tasks.claim(task.getId(), "agent1");
        }
        tasks.complete(task.getId(), formValues);
        runDueJobs(processIdOf(c));
    }

    HistoricProcessInstance ended(SupportCase c) {
        HistoricProcessInstance process = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processIdOf(c)).singleResult();
        assertThat(process.getEndTime()).as("end of %s", c.caseNumber()).isNotNull();
        return process;
    }

    String endOf(SupportCase c) {
        return ended(c).getEndActivityId();
    }

    boolean passed(String processInstanceId, String activityId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityId(activityId).count() > 0;
    }

    @Test
    void anAgentRejectsWithAReasonAndNothingChanges() {
        Scene s = scene();
        var requested = requestChange(s.requester(), "I should be the lead.", null);
        SupportCase c = caseOf(requested);
        Task task = reviewTask(c);
        tasks.claim(task.getId(), "agent2");

        // a rejection without a reason is refused by the task itself: the task stays as it was
        assertThatThrownBy(() -> tasks.complete(task.getId(), decide("REJECT", " ")))
                .hasMessageContaining("A rejection needs a reason");
        assertThat(reviewTask(c).getId()).isEqualTo(task.getId());
        assertThatThrownBy(() -> tasks.complete(task.getId(), decide("DELETE", "x")))
                .hasMessageContaining("Choose approve, reject or ask");

        tasks.complete(task.getId(), decide("REJECT", "Your lead is still with the company."));
        runDueJobs(processIdOf(c));

        ended(c);
        assertThat(endOf(c)).isEqualTo("End_ChangeRejected");
        assertThat(leadOf(s.account().accountId())).isEqualTo(s.lead().userId());
        assertThat(rolesOf(s.requester())).isEmpty();
        TestMailbox.Mail resolved = mailbox.awaitMessage(s.requester().email(), 2);
        assertThat(resolved.text()).contains("We did not approve your request",
                "Reason: Your lead is still with the company.");
        assertThat(mailbox.messagesFor(s.lead().email())).isEmpty();
        assertThat(requestOf(requested).status()).isEqualTo(LeadChangeRequest.Status.REJECTED);
        assertThat(auditOf(s.account().accountId(), "AllianceLeadChangeRejected")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("actor", "agent2"));
        assertThat(auditOf(s.account().accountId(), "AllianceLeadReassigned")).isEmpty();
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
    }

    @Test
    void theAgentAsksTheRequesterGetsTheAnswerAndApproves() {
        Scene s = scene();
        var requested = requestChange(s.requester(), "Lead left.", null);
        SupportCase c = caseOf(requested);
        agentDecides(c, decide("ASK", "Who should become the new lead?"));

        TestMailbox.Mail question = mailbox.awaitMessage(s.requester().email(), 2);
        assertThat(question.subject()).isEqualTo("[" + c.caseNumber() + "] We need your answer: " + c.subject());
        assertThat(question.replyTo()).startsWith("support+");
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.WAITING_FOR_PARTNER);

        // the requester answers through the case API (a reply by mail takes the same way)
        caseService.addMessage(s.requester().userId(), s.account().accountId(), c.caseNumber(),
                "Please make " + s.candidate().email() + " the lead.");
        runDueJobs(processIdOf(c));

        Task back = reviewTask(c);
        Map<String, Object> form = tasks.getVariables(back.getId());
        assertThat(form.get(CaseProcesses.AGENT_NOTICE)).isEqualTo("The requester answered: see the correspondence.");
        assertThat((String) form.get("correspondence")).contains("Please make " + s.candidate().email());
        assertThat(back.getAssignee()).isNull(); // an answer goes to the group, as in support cases

        agentDecides(c, approve(s.candidate().email(), null));
        ended(c);
        assertThat(endOf(c)).isEqualTo("End_ChangeApproved");
        assertThat(leadOf(s.account().accountId())).isEqualTo(s.candidate().userId());
        assertThat(caseRepository.messages(c.id())).extracting(CaseMessage::body)
                .anySatisfy(b -> assertThat(b).contains("is now the alliance lead"));
    }

    @Test
    void anUnansweredQuestionComesBackToTheAgentWithANotice() {
        Scene s = scene();
        var requested = requestChange(s.requester(), "Lead left.", null);
        SupportCase c = caseOf(requested);
        agentDecides(c, decide("ASK", "Can you confirm the lead left?"));
        mailbox.awaitMessage(s.requester().email(), 2);

        moveClockBy(Duration.ofDays(3).plusMinutes(1));
        runDueJobs(processIdOf(c));
        assertThat(mailbox.awaitMessage(s.requester().email(), 3).subject()).contains("Reminder");
        moveClockBy(Duration.ofDays(11));
        runDueJobs(processIdOf(c));

        Task back = reviewTask(c);
        assertThat((String) tasks.getVariable(back.getId(), CaseProcesses.AGENT_NOTICE))
                .startsWith("The requester did not answer your question in time");
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                .processInstanceBusinessKey(c.caseNumber()).count()).isZero();

        agentDecides(c, decide("REJECT", "We could not verify the request."));
        ended(c);
        assertThat(endOf(c)).isEqualTo("End_ChangeRejected");
        assertThat(leadOf(s.account().accountId())).isEqualTo(s.lead().userId());
    }

    @Test
    void aChoiceThatCannotBeTakenGoesBackToTheSameAgentWithTheReason() {
        Scene s = scene();
        SignedInUser gone = accounts.addUser(s.account(), "gone");
        setStatus(gone, "DEACTIVATED");
        SignedInUser stranger = accounts.addUser(accounts.newAccount(), "stranger");
        var requested = requestChange(s.requester(), "Lead left.", s.candidate());
        SupportCase c = caseOf(requested);

        agentDecides(c, approve(stranger.email(), null));
        Task back = reviewTask(c);
        assertThat(back.getAssignee()).isEqualTo("agent1");
        assertThat((String) tasks.getVariable(back.getId(), CaseProcesses.AGENT_NOTICE))
                .startsWith("No user with the address \"" + stranger.email() + "\" in this account");

        agentDecides(c, approve(gone.email(), null));
        assertThat((String) tasks.getVariable(reviewTask(c).getId(), CaseProcesses.AGENT_NOTICE))
                .isEqualTo(gone.email() + " is deactivated: only an active user can become alliance lead."
                        + " Choose one of the active users listed.");

        agentDecides(c, approve(s.lead().email(), null));
        assertThat((String) tasks.getVariable(reviewTask(c).getId(), CaseProcesses.AGENT_NOTICE))
                .contains("is the alliance lead already");

        // nothing changed, and no incident: the form simply came back each time
        assertThat(leadOf(s.account().accountId())).isEqualTo(s.lead().userId());
        assertThat(runtime.createIncidentQuery().processInstanceId(processIdOf(c)).count()).isZero();
        assertThat(requestOf(requested).status()).isEqualTo(LeadChangeRequest.Status.OPEN);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processIdOf(c))
                .activityId("Event_ChoiceRefused").count()).isEqualTo(3);

        agentDecides(c, approve(s.candidate().email().toUpperCase(), null));
        ended(c);
        assertThat(endOf(c)).isEqualTo("End_ChangeApproved");
        assertThat(leadOf(s.account().accountId())).isEqualTo(s.candidate().userId());
    }

    @Test
    void anApprovalDoesNotOverruleALeadChangeTheAgentDidNotSee() {
        Scene s = scene();
        SignedInUser successor = accounts.addUser(s.account(), "successor");
        var requested = requestChange(s.requester(), "Lead left.", s.candidate());
        SupportCase c = caseOf(requested);
        reviewTask(c);
        // the lead was not gone after all: they hand the role over themselves while the agent reads
        leads.reassign(principal(s.lead()), successor.userId(), "confirm", "192.0.2.1");

        agentDecides(c, approve(s.candidate().email(), null));

        Task back = reviewTask(c);
        assertThat((String) tasks.getVariable(back.getId(), CaseProcesses.AGENT_NOTICE))
                .startsWith("The alliance lead changed while you decided");
        assertThat((String) tasks.getVariable(back.getId(), "currentLead")).contains(successor.email());
        assertThat(leadOf(s.account().accountId())).isEqualTo(successor.userId());

        agentDecides(c, decide("REJECT", "Your lead handed the role over in the meantime."));
        ended(c);
        assertThat(leadOf(s.account().accountId())).isEqualTo(successor.userId());
    }

    @Test
    void theRequesterWithdrawsWhileTheAgentHasTheRequest() {
        Scene s = scene();
        var requested = requestChange(s.requester(), "Lead left.", null);
        SupportCase c = caseOf(requested);
        reviewTask(c);

        caseService.resolve(s.requester().userId(), s.account().accountId(), c.caseNumber());

        assertThat(passed(processIdOf(c), "End_RequestWithdrawn")).isTrue();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(processIdOf(c)).singleResult()
                .getEndTime()).isNotNull();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(c.caseNumber()).count()).isZero();
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(requestOf(requested).status()).isEqualTo(LeadChangeRequest.Status.WITHDRAWN);
        assertThat(auditOf(s.account().accountId(), "AllianceLeadChangeWithdrawn")).hasSize(1);
        assertThat(leadRepository.openOf(s.account().accountId())).isEmpty();
        assertThat(leadOf(s.account().accountId())).isEqualTo(s.lead().userId());
    }

    @Test
    void theRequesterWithdrawsWhileAQuestionWaits() {
        Scene s = scene();
        var requested = requestChange(s.requester(), "Lead left.", null);
        SupportCase c = caseOf(requested);
        agentDecides(c, decide("ASK", "Are you sure?"));
        mailbox.awaitMessage(s.requester().email(), 2);
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.WAITING_FOR_PARTNER);

        caseService.resolve(s.requester().userId(), s.account().accountId(), c.caseNumber());

        assertThat(passed(processIdOf(c), "End_RequestWithdrawn")).isTrue();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(processIdOf(c)).singleResult()
                .getEndTime()).isNotNull();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(c.caseNumber()).count()).isZero();
        assertThat(requestOf(requested).status()).isEqualTo(LeadChangeRequest.Status.WITHDRAWN);
    }

    @Test
    void aDeactivatedOldLeadIsNotMailed() {
        Scene s = scene();
        setStatus(s.lead(), "DEACTIVATED");
        var requested = requestChange(s.requester(), "Our lead left; we deactivated the login.", s.candidate());
        SupportCase c = caseOf(requested);
        assertThat((String) tasks.getVariable(reviewTask(c).getId(), "currentLead")).endsWith("deactivated");

        agentDecides(c, approve(s.candidate().email(), null));
        ended(c);

        assertThat(endOf(c)).isEqualTo("End_ChangeApproved");
        assertThat(passed(processIdOf(c), "Task_TellPreviousLead")).isFalse();
        assertThat(mailbox.awaitMessage(s.candidate().email(), 1).subject()).startsWith("You are now the alliance lead");
        assertThat(mailbox.awaitMessage(s.requester().email(), 2).subject()).contains("Your case is resolved");
        assertThat(mailbox.messagesFor(s.lead().email())).isEmpty();
        assertThat(rolesOf(s.lead())).containsExactly(Role.STANDARD_USER);
        List<Map<String, Object>> reassigned = auditOf(s.account().accountId(), "AllianceLeadReassigned");
        assertThat(reassigned).hasSize(1);
    }
}
