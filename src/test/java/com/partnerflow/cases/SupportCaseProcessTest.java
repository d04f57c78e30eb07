package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.MailKind;
import com.partnerflow.support.ProcessTestBase;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every path of support-case.bpmn and ask-partner-by-email.bpmn in the fast layer: the real
 * engine, mail server and reply router, each job and timer run by the test. Opening, answering
 * and resolving over HTTP is CaseApiTest's; replies read from the support mailbox by the
 * background reader are CaseEmailReplyEndToEndTest's and CaseMailDeliveryTest's.
 */
class SupportCaseProcessTest extends ProcessTestBase {

    @Autowired
    PartnerDirectory directory;
    @Autowired
    SupportCaseService caseService;
    @Autowired
    CaseRepository caseRepository;
    @Autowired
    TransactionTemplate tx;

    private PartnerUser newPartner(String language) {
        return tx.execute(s -> {
            String domain = newDomain();
            UUID account = directory.findOrCreateAccount(domain, "Case Test " + domain).accountId();
            UUID user = directory.createUser(account, new NewUser("pat@" + domain, "Pat", "Partner",
                    "$2a$10$unused", language));
            directory.assignRole(account, user, Role.ALLIANCE_LEAD, "test");
            return directory.findUser(user).orElseThrow();
        });
    }

    /** Opens a case as the partner API does and runs its confirmation: the case is with the agents. */
    private SupportCase openCase(PartnerUser partner) {
        SupportCase c = caseService.open(partner.id(), new SupportCaseService.CaseRequest("Partner Central",
                "Certifications", "Certification account merge", "Please merge my two certification accounts",
                "Account #1 keep@example, account #2 old@example."));
        assertThat(process(c)).isWaitingAt("Task_ConfirmCaseReceived");
        tick();
        runDueJobs(processIdOf(c));
        return c;
    }

    /**
     * The engine clock stands still in this layer; the case's messages are ordered by their time,
     * so each step happens a second after the one before, as it would.
     */
    private static void tick() {
        moveClockBy(Duration.ofSeconds(1));
    }

    @Override
    protected String deliver(InboundMail mail) {
        tick();
        return super.deliver(mail);
    }

    private ProcessInstance process(SupportCase c) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.SUPPORT_CASE)
                .processInstanceBusinessKey(c.caseNumber()).singleResult();
    }

    private String processIdOf(SupportCase c) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(CaseProcesses.SUPPORT_CASE)
                .processInstanceBusinessKey(c.caseNumber()).singleResult().getId();
    }

    private ProcessInstance askOf(SupportCase c) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                .processInstanceBusinessKey(c.caseNumber()).singleResult();
    }

    /** The open "Work case" task of the case, for the support agents. */
    private Task agentTask(SupportCase c) {
        Task task = tasks.createTaskQuery().taskCandidateGroup("support-agents")
                .processInstanceBusinessKey(c.caseNumber()).taskDefinitionKey("Task_WorkCase").singleResult();
        assertThat(task).as("the Work case task of %s", c.caseNumber()).isNotNull();
        return task;
    }

    /** The agent claims and completes the case's task with this decision; what it set off runs. */
    private void agentDecides(SupportCase c, String decision, String message) {
        Task task = agentTask(c);
        tick();
        tasks.claim(task.getId(), "agent1");
        tasks.complete(task.getId(), Map.of(CaseProcesses.AGENT_DECISION, decision,
                CaseProcesses.AGENT_MESSAGE, message));
        runDueJobs(processIdOf(c));
    }

    private String endOf(SupportCase c) {
        HistoricProcessInstance process = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processIdOf(c)).singleResult();
        assertThat(process.getEndTime()).as("end of %s", c.caseNumber()).isNotNull();
        return process.getEndActivityId();
    }

    @Test
    void agentAnswersThenResolves() {
        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        assertThat(c.caseNumber()).matches("CASE-\\d{6}");
        TestMailbox.Mail confirmation = mailbox.awaitMessage(partner.email(), 1);
        assertThat(confirmation.subject()).startsWith("[" + c.caseNumber() + "] We received your case");
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.WAITING_FOR_AGENT);

        agentDecides(c, "ANSWER", "Thank you, we are looking into it.");
        TestMailbox.Mail answer = mailbox.awaitMessage(partner.email(), 2);
        assertThat(answer.text()).contains("Thank you, we are looking into it.");
        assertThat(answer.inReplyTo()).isEqualTo(confirmation.messageId());
        assertThat(answer.replyTo()).isEqualTo("support@partnerflow.local");
        assertThat(process(c)).hasPassed("Task_SendAnswer").isWaitingAt("Task_WorkCase");

        agentDecides(c, "RESOLVE", "Both accounts are merged.");
        assertThat(endOf(c)).isEqualTo("End_Resolved");
        assertThat(mailbox.awaitMessage(partner.email(), 3).subject()).contains("Your case is resolved");
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(caseRepository.messages(c.id())).extracting(CaseMessage::direction)
                .containsExactly("IN", "OUT", "OUT", "OUT");
        assertThat(caseRepository.messages(c.id())).extracting(CaseMessage::body)
                .containsExactly(c.description(), "(opened mail)", "Thank you, we are looking into it.",
                        "Both accounts are merged.");
    }

    @Test
    void agentAsksAndThePartnersReplyBringsTheCaseBack() {
        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        agentDecides(c, "ASK", "Which sign-in method does account #2 use?");
        TestMailbox.Mail question = mailbox.awaitMessage(partner.email(), 2);
        assertThat(question.subject()).isEqualTo("[" + c.caseNumber() + "] We need your answer: " + c.subject());
        assertThat(question.replyTo()).matches("support\\+[a-z2-7]{26}@partnerflow\\.local");
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.WAITING_FOR_PARTNER);
        ProcessInstance ask = askOf(c);
        assertThat(ask).isWaitingAt("Task_WaitForReply");

        assertThat(deliver(replyTo(question, partner.email(), "It uses Amazon sign-in.")))
                .isEqualTo("reply correlated to " + c.caseNumber());
        runDueJobs(processIdOf(c));

        Task back = agentTask(c);
        // the form the agent opens shows the reply that brought the case back
        assertThat((String) tasks.getVariableLocal(back.getId(), "correspondence")).contains("It uses Amazon sign-in.");
        assertThat(ask).hasPassed("End_Answered").isEnded();
        assertThat(runtime.getVariable(processIdOf(c), CaseProcesses.ASK_OUTCOME)).isEqualTo("ANSWERED");
        List<CaseMessage> messages = caseRepository.messages(c.id());
        assertThat(messages.get(messages.size() - 1).body()).isEqualTo("It uses Amazon sign-in.");
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.WAITING_FOR_AGENT);
    }

    @Test
    void anUnansweredQuestionIsRemindedThenTheCaseCloses() {
        PartnerUser partner = newPartner("ja");
        SupportCase c = openCase(partner);
        agentDecides(c, "ASK", "アカウント #2 のサインイン方法を教えてください。");
        TestMailbox.Mail question = mailbox.awaitMessage(partner.email(), 2);
        assertThat(question.subject()).startsWith("[" + c.caseNumber() + "] ご回答のお願い");

        // nothing is due before the reminder's time
        moveClockBy(Duration.ofDays(3).minusMinutes(1));
        assertThat(runDueJobs(processIdOf(c))).isZero();
        moveClockBy(Duration.ofMinutes(2));
        runDueJobs(processIdOf(c));
        TestMailbox.Mail reminder = mailbox.awaitMessage(partner.email(), 3);
        assertThat(reminder.subject()).contains("リマインダー");
        assertThat(reminder.replyTo()).isNotEqualTo(question.replyTo()).startsWith("support+");
        assertThat(reminder.text()).contains("アカウント #2 のサインイン方法を教えてください。");
        assertThat(askOf(c)).hasPassed("End_ReminderSent").isWaitingAt("Task_WaitForReply");

        moveClockBy(Duration.ofDays(11));
        runDueJobs(processIdOf(c));
        assertThat(endOf(c)).isEqualTo("End_ClosedUnanswered");
        assertThat(mailbox.awaitMessage(partner.email(), 4).subject()).contains("クローズ");
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
        // a late answer, to the question or the reminder, advances nothing: an agent sees it
        assertThat(deliver(replyTo(reminder, partner.email(), "遅くなりました"))).startsWith("unmatched");
    }

    @Test
    void thePartnerResolvesTheCaseWhileAQuestionWaits() {
        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        agentDecides(c, "ASK", "Anything else?");
        TestMailbox.Mail question = mailbox.awaitMessage(partner.email(), 2);

        caseService.resolve(partner.id(), partner.accountId(), c.caseNumber());

        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processIdOf(c))
                .activityId("End_ResolvedByPartner").finished().count()).isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(c.caseNumber()).count()).isZero();
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(deliver(replyTo(question, partner.email(), "Never mind"))).startsWith("unmatched");
    }

    @Test
    void thePartnerResolvesTheCaseWhileItIsWithTheAgent() {
        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        agentTask(c);
        caseService.resolve(partner.id(), partner.accountId(), c.caseNumber());
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processIdOf(c))
                .activityId("End_ResolvedByPartner").finished().count()).isEqualTo(1);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(c.caseNumber()).count()).isZero();
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
    }

    @Test
    void aBouncedQuestionGoesBackToTheAgentWithANotice() {
        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        agentDecides(c, "ASK", "Are you there?");
        TestMailbox.Mail question = mailbox.awaitMessage(partner.email(), 2);
        InboundMail bounce = new InboundMail("<bounce-" + UUID.randomUUID() + "@mx.example>", List.of(),
                List.of(), "mailer-daemon@mx.example", List.of("support@partnerflow.local"),
                "Undelivered Mail Returned to Sender", "", "550 5.1.1 User unknown", List.of(),
                Instant.now(), MailKind.BOUNCE, question.messageId());

        assertThat(deliver(bounce)).isEqualTo("bounce reported to the agent");
        runDueJobs(processIdOf(c));

        agentTask(c);
        assertThat(runtime.getVariable(processIdOf(c), CaseProcesses.ASK_OUTCOME)).isEqualTo("BOUNCED");
        assertThat((String) runtime.getVariable(processIdOf(c), CaseProcesses.AGENT_NOTICE))
                .contains("could not be delivered", "550 5.1.1 User unknown");
        // the bounced question's token is dead
        assertThat(deliver(replyTo(question, partner.email(), "late"))).startsWith("unmatched");
    }

    @Test
    void anAgentDecisionOutsideTheFormsChoicesIsRefused() {
        PartnerUser partner = newPartner("en");
        SupportCase c = openCase(partner);
        Task task = agentTask(c);
        assertThatThrownBy(() -> tasks.complete(task.getId(),
                Map.of(CaseProcesses.AGENT_DECISION, "DELETE", CaseProcesses.AGENT_MESSAGE, "x")))
                .hasMessageContaining("Choose what you do");
        assertThat(agentTask(c).getId()).isEqualTo(task.getId());
    }
}
