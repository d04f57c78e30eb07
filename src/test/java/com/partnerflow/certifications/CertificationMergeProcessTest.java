package com.partnerflow.certifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.cases.CaseMessage;
import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.links.LinkDecision;
import com.partnerflow.links.LinkRefused;
import com.partnerflow.links.SignedLinks;
import com.partnerflow.mail.inbound.InboundAttachment;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.MailKind;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every path of certification-account-merge.bpmn, multi-day waits by moving the engine clock. */
class CertificationMergeProcessTest extends MergeTestSupport {

    @Autowired
    SignedLinks signedLinks;
    @Autowired
    CertificationProfiles profiles;

    @Test
    void followingTheCaseSendsTheAgentsStatusUpdateAndTheTaskComesBack() {
        Merge m = openMerge();
        mailbox.awaitMessage(m.partner().email(), 1); // "We received your case"
        Task follow = awaitTask(m, MergeTracker.FOLLOW_TASK);
        tasks.claim(follow.getId(), "agent1");
        assertThatThrownBy(() -> tasks.complete(follow.getId()))
                .hasMessageContaining("Write the status update for the partner");

        tasks.complete(follow.getId(), Map.of(MergeProcess.STATUS_UPDATE, "We are checking both accounts today."));
        TestMailbox.Mail update = mailbox.awaitMessage(m.partner().email(), 2);
        assertThat(update.subject()).isEqualTo("[" + m.supportCase().caseNumber()
                + "] News on the merge of your certification accounts: " + m.supportCase().subject());
        assertThat(update.text()).contains("We are checking both accounts today.");
        Task again = awaitTask(m, MergeTracker.FOLLOW_TASK);
        assertThat(again.getId()).isNotEqualTo(follow.getId());
        assertThat(runtime.getVariable(processIdOf(m), MergeProcess.STATUS_UPDATE)).isNull();
        assertThat(processOf(m)).hasPassed("Task_SendStatusUpdate");
    }

    @Test
    void happyPathFromRequestToCertificationsInTheRoster() {
        Merge m = openMerge();
        assertThat(mailbox.awaitMessage(m.partner().email(), 1).subject()).contains("We received your case");
        Task follow = awaitTask(m, MergeTracker.FOLLOW_TASK);
        assertThat(follow.getName()).isEqualTo("Follow merge case");

        Task details = awaitTask(m, PrepareMergeTaskListener.TASK_REQUEST_DETAILS);
        assertThat(details.getDescription()).startsWith("Waiting on support agent since");
        assertThat((String) runtime.getVariable(processIdOf(m), "agentMessage")).contains(m.keepEmail(), m.mergeEmail());
        TestMailbox.Mail question = detailsAnswered(m);
        assertThat(question.subject()).contains("We need your answer");
        assertThat(question.text()).contains("sign-in method");

        Task review = awaitTask(m, PrepareMergeTaskListener.TASK_REVIEW);
        assertThat((String) tasks.getVariableLocal(review.getId(), "accounts"))
                .contains(m.keepEmail() + " — sign-in: AWS Builder ID", m.mergeEmail() + " — sign-in: Amazon.com account",
                        "SAA-C03, DVA-C02");
        assertThat((String) tasks.getVariableLocal(review.getId(), "correspondence")).contains("Keep #1.");

        complete(m, PrepareMergeTaskListener.TASK_REVIEW, Map.of(MergeProcess.REVIEW_DECISION, "APPROVE"));
        assertThat(mailbox.awaitMessage(m.partner().email(), 3).subject()).contains("approved");
        TestMailbox.Mail confirmation = mailbox.awaitMessage(m.mergeEmail(), 1);
        assertThat(confirmation.subject()).isEqualTo("[" + m.supportCase().caseNumber()
                + "] Please confirm the merge of your certification account");
        assertThat(confirmation.replyTo()).matches("support\\+[a-z2-7]{26}@partnerflow\\.local");
        assertThat(confirmation.inReplyTo()).isNotNull();
        assertThat(confirmation.text()).contains("/links/", "please proceed");
        awaitWaitingForReply(m);
        assertThat(processOf(m)).isWaitingAt("Activity_AskConfirmation", MergeTracker.FOLLOW_TASK);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.WAITING_FOR_CONFIRMATION);
        assertThat(tasks.createTaskQuery().taskId(follow.getId()).singleResult().getDescription())
                .startsWith("Waiting on owner of account #2 since");

        // account #2's owner replies "please proceed"
        assertThat(deliver(replyTo(confirmation, m.mergeEmail(), "Please proceed.")))
                .isEqualTo("reply correlated to " + m.supportCase().caseNumber());
        assertThat(mailbox.awaitMessage(m.partner().email(), 4).subject()).contains("merge of your certification accounts has started");
        awaitActivity(m, "Event_MergePollTimer");
        MergeRequests.MergeRequest started = mergeRequests.find(m.caseId()).orElseThrow();
        assertThat(started.stage()).isEqualTo(MergeStage.MERGE_IN_PROGRESS);
        assertThat(started.expectedExams()).isEqualTo(2);
        assertThat(runtime.getVariable(processIdOf(m), MergeProcess.CONFIRMATION_DECISION)).isEqualTo("CONFIRM");
        // the link of the settled question no longer works
        assertThatThrownBy(() -> signedLinks.answer(linkToken(confirmation, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);
        // the withdrawal is refused from now on
        assertThatThrownBy(() -> caseService.resolve(m.partner().userId(), m.partner().accountId(),
                m.supportCase().caseNumber()))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("merge-already-started"));

        // an hour later the merge is not done yet: the process polls again
        Instant requested = started.mergeRequestedAt();
        setClock(requested.plus(Duration.ofHours(1)).plusSeconds(60));
        await().until(() -> history.createHistoricActivityInstanceQuery().processInstanceId(processIdOf(m))
                .activityId("Task_CheckMerge").finished().count() == 1);
        awaitActivity(m, "Event_MergePollTimer");
        assertThat(runtime.getVariable(processIdOf(m), MergeProcess.MERGE_DONE)).isEqualTo(false);

        // 3 days after the request the certification system reports it done
        setClock(requested.plus(Duration.ofDays(3)).plus(Duration.ofHours(2)).plusSeconds(60));
        assertThat(mailbox.awaitMessage(m.partner().email(), 5).subject()).contains("Your certification accounts are merged");
        awaitActivity(m, "Event_SyncPollTimer");
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.WAITING_FOR_SYNC);

        // the consenting partner's roster shows only account #1's own certification so far
        profiles.setConsent(principal(m.partner()), true, "127.0.0.1");
        assertThat(certificationCodesInRoster(m)).containsExactly("CLF-C02");

        // the sync delay (5 days after the merge completed) passes: the next poll finds them
        setClock(requested.plus(Duration.ofDays(8)).plus(Duration.ofMinutes(30)));
        awaitEnded(m, "End_MergeResolved");
        assertThat(mailbox.awaitMessage(m.partner().email(), 6).subject()).contains("are in your partner profile");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.RESOLVED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().openPairKey()).isNull();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(m.supportCase().caseNumber()).count()).isZero();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processIdOf(m))
                .activityId("Task_SyncOverdue").count()).isZero();

        CertificationProfiles.Roster roster = profiles.roster(m.partner().accountId());
        assertThat(roster.users()).singleElement().satisfies(u -> assertThat(u.certifications())
                .extracting(CertificationProfiles.CertificationView::certificationCode,
                        CertificationProfiles.CertificationView::certificationAccount,
                        CertificationProfiles.CertificationView::takenWithAccount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("CLF-C02", m.keepEmail(), m.keepEmail()),
                        org.assertj.core.groups.Tuple.tuple("SAA-C03", m.keepEmail(), m.mergeEmail()),
                        org.assertj.core.groups.Tuple.tuple("DVA-C02", m.keepEmail(), m.mergeEmail())));
        // the correspondence holds every mail of the case, the reply of account #2 included
        assertThat(caseRepository.messages(m.caseId())).extracting(CaseMessage::body)
                .anyMatch(b -> b.equals("Please proceed."))
                .anyMatch(b -> b.startsWith("(confirmation request mail to " + m.mergeEmail()));
    }

    @Test
    void theMergeTasksShowTheCorrespondenceWithItsAttachmentsLikeCaseTasks() {
        Merge m = openMerge();
        complete(m, PrepareMergeTaskListener.TASK_REQUEST_DETAILS, Map.of());
        TestMailbox.Mail question = mailbox.awaitMessage(m.partner().email(), 2);
        awaitWaitingForReply(m);
        InboundMail reply = replyTo(question, m.partner().email(), "Both accounts are in the screenshot.");
        deliver(new InboundMail(reply.messageId(), reply.inReplyTo(), reply.references(), reply.from(), reply.to(),
                reply.subject(), reply.replyText(), reply.fullText(),
                List.of(new InboundAttachment("accounts.png", "image/png", new byte[] {1, 2, 3})),
                reply.receivedAt(), reply.kind(), null));

        Task review = awaitTask(m, PrepareMergeTaskListener.TASK_REVIEW);
        assertThat((String) tasks.getVariableLocal(review.getId(), "correspondence"))
                .contains("Both accounts are in the screenshot.", "attachments: accounts.png");
    }

    @Test
    void aSecondCaseForTheSamePairIsRefusedAndPointsToTheFirst() {
        Merge m = openMerge();
        assertThatThrownBy(() -> merges.open(principal(m.partner()), m.mergeEmail().toUpperCase(), " " + m.keepEmail(), null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("duplicate-merge-case");
                    assertThat(p.getBody().getProperties()).containsEntry("caseNumber", m.supportCase().caseNumber());
                });
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(MergeProcess.KEY)
                .processInstanceBusinessKey(m.supportCase().caseNumber()).count()).isEqualTo(1);
    }

    @Test
    void theAgentRejectsWithAReason() {
        Merge m = openMerge();
        detailsAnswered(m);
        Task review = awaitTask(m, PrepareMergeTaskListener.TASK_REVIEW);
        tasks.claim(review.getId(), "agent1");
        assertThatThrownBy(() -> tasks.complete(review.getId(), Map.of(MergeProcess.REVIEW_DECISION, "REJECT")))
                .hasMessageContaining("needs a reason");

        tasks.complete(review.getId(), Map.of(MergeProcess.REVIEW_DECISION, "REJECT",
                MergeProcess.REVIEW_REASON, "Account #2 belongs to another person."));
        awaitEnded(m, "End_Rejected");
        TestMailbox.Mail rejected = mailbox.awaitMessage(m.partner().email(), 3);
        assertThat(rejected.subject()).contains("was not approved");
        assertThat(rejected.text()).contains("Account #2 belongs to another person.");
        assertThat(mailbox.messagesFor(m.mergeEmail())).isEmpty();
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.REJECTED);
        // the pair is free again
        merges.open(principal(m.partner()), m.keepEmail(), m.mergeEmail(), null);
    }

    @Test
    void accountTwoDeclinesThroughTheSignedLink() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);
        awaitQuestionWaitsFor(m, CaseProcesses.MSG_QUESTION_LINK_ANSWERED);

        signedLinks.answer(linkToken(confirmation, "decline"), LinkDecision.DECLINE, "127.0.0.1");

        awaitEnded(m, "End_Declined");
        assertThat(mailbox.awaitMessage(m.partner().email(), 4).subject()).contains("The merge was declined");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().externalMergeId()).isNull();
        // the reply token died with the question
        assertThat(deliver(replyTo(confirmation, m.mergeEmail(), "Please proceed"))).startsWith("unmatched");
    }

    @Test
    void anUnclearReplyGoesToAnAgentWhoAsksAgainThenTheLinkConfirms() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);
        deliver(replyTo(confirmation, m.mergeEmail(), "What is this about?"));
        Task check = awaitTask(m, PrepareMergeTaskListener.TASK_CHECK_REPLY);
        assertThat((String) runtime.getVariable(processIdOf(m), MergeProcess.CONFIRMATION_NOTE))
                .contains("What is this about?");
        assertThat(check.getDescription()).startsWith("Waiting on support agent");

        complete(m, PrepareMergeTaskListener.TASK_CHECK_REPLY, Map.of("agentDecision", "ASK_AGAIN"));
        TestMailbox.Mail again = mailbox.awaitMessage(m.mergeEmail(), 2);
        assertThat(again.replyTo()).isNotEqualTo(confirmation.replyTo());
        awaitQuestionWaitsFor(m, CaseProcesses.MSG_QUESTION_LINK_ANSWERED);
        // the first mail's link was withdrawn when asking again
        assertThatThrownBy(() -> signedLinks.answer(linkToken(confirmation, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);

        signedLinks.answer(linkToken(again, "confirm"), LinkDecision.CONFIRM, "127.0.0.1");
        awaitActivity(m, "Event_MergePollTimer");
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().externalMergeId()).isNotNull();
    }

    @Test
    void aBouncedConfirmationGoesToAnAgentWithTheNotice() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);
        InboundMail bounce = new InboundMail("<bounce-" + java.util.UUID.randomUUID() + "@mx.example>", List.of(),
                List.of(), "mailer-daemon@mx.example", List.of("support@partnerflow.local"),
                "Undelivered Mail Returned to Sender", "", "550 5.1.1 User unknown", List.of(),
                Instant.now(), MailKind.BOUNCE, confirmation.messageId());

        assertThat(deliver(bounce)).isEqualTo("bounce reported to the agent");

        awaitTask(m, PrepareMergeTaskListener.TASK_CHECK_REPLY);
        assertThat(runtime.getVariable(processIdOf(m), MergeProcess.CONFIRMATION_DECISION)).isEqualTo("UNCLEAR");
        assertThat((String) runtime.getVariable(processIdOf(m), MergeProcess.CONFIRMATION_NOTE))
                .contains("could not be delivered", m.mergeEmail(), "550 5.1.1 User unknown");
        // the bounced question is closed both ways
        assertThat(deliver(replyTo(confirmation, m.mergeEmail(), "Please proceed"))).startsWith("unmatched");
        assertThatThrownBy(() -> signedLinks.answer(linkToken(confirmation, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);
    }

    @Test
    void noAnswerFromAccountTwoRemindsAfterThreeDaysAndClosesAfterFourteen() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);

        moveClockBy(Duration.ofDays(3).plusMinutes(1));
        TestMailbox.Mail reminder = mailbox.awaitMessage(m.mergeEmail(), 2);
        assertThat(reminder.subject()).contains("Reminder");
        assertThat(reminder.replyTo()).isNotEqualTo(confirmation.replyTo());
        assertThat(processOf(m)).isWaitingAt("Activity_AskConfirmation", MergeTracker.FOLLOW_TASK);

        moveClockBy(Duration.ofDays(11));
        awaitEnded(m, "End_ClosedUnconfirmed");
        assertThat(mailbox.awaitMessage(m.partner().email(), 4).subject()).contains("without confirmation");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(deliver(replyTo(reminder, m.mergeEmail(), "Please proceed"))).startsWith("unmatched");
        assertThatThrownBy(() -> signedLinks.answer(linkToken(reminder, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);
    }

    @Test
    void thePartnerNeverSendsTheDetails() {
        Merge m = openMerge();
        complete(m, PrepareMergeTaskListener.TASK_REQUEST_DETAILS, Map.of());
        mailbox.awaitMessage(m.partner().email(), 2);
        awaitWaitingForReply(m);
        moveClockBy(Duration.ofDays(3).plusMinutes(1));
        mailbox.awaitMessage(m.partner().email(), 3); // the ask block's reminder
        moveClockBy(Duration.ofDays(11));
        awaitEnded(m, "End_ClosedUnanswered");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.CLOSED_UNANSWERED);
    }

    @Test
    void thePartnerWithdrawsWhileAccountTwoIsAsked() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);

        caseService.resolve(m.partner().userId(), m.partner().accountId(), m.supportCase().caseNumber());

        awaitEnded(m, "End_Withdrawn");
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(m.supportCase().caseNumber()).count()).isZero();
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.WITHDRAWN);
        assertThatThrownBy(() -> signedLinks.answer(linkToken(confirmation, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);
        assertThat(deliver(replyTo(confirmation, m.mergeEmail(), "Please proceed"))).startsWith("unmatched");
        // the pair may be asked for again
        merges.open(principal(m.partner()), m.keepEmail(), m.mergeEmail(), null);
    }

    @Test
    void aFailingCertificationSystemBecomesAnIncidentAndTheMergeGoesOnOnceItRecovers() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);
        certificationSystem.failWith("maintenance window");

        deliver(replyTo(confirmation, m.mergeEmail(), "yes"));

        exhaustRetries(processIdOf(m), "Task_RequestMerge", "maintenance window");
        assertThat(runtime.createIncidentQuery().processInstanceId(processIdOf(m)).activityId("Task_RequestMerge")
                .count()).isEqualTo(1);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().externalMergeId()).isNull();

        certificationSystem.recover();
        Job failed = management.createJobQuery().processInstanceId(processIdOf(m)).activityId("Task_RequestMerge")
                .singleResult();
        management.setJobRetries(failed.getId(), 1); // what "Retry" in Cockpit does

        awaitActivity(m, "Event_MergePollTimer");
        assertThat(runtime.createIncidentQuery().processInstanceId(processIdOf(m)).count()).isZero();
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().externalMergeId()).isNotNull();
        assertThat(mailbox.awaitMessage(m.partner().email(), 4).subject()).contains("has started");
    }

    @Test
    void certificationsOverduePastTheSyncDelayAlertTheAgents() {
        // account #1 is an address no user of the partner account has: its certifications never arrive
        var account = accounts.newAccount();
        Merge m = openMerge(account, personalAddress("keep"));
        TestMailbox.Mail confirmation = approved(m);
        deliver(replyTo(confirmation, m.mergeEmail(), "Please proceed"));
        awaitActivity(m, "Event_MergePollTimer");
        Instant requested = mergeRequests.find(m.caseId()).orElseThrow().mergeRequestedAt();

        setClock(requested.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)).plusSeconds(60));
        TestMailbox.Mail done = mailbox.awaitMessage(m.partner().email(), 5);
        assertThat(done.text()).contains("T&C account email");
        awaitActivity(m, "Event_SyncPollTimer");

        setClock(requested.plus(Duration.ofDays(8)).plus(Duration.ofHours(2)).plusSeconds(60));
        Task overdue = awaitTask(m, PrepareMergeTaskListener.TASK_SYNC_OVERDUE);
        assertThat(overdue.getName()).isEqualTo("Chase the overdue certifications");
        assertThat(runtime.getVariable(processIdOf(m), "syncOverdue")).isEqualTo(true);
        awaitActivity(m, "Event_SyncPollTimer");
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.WAITING_FOR_SYNC);

        // the agent has the partner enter account #1 as T&C account email; 5 days later the sync finds them
        complete(m, PrepareMergeTaskListener.TASK_SYNC_OVERDUE, Map.of("overdueNote", "Asked the partner to add the T&C email."));
        profiles.setTncEmail(principal(m.partner()), m.keepEmail(), "127.0.0.1");
        moveClockBy(Duration.ofDays(5).plusHours(2));
        awaitEnded(m, "End_MergeResolved");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
    }

    private java.util.List<String> certificationCodesInRoster(Merge m) {
        return profiles.roster(m.partner().accountId()).users().stream()
                .flatMap(u -> u.certifications().stream())
                .map(CertificationProfiles.CertificationView::certificationCode).toList();
    }
}
