package com.partnerflow.certifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.cases.CaseMessage;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.links.LinkDecision;
import com.partnerflow.links.LinkRefused;
import com.partnerflow.links.SignedLinks;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A certification account merge end to end on the whole application: the job executor sends every
 * mail and polls the certification system, replies come through the reply router, the engine
 * clock moves over the multi-day waits. The happy path is driven here only; every other path of
 * certification-account-merge.bpmn is in CertificationMergeProcessTest (fast layer); the HTTP
 * answers are CertificationApiTest's.
 */
class CertificationMergeEndToEndTest extends MergeTestSupport {

    @Autowired
    SignedLinks signedLinks;
    @Autowired
    CertificationProfiles profiles;

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

    private java.util.List<String> certificationCodesInRoster(Merge m) {
        return profiles.roster(m.partner().accountId()).users().stream()
                .flatMap(u -> u.certifications().stream())
                .map(CertificationProfiles.CertificationView::certificationCode).toList();
    }
}
