package com.partnerflow.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.mail.inbound.InboundMailSettings;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.TestMailbox;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Time from a partner's reply landing in the support mailbox (the SMTP server has accepted it)
 * to the waiting process having moved on (its ask-partner-by-email instance has ended), over
 * the real mail server, IMAP reader and engine, with the application's default inbound-mail
 * settings (IDLE, poll interval, max attempts; the test profile's shorter poll interval is set
 * back). Two runs of {@code benchmark.replies}: an empty mailbox, then with a poison message
 * sitting in it the whole time: a partner's reply the database refuses to store (a CHECK
 * constraint the benchmark adds). As the reader sets a poison message aside after max-attempts,
 * the next one is sent, so one is failing whenever a reply of that run is sent. Not part of
 * the test suite: {@code mvn -Pbenchmark -Dbpmnlint.skip=true test [-Dbenchmark.replies=100]}.
 */
// the application's defaults, which application-test.yml changes for the suite's speed
@TestPropertySource(properties = {"partnerflow.inbound-mail.poll-interval=PT10S",
        "partnerflow.inbound-mail.max-attempts=3", "partnerflow.inbound-mail.idle=true"})
class ReplyLatencyBenchmark extends IntegrationTestBase {

    @Autowired
    PartnerDirectory directory;
    @Autowired
    SupportCaseService cases;
    @Autowired
    CaseRepository caseRepository;
    @Autowired
    TaskService tasks;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    InboundMailSettings settings;
    @Value("${partnerflow.dev-mail.smtp-port}")
    int smtpPort;

    private Session smtp;

    private record Asked(PartnerUser partner, SupportCase supportCase, TestMailbox.Mail question) {
    }

    @Test
    void replyToProcessLatency() throws Exception {
        InboundMailSettings defaults = new Binder(new MapConfigurationPropertySource(Map.of(
                "partnerflow.inbound-mail.host", "h", "partnerflow.inbound-mail.username", "u")))
                .bindOrCreate("partnerflow.inbound-mail", InboundMailSettings.class);
        assertThat(settings.idle()).isEqualTo(defaults.idle());
        assertThat(settings.pollInterval()).isEqualTo(defaults.pollInterval());
        assertThat(settings.maxAttempts()).isEqualTo(defaults.maxAttempts());
        int n = Integer.getInteger("benchmark.replies", 100);
        smtp = Session.getInstance(new Properties() {{
            put("mail.smtp.host", "127.0.0.1");
            put("mail.smtp.port", String.valueOf(smtpPort));
        }});
        jdbc.sql("ALTER TABLE case_message ADD CONSTRAINT ck_bench_poison CHECK (body NOT LIKE '%POISON%')").update();
        try {
            long[] clean = measure(n, null);
            Poison poison = new Poison();
            long[] poisoned = measure(n, poison);
            String database = System.getProperty("partnerflow.test.database", "h2");
            System.out.printf("%nReply latency, mailbox -> process moved on, %d replies each (%s, %s, poll interval %s,"
                    + " max-attempts %d):%n", n, settings.idle() ? "IMAP IDLE" : "polling", database,
                    settings.pollInterval(), settings.maxAttempts());
            print("  without poison:", clean);
            print("  with poison:   ", poisoned);
            System.out.printf("  poison messages: %d set aside during the run, %d failed attempts in all;"
                    + " %d of the %d replies landed while one was failing%n%n", poison.setAside, poison.attempts,
                    poison.repliesBeside, n);
        } finally {
            jdbc.sql("ALTER TABLE case_message DROP CONSTRAINT ck_bench_poison").update();
        }
    }

    private static void print(String label, long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf("%s median %d ms, p90 %d ms, worst %d ms, best %d ms%n", label, sorted[n / 2],
                sorted[(int) (n * 0.9)], sorted[n - 1], sorted[0]);
    }

    /** Asks n questions, then answers them one by one, timing each answer. */
    private long[] measure(int n, Poison poison) throws Exception {
        Deque<Asked> asked = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            asked.add(ask());
        }
        if (poison != null) {
            poison.ensureFailing();
        }
        long[] millis = new long[n];
        for (int i = 0; i < n; i++) {
            Asked a = asked.remove();
            if (poison != null) {
                poison.ensureFailing();
            }
            MimeMessage reply = new MimeMessage(smtp);
            reply.setFrom(new InternetAddress(a.partner().email()));
            reply.setRecipients(MimeMessage.RecipientType.TO, a.question().replyTo());
            reply.setSubject("Re: " + a.question().subject());
            reply.setHeader("In-Reply-To", a.question().messageId());
            reply.setText("Answer " + i);
            String key = a.supportCase().caseNumber();
            Transport.send(reply);
            long landed = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                    .until(() -> runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                            .processInstanceBusinessKey(key).count() == 0);
            millis[i] = (System.nanoTime() - landed) / 1_000_000;
            if (poison != null && poison.stillFailing()) {
                poison.repliesBeside++;
            }
        }
        if (poison != null) {
            poison.finish();
        }
        return millis;
    }

    /**
     * The poison message in the mailbox: a partner's reply to a waiting question whose text the
     * database refuses. Once the reader has set it aside, the next one goes out.
     */
    private final class Poison {
        String messageId;
        int setAside;
        int attempts;
        int repliesBeside;

        /** Sends a poison message unless one is failing, and waits for its first failure. */
        void ensureFailing() throws MessagingException {
            if (messageId != null && stillFailing()) {
                return;
            }
            if (messageId != null) {
                setAside++;
                attempts += settings.maxAttempts();
            }
            Asked target = ask();
            String id = "<poison-" + UUID.randomUUID() + "@bench.example>";
            MimeMessage poison = new MimeMessage(smtp) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", id);
                }
            };
            poison.setFrom(new InternetAddress(target.partner().email()));
            poison.setRecipients(MimeMessage.RecipientType.TO, target.question().replyTo());
            poison.setSubject("Re: " + target.question().subject());
            poison.setText("POISON: the database refuses this one");
            Transport.send(poison);
            messageId = id;
            await().atMost(Duration.ofSeconds(60)).until(() -> failures() >= 1);
        }

        /** Unseen and counted as failing, not yet set aside. */
        boolean stillFailing() {
            return jdbc.sql("SELECT COUNT(*) FROM inbound_mail WHERE message_id = ?").param(messageId)
                    .query(Integer.class).single() == 0;
        }

        int failures() {
            return jdbc.sql("SELECT COALESCE(MAX(failures), 0) FROM inbound_mail_failure WHERE message_id = ?")
                    .param(messageId).query(Integer.class).single();
        }

        void finish() {
            if (stillFailing()) {
                attempts += failures();
            } else {
                setAside++;
                attempts += settings.maxAttempts();
            }
        }
    }

    private Asked ask() {
        PartnerUser partner = tx.execute(s -> {
            String domain = newDomain();
            UUID account = directory.findOrCreateAccount(domain, "Bench " + domain).accountId();
            UUID user = directory.createUser(account, new NewUser("bench@" + domain, "Ben", "Chmark", "$2a$10$x", "en"));
            directory.assignRole(account, user, Role.ALLIANCE_LEAD, "benchmark");
            return directory.findUser(user).orElseThrow();
        });
        SupportCase c = cases.open(partner.id(), new SupportCaseService.CaseRequest("Partner Central", "Other", null,
                "Benchmark", "Benchmark case"));
        Task task = await().until(() -> tasks.createTaskQuery().processInstanceBusinessKey(c.caseNumber())
                .taskDefinitionKey("Task_WorkCase").singleResult(), t -> t != null);
        tasks.complete(task.getId(), Map.of(CaseProcesses.AGENT_DECISION, "ASK", CaseProcesses.AGENT_MESSAGE, "?"));
        TestMailbox.Mail question = mailbox.awaitMessage(partner.email(), 2);
        await().until(() -> caseRepository.find(c.id()).orElseThrow().status() == CaseStatus.WAITING_FOR_PARTNER);
        return new Asked(partner, c, question);
    }
}
