package com.partnerflow.support;

import static org.awaitility.Awaitility.await;

import com.partnerflow.cases.CaseReplyRouter;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.inbound.InboundAttachment;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.MailKind;
import com.partnerflow.registration.Registration;
import com.partnerflow.registration.RegistrationProcess;
import com.partnerflow.registration.RegistrationService.NewRegistration;
import com.partnerflow.registration.RegistrationService.Verification;
import com.partnerflow.registration.RegistrationService;
import com.partnerflow.securitycode.CodeDeliveryTestSupport;
import com.partnerflow.signin.PartnerSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@IntegrationTest
public abstract class IntegrationTestBase {

    public static final String GOOD_PASSWORD = "Secret#2026a";

    @Autowired
    protected ProcessEngine engine;
    @Autowired
    protected RuntimeService runtime;
    @Autowired
    protected HistoryService history;
    @Autowired
    protected ManagementService management;
    @Autowired
    protected RegistrationService registrations;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected PartnerSessions sessions;
    @Autowired
    private CaseReplyRouter replyRouter;
    @Autowired
    private TransactionTemplate transaction;
    /** Accounts and users with given roles, written straight into the directory (fast, no mail). */
    @Autowired
    protected TestAccounts accounts;
    @Value("${partnerflow.dev-mail.imap-port}")
    private int imapPort;

    protected TestMailbox mailbox;

    static {
        // the whole suite shares 2 cores with the job executor: be patient, never sleep
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
    }

    @BeforeEach
    void setUpEngineAssertionsAndMailbox() {
        AbstractAssertions.init(engine);
        mailbox = new TestMailbox("127.0.0.1", imapPort);
    }

    /**
     * Lets the job executor finish the due work a test started (welcome mails and the like)
     * before the next test, and before the coverage listener writes its report: that report
     * iterates over the engine's events unsynchronised and breaks if a job adds one meanwhile.
     */
    @AfterEach
    void quiesceAndResetEngineClock() {
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> management.createJobQuery().executable().active().count() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException stillBusy) {
            // a test that leaves a job failing on purpose: nothing to wait for
        } finally {
            ClockUtil.reset();
        }
    }

    /** A fresh business domain per test keeps tests independent in the shared database. */
    protected static String newDomain() {
        return "co-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    protected Registration register(String email, String companyName) {
        return registrations.register(new NewRegistration(email, "Ann", "Example", GOOD_PASSWORD, companyName,
                "en", "127.0.0.1"));
    }

    protected ProcessInstance processOf(Registration registration) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(RegistrationProcess.KEY)
                .variableValueEquals(RegistrationProcess.REGISTRATION_ID, registration.id().toString()).singleResult();
    }

    protected HistoricProcessInstance historicProcessOf(Registration registration) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(RegistrationProcess.KEY)
                .variableValueEquals(RegistrationProcess.REGISTRATION_ID, registration.id().toString()).singleResult();
    }

    /** Waits until the registration's code delivery sent the code and listens for its entry. */
    protected void awaitWaitingForCode(Registration registration) {
        CodeDeliveryTestSupport.awaitCodeSent(runtime, history, registration.id());
    }

    protected void awaitEnded(Registration registration) {
        await().atMost(Duration.ofSeconds(30)).until(() -> historicProcessOf(registration).getEndTime() != null);
    }

    /**
     * Drives a failing asynchronous step through the engine's retry policy on the engine clock:
     * waits for each failed attempt of the process's job at the activity, checks its error and
     * moves the clock past the job's next due date, after the last attempt too (so that a
     * "Retry" from Cockpit runs at once). Returns once the retries are used up, which is when
     * Cockpit shows the incident.
     */
    protected void exhaustRetries(String processInstanceId, String activityId, String expectedError) {
        for (int retriesLeft = retriesAfterFirstFailure(); retriesLeft >= 0; retriesLeft--) {
            int expected = retriesLeft;
            Job job = await().atMost(Duration.ofSeconds(30)).until(() -> management.createJobQuery()
                    .processInstanceId(processInstanceId).activityId(activityId).singleResult(),
                    j -> j != null && j.getRetries() == expected);
            org.assertj.core.api.Assertions.assertThat(job.getExceptionMessage()).contains(expectedError);
            moveClockPast(job.getDuedate());
        }
    }

    /**
     * The retries a job has left after its first failed attempt under the engine-wide policy
     * (failedJobRetryTimeCycle in application.yml): one per interval of the list.
     */
    protected int retriesAfterFirstFailure() {
        String cycle = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getFailedJobRetryTimeCycle();
        return cycle.split(",").length;
    }

    /** Sets the engine clock a second past {@code instant}, e.g. a failed job's due date. */
    protected static void moveClockPast(Date instant) {
        ClockUtil.setCurrentTime(new Date(instant.getTime() + 1000));
    }

    protected static void moveClockBy(Duration duration) {
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + duration.toMillis()));
    }

    /**
     * Registers a partner user through the real registration process, entering the code read from
     * their mailbox (password {@link #GOOD_PASSWORD}, names Ann Example). The first address of a
     * domain needs a companyName and becomes its alliance lead; later ones join as standard users.
     */
    /** A Camunda staff user (e.g. a support agent) with this password, in these groups; made once. */
    protected void staffUser(String id, String password, String... groups) {
        IdentityService identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(id).count() == 0) {
            User user = identity.newUser(id);
            user.setPassword(password);
            identity.saveUser(user);
            for (String group : groups) {
                identity.createMembership(id, group);
            }
        }
    }

    protected PartnerUser registerUser(String email, String companyName) {
        Registration registration = register(email, companyName);
        awaitWaitingForCode(registration);
        String code = mailbox.awaitCode(registration.email(), 1);
        Verification outcome = registrations.verify(registration.id(), code, "127.0.0.1");
        if (!(outcome instanceof Verification.Verified verified)) {
            throw new AssertionError("Registration of " + email + " was not verified: " + outcome);
        }
        return verified.user();
    }

    /** Registers a partner user as {@link #registerUser} does and signs them in. */
    protected SignedInUser signIn(String email, String companyName) {
        PartnerUser user = registerUser(email, companyName);
        return new SignedInUser(user.id(), user.accountId(), user.email(), signIn(user.id()));
    }

    /** A bearer token of a new session for an active partner user (no password needed). */
    protected String signIn(UUID userId) {
        return sessions.issueFor(userId).token();
    }

    /** A person's reply to a question mail, as the inbound reader hands it over. */
    protected static InboundMail replyTo(TestMailbox.Mail question, String from, String text) {
        return new InboundMail("<" + UUID.randomUUID() + "@partner.example>", List.of(question.messageId()),
                List.of(question.messageId()), from, List.of(question.replyTo()), "Re: " + question.subject(), text,
                text + "\n\nOn Monday, Partnerflow wrote:\n> " + question.text().replace("\n", "\n> "),
                List.<InboundAttachment>of(), Instant.now(), MailKind.REPLY, null);
    }

    /** Hands a mail to the reply router as the inbound reader does (in a transaction); returns its outcome. */
    protected String deliver(InboundMail mail) {
        return transaction.execute(s -> replyRouter.handle(mail));
    }

    /** Headers carrying {@code Authorization: Bearer <token>}. */
    public static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }
}
