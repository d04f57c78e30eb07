package com.partnerflow.certifications;

import static org.awaitility.Awaitility.await;

import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.certifications.system.LocalCertificationSystem;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.support.IntegrationTestBase;
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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Merge cases from the partner's, the agent's and account #2's side, for the certification tests. */
abstract class MergeTestSupport extends IntegrationTestBase {

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
    TaskService tasks;
    @Autowired
    TransactionTemplate tx;

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

    static String personalAddress(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@personal.example";
    }

    /** Account #1 is the partner's business address (so the directory shows its certifications), #2 an old personal one. */
    Merge openMerge() {
        TestAccounts.TestAccount account = accounts.newAccount();
        return openMerge(account, account.lead().email());
    }

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
        return new Merge(account, partner, keepEmail, mergeEmail, c);
    }

    static PartnerPrincipal principal(SignedInUser user) {
        return new PartnerPrincipal(user.userId(), user.accountId(), user.email(), "Test", "lead",
                List.of(Role.ALLIANCE_LEAD));
    }

    static Instant day(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    ProcessInstance processOf(Merge m) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(MergeProcess.KEY)
                .processInstanceBusinessKey(m.supportCase().caseNumber()).singleResult();
    }

    String processIdOf(Merge m) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(MergeProcess.KEY)
                .processInstanceBusinessKey(m.supportCase().caseNumber()).singleResult().getId();
    }

    Task awaitTask(Merge m, String taskKey) {
        return await().until(() -> tasks.createTaskQuery().taskCandidateGroup("support-agents")
                .processInstanceBusinessKey(m.supportCase().caseNumber()).taskDefinitionKey(taskKey).singleResult(),
                t -> t != null);
    }

    void complete(Merge m, String taskKey, Map<String, Object> variables) {
        Task task = awaitTask(m, taskKey);
        tasks.claim(task.getId(), "agent1");
        tasks.complete(task.getId(), variables);
    }

    /** Agent asks for the details, the partner answers by email, and the agent reviews. */
    TestMailbox.Mail detailsAnswered(Merge m) {
        complete(m, PrepareMergeTaskListener.TASK_REQUEST_DETAILS, Map.of());
        TestMailbox.Mail question = mailbox.awaitMessage(m.partner().email(), 2);
        awaitWaitingForReply(m);
        deliver(replyTo(question, m.partner().email(), "#1 " + m.keepEmail() + " (AWS Builder ID), #2 "
                + m.mergeEmail() + " (Amazon.com account). Keep #1."));
        return question;
    }

    /** ... and approves: the confirmation request reaches account #2's address. */
    TestMailbox.Mail approved(Merge m) {
        detailsAnswered(m);
        complete(m, PrepareMergeTaskListener.TASK_REVIEW, Map.of(MergeProcess.REVIEW_DECISION, "APPROVE"));
        TestMailbox.Mail confirmation = mailbox.awaitMessage(m.mergeEmail(), 1);
        awaitWaitingForReply(m);
        return confirmation;
    }

    /** The case's question (ask-partner-by-email: the details, later the confirmation) waits for a reply. */
    void awaitWaitingForReply(Merge m) {
        awaitQuestionWaitsFor(m, CaseProcesses.MSG_PARTNER_REPLIED);
    }

    void awaitQuestionWaitsFor(Merge m, String eventName) {
        await().until(() -> runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                .processInstanceBusinessKey(m.supportCase().caseNumber()).count() == 1
                && runtime.createEventSubscriptionQuery().eventName(eventName)
                .processInstanceId(runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                        .processInstanceBusinessKey(m.supportCase().caseNumber()).singleResult().getId()).count() == 1);
    }

    void awaitActivity(Merge m, String activityId) {
        await().until(() -> processOf(m) != null
                && runtime.getActiveActivityIds(processIdOf(m)).contains(activityId));
    }

    void awaitEnded(Merge m, String endEventId) {
        await().until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(processIdOf(m))
                .singleResult().getEndTime() != null);
        org.assertj.core.api.Assertions.assertThat(history.createHistoricActivityInstanceQuery()
                .processInstanceId(processIdOf(m)).activityId(endEventId).finished().count()).isEqualTo(1);
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

    static void setClock(Instant instant) {
        ClockUtil.setCurrentTime(Date.from(instant));
    }

    static void moveClock(Duration duration) {
        moveClockBy(duration);
    }
}
