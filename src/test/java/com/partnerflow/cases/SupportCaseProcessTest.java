package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.MailKind;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/** Every path of support-case.bpmn and ask-partner-by-email.bpmn on the real engine and mail server. */
class SupportCaseProcessTest extends CaseTestSupport {

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

        agentDecides(c, "RESOLVE", "Both accounts are merged.");
        awaitCaseEnded(c);
        assertThat(mailbox.awaitMessage(partner.email(), 3).subject()).contains("Your case is resolved");
        HistoricProcessInstance process = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processIdOf(c)).singleResult();
        assertThat(process.getEndActivityId()).isEqualTo("End_Resolved");
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
        await().until(() -> caseRepository.find(c.id()).orElseThrow().status() == CaseStatus.WAITING_FOR_PARTNER);
        ProcessInstance ask = runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                .processInstanceBusinessKey(c.caseNumber()).singleResult();
        assertThat(ask).isWaitingAt("Task_WaitForReply");

        assertThat(deliver(replyTo(question, partner.email(), "It uses Amazon sign-in.")))
                .isEqualTo("reply correlated to " + c.caseNumber());

        Task back = awaitAgentTask(c);
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

        moveClockBy(Duration.ofDays(3).plusMinutes(1));
        TestMailbox.Mail reminder = mailbox.awaitMessage(partner.email(), 3);
        assertThat(reminder.subject()).contains("リマインダー");
        assertThat(reminder.replyTo()).isNotEqualTo(question.replyTo()).startsWith("support+");
        assertThat(reminder.text()).contains("アカウント #2 のサインイン方法を教えてください。");

        moveClockBy(Duration.ofDays(11));
        awaitCaseEnded(c);
        assertThat(mailbox.awaitMessage(partner.email(), 4).subject()).contains("クローズ");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(processIdOf(c)).singleResult()
                .getEndActivityId()).isEqualTo("End_ClosedUnanswered");
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
        awaitAgentTask(c);
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
        InboundMail bounce = new InboundMail("<bounce-" + java.util.UUID.randomUUID() + "@mx.example>", List.of(),
                List.of(), "mailer-daemon@mx.example", List.of("support@partnerflow.local"),
                "Undelivered Mail Returned to Sender", "", "550 5.1.1 User unknown", List.of(),
                java.time.Instant.now(), MailKind.BOUNCE, question.messageId());

        assertThat(deliver(bounce)).isEqualTo("bounce reported to the agent");

        awaitAgentTask(c);
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
        var task = awaitAgentTask(c);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tasks.complete(task.getId(),
                java.util.Map.of(CaseProcesses.AGENT_DECISION, "DELETE", CaseProcesses.AGENT_MESSAGE, "x")))
                .hasMessageContaining("Choose what you do");
        assertThat(awaitAgentTask(c).getId()).isEqualTo(task.getId());
    }
}
