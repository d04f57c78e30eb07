package com.partnerflow.leadership;

import static org.awaitility.Awaitility.await;

import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Accounts, callers, change requests and the agent's side of them, for the alliance-lead tests. */
abstract class LeadTestSupport extends IntegrationTestBase {

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
    @Autowired
    TaskService tasks;
    @Autowired
    TransactionTemplate tx;

    /** The caller as the partner API would see them (roles read now). */
    PartnerPrincipal principal(SignedInUser user) {
        PartnerUser u = user(user);
        return new PartnerPrincipal(u.id(), u.accountId(), u.email(), u.firstName(), u.lastName(), u.roles());
    }

    PartnerUser user(SignedInUser user) {
        return directory.findUser(user.userId()).orElseThrow();
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

    void setLanguage(SignedInUser user, String language) {
        jdbc.sql("UPDATE partner_user SET language = ? WHERE id = ?").params(language, user.userId()).update();
    }

    void addRole(SignedInUser user, Role role) {
        tx.executeWithoutResult(s -> directory.assignRole(user.accountId(), user.userId(), role, "test"));
    }

    /** Audit events of an account, as "EventName actor target" lines plus the parameters. */
    List<Map<String, Object>> auditOf(UUID accountId, String eventName) {
        return jdbc.sql("""
                SELECT actor, target, actor_user_id, target_user_id, source_address, parameters FROM audit_event
                WHERE account_id = ? AND event_name = ? ORDER BY id""").params(accountId, eventName)
                .query().listOfRows();
    }

    AllianceLeadService.ChangeRequested requestChange(SignedInUser requester, String reason, SignedInUser proposed) {
        return leads.requestChange(principal(requester), reason, proposed == null ? null : proposed.userId(),
                "192.0.2.7");
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

    /** The open review task of the request's case, once it exists. */
    Task awaitReviewTask(SupportCase c) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery()
                .taskCandidateGroup("support-agents").includeAssignedTasks()
                .processInstanceBusinessKey(c.caseNumber())
                .taskDefinitionKey("Task_VerifyLeadChange").singleResult(), t -> t != null);
    }

    /** The agent claims the review task (unless it is theirs already) and completes it with these form values. */
    void agentDecides(SupportCase c, Map<String, Object> formValues) {
        Task task = awaitReviewTask(c);
        if (task.getAssignee() == null) {
            tasks.claim(task.getId(), "agent1");
        }
        tasks.complete(task.getId(), formValues);
    }

    void awaitProcessEnded(SupportCase c) {
        await().atMost(Duration.ofSeconds(30)).until(() -> history.createHistoricProcessInstanceQuery()
                .processInstanceId(processIdOf(c)).singleResult().getEndTime() != null);
    }

    String endOf(SupportCase c) {
        return history.createHistoricProcessInstanceQuery().processInstanceId(processIdOf(c)).singleResult()
                .getEndActivityId();
    }

    boolean passed(String processInstanceId, String activityId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityId(activityId).count() > 0;
    }
}
