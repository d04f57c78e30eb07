package com.partnerflow.certifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.cases.CaseMessage;
import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.certifications.system.LocalCertificationSystem;
import com.partnerflow.links.LinkDecision;
import com.partnerflow.links.LinkRefused;
import com.partnerflow.links.SignedLinks;
import com.partnerflow.mail.inbound.InboundAttachment;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.MailKind;
import com.partnerflow.support.ProcessTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of certification-account-merge.bpmn in the fast layer: the real engine, mail server,
 * reply router, signed links and local certification system, each job and timer run by the test,
 * multi-day waits by moving the engine clock. CertificationMergeEndToEndTest drives the whole
 * merge on the full application; CertificationApiTest has the HTTP answers.
 */
class CertificationMergeProcessTest extends ProcessTestBase {

    private static final Pattern LINK = Pattern.compile("/links/([A-Za-z0-9_-]+)\\?choice=(confirm|decline)");

    @Autowired
    LocalCertificationSystem certificationSystem;
    @Autowired
    CertificationMerges merges;
    @Autowired
    MergeRequests mergeRequests;
    @Autowired
    SupportCaseService caseService;
    @Autowired
    CaseRepository caseRepository;
    @Autowired
    SignedLinks signedLinks;
    @Autowired
    CertificationProfiles profiles;

    /** A partner, the two certification accounts and the open merge case. */
    record Merge(TestAccounts.TestAccount account, SignedInUser partner, String keepEmail, String mergeEmail,
                 SupportCase supportCase) {
        UUID caseId() {
            return supportCase.id();
        }
    }

    @AfterEach
    void certificationSystemAnswersAgain() {
        certificationSystem.recover();
    }

    // ---- the case, from the partner's, the agent's and account #2's side

    /**
     * The partner as the API sees them, built directly: a session would expire as the engine clock
     * moves over the merge's days.
     */
    @Override
    protected PartnerPrincipal principal(SignedInUser user) {
        return new PartnerPrincipal(user.userId(), user.accountId(), user.email(), "Test", "lead",
                List.of(Role.ALLIANCE_LEAD));
    }

    static String personalAddress(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@personal.example";
    }

    static Instant day(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Account #1 is the partner's business address (so the directory shows its certifications), #2 an old personal one. */
    Merge openMerge() {
        TestAccounts.TestAccount account = accounts.newAccount();
        return openMerge(account, account.lead().email());
    }

    /** Opens the merge case as the partner API does and runs its confirmation. */
    Merge openMerge(TestAccounts.TestAccount account, String keepEmail) {
        SignedInUser partner = account.lead();
        String mergeEmail = personalAddress("old");
        certificationSystem.createAccount(keepEmail, "AWS Builder ID", "Pat Partner");
        certificationSystem.addExam(keepEmail, "CLF-C02", "AWS Certified Cloud Practitioner", day(2024, 1, 10), day(2027, 1, 10));
        certificationSystem.createAccount(mergeEmail, "Amazon.com account", "Pat Partner");
        certificationSystem.addExam(mergeEmail, "SAA-C03", "AWS Certified Solutions Architect – Associate", day(2023, 5, 2), day(2026, 5, 2));
        certificationSystem.addExam(mergeEmail, "DVA-C02", "AWS Certified Developer – Associate", day(2024, 8, 2), day(2027, 8, 2));
        CertificationMerges.MergeView view = merges.open(principal(partner), keepEmail, mergeEmail, "Keep #1.");
        SupportCase c = caseRepository.findByNumber(SupportCase.parse(view.caseNumber())).orElseThrow();
        Merge m = new Merge(account, partner, keepEmail, mergeEmail, c);
        assertThat(processOf(m)).isWaitingAt("Task_ConfirmCaseReceived");
        run(m);
        return m;
    }

    ProcessInstance processOf(Merge m) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(MergeProcess.KEY)
                .processInstanceBusinessKey(m.supportCase().caseNumber()).singleResult();
    }

    String processIdOf(Merge m) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(MergeProcess.KEY)
                .processInstanceBusinessKey(m.supportCase().caseNumber()).singleResult().getId();
    }

    /**
     * Runs the merge's due jobs (those of its questions too). The engine clock stands still in this
     * layer and the case's messages are ordered by their time: each step starts a second later.
     */
    void run(Merge m) {
        moveClockBy(Duration.ofSeconds(1));
        runDueJobs(processIdOf(m));
    }

    /** Runs the merge's due jobs, leaving the one at this activity (e.g. to drive its failures). */
    void runUpTo(Merge m, String activityId) {
        for (int ran = 0; ; ran++) {
            Set<String> held = management.createJobQuery().processInstanceId(processIdOf(m)).activityId(activityId)
                    .list().stream().map(Job::getId).collect(Collectors.toSet());
            List<Job> due = dueJobs(processIdOf(m)).stream().filter(j -> !held.contains(j.getId())).toList();
            if (due.isEmpty()) {
                return;
            }
            management.executeJob(due.get(0).getId());
            assertThat(ran).as("jobs in a row").isLessThan(100);
        }
    }

    /** The open task of the case for the support agents. */
    Task task(Merge m, String taskKey) {
        Task task = tasks.createTaskQuery().taskCandidateGroup("support-agents")
                .processInstanceBusinessKey(m.supportCase().caseNumber()).taskDefinitionKey(taskKey).singleResult();
        assertThat(task).as("task %s of %s", taskKey, m.supportCase().caseNumber()).isNotNull();
        return task;
    }

    /** The agent claims and completes the task; what that set off runs. */
    void complete(Merge m, String taskKey, Map<String, Object> variables) {
        Task task = task(m, taskKey);
        tasks.claim(task.getId(), "agent1");
        tasks.complete(task.getId(), variables);
        run(m);
    }

    /** A reply as the inbound reader hands it to the router; what it set off runs. Returns the router's outcome. */
    String reply(Merge m, InboundMail mail) {
        moveClockBy(Duration.ofSeconds(1));
        String outcome = deliver(mail);
        run(m);
        return outcome;
    }

    /** Account #2's owner follows a signed link of the confirmation mail; what it set off runs. */
    void followLink(Merge m, TestMailbox.Mail mail, String choice, LinkDecision decision) {
        signedLinks.answer(linkToken(mail, choice), decision, "127.0.0.1");
        run(m);
    }

    /** Agent asks for the details, the partner answers by email, and the agent reviews. */
    TestMailbox.Mail detailsAnswered(Merge m) {
        complete(m, PrepareMergeTaskListener.TASK_REQUEST_DETAILS, Map.of());
        TestMailbox.Mail question = mailbox.awaitMessage(m.partner().email(), 2);
        assertWaitingForReply(m);
        reply(m, replyTo(question, m.partner().email(), "#1 " + m.keepEmail() + " (AWS Builder ID), #2 "
                + m.mergeEmail() + " (Amazon.com account). Keep #1."));
        return question;
    }

    /** ... and approves: the confirmation request reaches account #2's address. */
    TestMailbox.Mail approved(Merge m) {
        detailsAnswered(m);
        complete(m, PrepareMergeTaskListener.TASK_REVIEW, Map.of(MergeProcess.REVIEW_DECISION, "APPROVE"));
        TestMailbox.Mail confirmation = mailbox.awaitMessage(m.mergeEmail(), 1);
        assertWaitingForReply(m);
        return confirmation;
    }

    /** The case's question (ask-partner-by-email: the details, later the confirmation) waits for a reply. */
    void assertWaitingForReply(Merge m) {
        assertQuestionWaitsFor(m, CaseProcesses.MSG_PARTNER_REPLIED);
    }

    void assertQuestionWaitsFor(Merge m, String eventName) {
        ProcessInstance question = runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                .processInstanceBusinessKey(m.supportCase().caseNumber()).singleResult();
        assertThat(question).as("the question of %s", m.supportCase().caseNumber()).isNotNull();
        assertThat(runtime.createEventSubscriptionQuery().eventName(eventName).processInstanceId(question.getId())
                .count()).as("%s waited for", eventName).isEqualTo(1);
    }

    void assertAt(Merge m, String activityId) {
        assertThat(processOf(m)).as("the merge of %s", m.supportCase().caseNumber()).isNotNull();
        assertThat(runtime.getActiveActivityIds(processIdOf(m))).contains(activityId);
    }

    void assertEnded(Merge m, String endEventId) {
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(processIdOf(m)).singleResult()
                .getEndTime()).as("end of %s", m.supportCase().caseNumber()).isNotNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processIdOf(m))
                .activityId(endEventId).finished().count()).isEqualTo(1);
    }

    /** The token of the confirm or decline link in a mail. */
    static String linkToken(TestMailbox.Mail mail, String choice) {
        Matcher matcher = LINK.matcher(mail.text());
        while (matcher.find()) {
            if (matcher.group(2).equals(choice)) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("No " + choice + " link in: " + mail.text());
    }

    /** The engine clock at this instant, and what is then due runs. */
    void at(Merge m, Instant instant) {
        ClockUtil.setCurrentTime(Date.from(instant));
        runDueJobs(processIdOf(m));
    }

    /** The engine clock this much later, and what is then due runs. */
    void later(Merge m, Duration duration) {
        moveClockBy(duration);
        runDueJobs(processIdOf(m));
    }

    private List<String> certificationCodesInRoster(Merge m) {
        return profiles.roster(m.partner().accountId()).users().stream()
                .flatMap(u -> u.certifications().stream())
                .map(CertificationProfiles.CertificationView::certificationCode).toList();
    }

    // ---- the paths

    @Test
    void followingTheCaseSendsTheAgentsStatusUpdateAndTheTaskComesBack() {
        Merge m = openMerge();
        mailbox.awaitMessage(m.partner().email(), 1); // "We received your case"
        Task follow = task(m, MergeTracker.FOLLOW_TASK);
        tasks.claim(follow.getId(), "agent1");
        assertThatThrownBy(() -> tasks.complete(follow.getId()))
                .hasMessageContaining("Write the status update for the partner");

        tasks.complete(follow.getId(), Map.of(MergeProcess.STATUS_UPDATE, "We are checking both accounts today."));
        run(m);
        TestMailbox.Mail update = mailbox.awaitMessage(m.partner().email(), 2);
        assertThat(update.subject()).isEqualTo("[" + m.supportCase().caseNumber()
                + "] News on the merge of your certification accounts: " + m.supportCase().subject());
        assertThat(update.text()).contains("We are checking both accounts today.");
        Task again = task(m, MergeTracker.FOLLOW_TASK);
        assertThat(again.getId()).isNotEqualTo(follow.getId());
        assertThat(runtime.getVariable(processIdOf(m), MergeProcess.STATUS_UPDATE)).isNull();
        assertThat(processOf(m)).hasPassed("Task_SendStatusUpdate");
    }

    @Test
    void theMergeTasksShowTheCorrespondenceWithItsAttachmentsLikeCaseTasks() {
        Merge m = openMerge();
        complete(m, PrepareMergeTaskListener.TASK_REQUEST_DETAILS, Map.of());
        TestMailbox.Mail question = mailbox.awaitMessage(m.partner().email(), 2);
        assertWaitingForReply(m);
        InboundMail reply = replyTo(question, m.partner().email(), "Both accounts are in the screenshot.");
        reply(m, new InboundMail(reply.messageId(), reply.inReplyTo(), reply.references(), reply.from(), reply.to(),
                reply.subject(), reply.replyText(), reply.fullText(),
                List.of(new InboundAttachment("accounts.png", "image/png", new byte[] {1, 2, 3})),
                reply.receivedAt(), reply.kind(), null));

        Task review = task(m, PrepareMergeTaskListener.TASK_REVIEW);
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
        Task review = task(m, PrepareMergeTaskListener.TASK_REVIEW);
        tasks.claim(review.getId(), "agent1");
        assertThatThrownBy(() -> tasks.complete(review.getId(), Map.of(MergeProcess.REVIEW_DECISION, "REJECT")))
                .hasMessageContaining("needs a reason");

        tasks.complete(review.getId(), Map.of(MergeProcess.REVIEW_DECISION, "REJECT",
                MergeProcess.REVIEW_REASON, "Account #2 belongs to another person."));
        run(m);
        assertEnded(m, "End_Rejected");
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
        assertQuestionWaitsFor(m, CaseProcesses.MSG_QUESTION_LINK_ANSWERED);

        followLink(m, confirmation, "decline", LinkDecision.DECLINE);

        assertEnded(m, "End_Declined");
        assertThat(mailbox.awaitMessage(m.partner().email(), 4).subject()).contains("The merge was declined");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().externalMergeId()).isNull();
        // the reply token died with the question
        assertThat(reply(m, replyTo(confirmation, m.mergeEmail(), "Please proceed"))).startsWith("unmatched");
    }

    @Test
    void anUnclearReplyGoesToAnAgentWhoAsksAgainThenTheLinkConfirms() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);
        reply(m, replyTo(confirmation, m.mergeEmail(), "What is this about?"));
        Task check = task(m, PrepareMergeTaskListener.TASK_CHECK_REPLY);
        assertThat((String) runtime.getVariable(processIdOf(m), MergeProcess.CONFIRMATION_NOTE))
                .contains("What is this about?");
        assertThat(check.getDescription()).startsWith("Waiting on support agent");

        complete(m, PrepareMergeTaskListener.TASK_CHECK_REPLY, Map.of("agentDecision", "ASK_AGAIN"));
        TestMailbox.Mail again = mailbox.awaitMessage(m.mergeEmail(), 2);
        assertThat(again.replyTo()).isNotEqualTo(confirmation.replyTo());
        assertQuestionWaitsFor(m, CaseProcesses.MSG_QUESTION_LINK_ANSWERED);
        // the first mail's link was withdrawn when asking again
        assertThatThrownBy(() -> signedLinks.answer(linkToken(confirmation, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);

        followLink(m, again, "confirm", LinkDecision.CONFIRM);
        assertAt(m, "Event_MergePollTimer");
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

        assertThat(reply(m, bounce)).isEqualTo("bounce reported to the agent");

        task(m, PrepareMergeTaskListener.TASK_CHECK_REPLY);
        assertThat(runtime.getVariable(processIdOf(m), MergeProcess.CONFIRMATION_DECISION)).isEqualTo("UNCLEAR");
        assertThat((String) runtime.getVariable(processIdOf(m), MergeProcess.CONFIRMATION_NOTE))
                .contains("could not be delivered", m.mergeEmail(), "550 5.1.1 User unknown");
        // the bounced question is closed both ways
        assertThat(reply(m, replyTo(confirmation, m.mergeEmail(), "Please proceed"))).startsWith("unmatched");
        assertThatThrownBy(() -> signedLinks.answer(linkToken(confirmation, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);
    }

    @Test
    void noAnswerFromAccountTwoRemindsAfterThreeDaysAndClosesAfterFourteen() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);

        later(m, Duration.ofDays(3).plusMinutes(1));
        TestMailbox.Mail reminder = mailbox.awaitMessage(m.mergeEmail(), 2);
        assertThat(reminder.subject()).contains("Reminder");
        assertThat(reminder.replyTo()).isNotEqualTo(confirmation.replyTo());
        assertThat(processOf(m)).isWaitingAt("Activity_AskConfirmation", MergeTracker.FOLLOW_TASK);

        later(m, Duration.ofDays(11));
        assertEnded(m, "End_ClosedUnconfirmed");
        assertThat(mailbox.awaitMessage(m.partner().email(), 4).subject()).contains("without confirmation");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(reply(m, replyTo(reminder, m.mergeEmail(), "Please proceed"))).startsWith("unmatched");
        assertThatThrownBy(() -> signedLinks.answer(linkToken(reminder, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);
    }

    @Test
    void thePartnerNeverSendsTheDetails() {
        Merge m = openMerge();
        complete(m, PrepareMergeTaskListener.TASK_REQUEST_DETAILS, Map.of());
        mailbox.awaitMessage(m.partner().email(), 2);
        assertWaitingForReply(m);
        later(m, Duration.ofDays(3).plusMinutes(1));
        mailbox.awaitMessage(m.partner().email(), 3); // the ask block's reminder
        later(m, Duration.ofDays(11));
        assertEnded(m, "End_ClosedUnanswered");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.CLOSED_UNANSWERED);
    }

    @Test
    void thePartnerWithdrawsWhileAccountTwoIsAsked() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);

        caseService.resolve(m.partner().userId(), m.partner().accountId(), m.supportCase().caseNumber());

        assertEnded(m, "End_Withdrawn");
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(m.supportCase().caseNumber()).count()).isZero();
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.WITHDRAWN);
        assertThatThrownBy(() -> signedLinks.answer(linkToken(confirmation, "confirm"), LinkDecision.CONFIRM, "127.0.0.1"))
                .isInstanceOf(LinkRefused.class);
        assertThat(reply(m, replyTo(confirmation, m.mergeEmail(), "Please proceed"))).startsWith("unmatched");
        // the pair may be asked for again
        merges.open(principal(m.partner()), m.keepEmail(), m.mergeEmail(), null);
    }

    @Test
    void aFailingCertificationSystemBecomesAnIncidentAndTheMergeGoesOnOnceItRecovers() {
        Merge m = openMerge();
        TestMailbox.Mail confirmation = approved(m);
        certificationSystem.failWith("maintenance window");

        deliver(replyTo(confirmation, m.mergeEmail(), "yes"));
        runUpTo(m, "Task_RequestMerge");

        exhaustRetries(processIdOf(m), "Task_RequestMerge", "maintenance window");
        assertThat(runtime.createIncidentQuery().processInstanceId(processIdOf(m)).activityId("Task_RequestMerge")
                .count()).isEqualTo(1);
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().externalMergeId()).isNull();

        certificationSystem.recover();
        Job failed = management.createJobQuery().processInstanceId(processIdOf(m)).activityId("Task_RequestMerge")
                .singleResult();
        management.setJobRetries(failed.getId(), 1); // what "Retry" in Cockpit does
        run(m);

        assertAt(m, "Event_MergePollTimer");
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
        reply(m, replyTo(confirmation, m.mergeEmail(), "Please proceed"));
        assertAt(m, "Event_MergePollTimer");
        Instant requested = mergeRequests.find(m.caseId()).orElseThrow().mergeRequestedAt();

        at(m, requested.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)).plusSeconds(60));
        TestMailbox.Mail done = mailbox.awaitMessage(m.partner().email(), 5);
        assertThat(done.text()).contains("T&C account email");
        assertAt(m, "Event_SyncPollTimer");

        at(m, requested.plus(Duration.ofDays(8)).plus(Duration.ofHours(2)).plusSeconds(60));
        Task overdue = task(m, PrepareMergeTaskListener.TASK_SYNC_OVERDUE);
        assertThat(overdue.getName()).isEqualTo("Chase the overdue certifications");
        assertThat(runtime.getVariable(processIdOf(m), "syncOverdue")).isEqualTo(true);
        assertAt(m, "Event_SyncPollTimer");
        assertThat(mergeRequests.find(m.caseId()).orElseThrow().stage()).isEqualTo(MergeStage.WAITING_FOR_SYNC);

        // the agent has the partner enter account #1 as T&C account email; 5 days later the sync finds them
        complete(m, PrepareMergeTaskListener.TASK_SYNC_OVERDUE, Map.of("overdueNote", "Asked the partner to add the T&C email."));
        profiles.setTncEmail(principal(m.partner()), m.keepEmail(), "127.0.0.1");
        later(m, Duration.ofDays(5).plusHours(2));
        assertEnded(m, "End_MergeResolved");
        assertThat(caseRepository.find(m.caseId()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
    }

}
