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

    @BeforeEach
    void initAssertionsAndClock() {
        AbstractAssertions.init(engine);
        ClockUtil.setCurrentTime(new Date());
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

    /** The instance's jobs due on the engine clock, oldest first. */
    protected List<Job> dueJobs(String processInstanceId) {
        return management.createJobQuery().processInstanceId(processInstanceId).executable().orderByJobDuedate().asc()
                .list();
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
}
