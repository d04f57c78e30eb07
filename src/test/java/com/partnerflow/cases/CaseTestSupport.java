package com.partnerflow.cases;

import static org.awaitility.Awaitility.await;

import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Partners, cases and the agent's side of them, for case tests. */
abstract class CaseTestSupport extends IntegrationTestBase {

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

    record Asked(PartnerUser partner, SupportCase supportCase, TestMailbox.Mail question) {
    }

    /** A case whose agent asked the partner a question that now waits for the reply. */
    Asked askedCase(String language) {
        PartnerUser partner = newPartner(language);
        SupportCase c = openCase(partner);
        agentDecides(c, "ASK", "Which account do you keep?");
        TestMailbox.Mail question = mailbox.awaitMessage(partner.email(), 2);
        await().until(() -> caseRepository.find(c.id()).orElseThrow().status() == CaseStatus.WAITING_FOR_PARTNER);
        return new Asked(partner, c, question);
    }

    boolean stillWaiting(Asked asked) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                .processInstanceBusinessKey(asked.supportCase().caseNumber()).count() == 1;
    }

    PartnerUser newPartner(String language) {
        return tx.execute(s -> {
            String domain = newDomain();
            UUID account = directory.findOrCreateAccount(domain, "Case Test " + domain).accountId();
            UUID user = directory.createUser(account, new NewUser("pat@" + domain, "Pat", "Partner",
                    "$2a$10$unused", language));
            directory.assignRole(account, user, Role.ALLIANCE_LEAD, "test");
            return directory.findUser(user).orElseThrow();
        });
    }

    SupportCase openCase(PartnerUser partner) {
        return caseService.open(partner.id(), new SupportCaseService.CaseRequest("Partner Central", "Certifications",
                "Certification account merge", "Please merge my two certification accounts",
                "Account #1 keep@example, account #2 old@example."));
    }

    /** The open "Work case" task of the case, once it exists. */
    Task awaitAgentTask(SupportCase c) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery()
                .taskCandidateGroup("support-agents").processInstanceBusinessKey(c.caseNumber())
                .taskDefinitionKey("Task_WorkCase").singleResult(), t -> t != null);
    }

    void agentDecides(SupportCase c, String decision, String message) {
        Task task = awaitAgentTask(c);
        tasks.claim(task.getId(), "agent1");
        tasks.complete(task.getId(), java.util.Map.of(CaseProcesses.AGENT_DECISION, decision,
                CaseProcesses.AGENT_MESSAGE, message));
    }

    String processIdOf(SupportCase c) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(CaseProcesses.SUPPORT_CASE)
                .processInstanceBusinessKey(c.caseNumber()).singleResult().getId();
    }

    void awaitCaseEnded(SupportCase c) {
        await().atMost(Duration.ofSeconds(30)).until(() -> history.createHistoricProcessInstanceQuery()
                .processInstanceId(processIdOf(c)).singleResult().getEndTime() != null);
    }

    long unmatchedTasksFrom(String from) {
        return tasks.createTaskQuery().processDefinitionKey(CaseProcesses.UNMATCHED_REPLY)
                .processVariableValueEquals("mailFrom", from).count();
    }
}
