package com.partnerflow.support;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Base of the fast process tests ({@link ProcessTest}): the engine's services, the directory
 * written straight into the database ({@link TestAccounts}), the mail the dev server received,
 * and the engine clock, which each test starts on "now" and leaves reset. Nothing runs by
 * itself: a test executes every job and timer it expects, so what it asserts is what the model
 * did, not what a job executor managed to do meanwhile.
 */
@ProcessTest
public abstract class ProcessTestBase {

    /** The password of the test users ({@link TestAccounts}), as in the full-application tests. */
    public static final String GOOD_PASSWORD = IntegrationTestBase.GOOD_PASSWORD;

    @Autowired
    protected ProcessEngine engine;
    @Autowired
    protected RuntimeService runtime;
    @Autowired
    protected TaskService tasks;
    @Autowired
    protected HistoryService history;
    @Autowired
    protected ManagementService management;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected TestAccounts accounts;
    @Autowired
    protected com.partnerflow.signin.PartnerSessions sessions;
    @Autowired
    private GreenMail mailServer;
    @Autowired
    private com.partnerflow.cases.CaseReplyRouter replyRouter;
    @Autowired
    private org.springframework.transaction.support.TransactionTemplate transaction;
    @org.springframework.beans.factory.annotation.Value("${partnerflow.dev-mail.imap-port}")
    private int imapPort;

    /** The dev mail server's mailboxes over real IMAP; a job that sent mail has delivered it. */
    protected TestMailbox mailbox;

    @BeforeEach
    void initAssertionsAndClock() {
        AbstractAssertions.init(engine);
        ClockUtil.setCurrentTime(new Date());
        mailbox = new TestMailbox("127.0.0.1", imapPort);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    /** The caller as a controller receives it, read from a session of this test user. */
    protected com.partnerflow.signin.PartnerPrincipal principal(SignedInUser user) {
        return sessions.authenticate(user.token()).orElseThrow().principal();
    }

    /** A fresh business domain per test keeps tests independent in the shared database. */
    protected static String newDomain() {
        return "co-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    protected static void moveClockBy(Duration duration) {
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + duration.toMillis()));
    }

    /** Sets the engine clock a second past {@code instant}, e.g. a timer's or a failed job's due date. */
    protected static void moveClockPast(Date instant) {
        ClockUtil.setCurrentTime(new Date(instant.getTime() + 1000));
    }

    /** The jobs due on the engine clock of the instance and the instances it called, oldest first. */
    protected List<Job> dueJobs(String processInstanceId) {
        List<Job> due = new java.util.ArrayList<>(management.createJobQuery().processInstanceId(processInstanceId)
                .executable().orderByJobDuedate().asc().list());
        runtime.createProcessInstanceQuery().superProcessInstanceId(processInstanceId).list()
                .forEach(called -> due.addAll(dueJobs(called.getId())));
        return due;
    }

    /** Runs the instance's due jobs (and those they create) until none is left; returns how many ran. */
    protected int runDueJobs(String processInstanceId) {
        int ran = 0;
        for (List<Job> due = dueJobs(processInstanceId); !due.isEmpty(); due = dueJobs(processInstanceId)) {
            management.executeJob(due.get(0).getId());
            if (++ran > 100) {
                throw new AssertionError("more than 100 jobs in a row: a loop in the model?");
            }
        }
        return ran;
    }

    /**
     * Runs a job that is expected to fail, as the job executor would: the engine records the
     * failure (retries, exception, due date of the next attempt, at the end an incident).
     */
    protected void executeFailing(String jobId) {
        try {
            management.executeJob(jobId);
        } catch (RuntimeException expected) {
            return;
        }
        throw new AssertionError("job " + jobId + " was expected to fail");
    }

    /**
     * Drives a failing asynchronous step through the engine's retry policy on the engine clock:
     * runs each attempt of the job at the activity, checks its error and moves the clock past the
     * next due date, after the last attempt too (so that a retry from Cockpit runs at once).
     * Returns once the retries are used up, which is when Cockpit shows the incident.
     */
    protected void exhaustRetries(String processInstanceId, String activityId, String expectedError) {
        for (int retriesLeft = retriesAfterFirstFailure(); retriesLeft >= 0; retriesLeft--) {
            Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId)
                    .singleResult();
            executeFailing(job.getId());
            job = management.createJobQuery().jobId(job.getId()).singleResult();
            org.assertj.core.api.Assertions.assertThat(job.getRetries()).isEqualTo(retriesLeft);
            org.assertj.core.api.Assertions.assertThat(job.getExceptionMessage()).contains(expectedError);
            moveClockPast(job.getDuedate());
        }
    }

    /** The retries a job has left after its first failed attempt under the engine-wide policy. */
    protected int retriesAfterFirstFailure() {
        String cycle = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine
                .getProcessEngineConfiguration()).getFailedJobRetryTimeCycle();
        return cycle.split(",").length;
    }

    /** Moves the engine clock past the instance's next timer and runs what is then due. */
    protected void fireNextTimer(String processInstanceId) {
        Job timer = management.createJobQuery().processInstanceId(processInstanceId).timers().orderByJobDuedate().asc()
                .listPage(0, 1).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no timer in " + processInstanceId));
        moveClockPast(timer.getDuedate());
        runDueJobs(processInstanceId);
    }

    /** Messages the dev mail server received for this address (sent synchronously by the jobs run). */
    protected List<MimeMessage> mailTo(String address) {
        return Arrays.stream(mailServer.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** A person's reply to a question mail, as the inbound reader hands it over. */
    protected static com.partnerflow.mail.inbound.InboundMail replyTo(TestMailbox.Mail question, String from,
                                                                      String text) {
        return IntegrationTestBase.replyTo(question, from, text);
    }

    /**
     * Hands a mail to the reply router as the inbound reader does (in a transaction); returns its
     * outcome. What the reply set off waits for its jobs, as everything here.
     */
    protected String deliver(com.partnerflow.mail.inbound.InboundMail mail) {
        return transaction.execute(s -> replyRouter.handle(mail));
    }
}
