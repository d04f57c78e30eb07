package com.partnerflow.benchmark;

import static org.awaitility.Awaitility.await;

import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.TestMailbox;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Time from a partner's reply landing in the support mailbox (the SMTP server has accepted it)
 * to the waiting process having moved on (its ask-partner-by-email instance has ended), over
 * the real mail server, IMAP reader and engine, with a poison message sitting in the mailbox
 * the whole time: a reply the database refuses to store (a CHECK constraint the benchmark adds),
 * retried with every round because max-attempts is raised so it is never set aside. Not part of
 * the test suite: {@code mvn -Pbenchmark -Dbpmnlint.skip=true test [-Dbenchmark.replies=100]}.
 */
@org.springframework.test.context.TestPropertySource(properties = "partnerflow.inbound-mail.max-attempts=1000000")
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
    @Value("${partnerflow.dev-mail.smtp-port}")
    int smtpPort;

    private record Asked(PartnerUser partner, SupportCase supportCase, TestMailbox.Mail question) {
    }

    @Test
    void replyToProcessLatency() throws Exception {
        int n = Integer.getInteger("benchmark.replies", 100);
        List<Asked> asked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            asked.add(ask());
        }
        Session smtp = Session.getInstance(new Properties() {{
            put("mail.smtp.host", "127.0.0.1");
            put("mail.smtp.port", String.valueOf(smtpPort));
        }});
        jdbc.sql("ALTER TABLE case_message ADD CONSTRAINT ck_bench_poison CHECK (body NOT LIKE '%POISON%')").update();
        Asked poisoned = ask();
        MimeMessage poison = new MimeMessage(smtp);
        poison.setFrom(new InternetAddress(poisoned.partner().email()));
        poison.setRecipients(MimeMessage.RecipientType.TO, poisoned.question().replyTo());
        poison.setSubject("Re: " + poisoned.question().subject());
        poison.setText("POISON: the database refuses this one");
        Transport.send(poison);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "SELECT COALESCE(MAX(failures), 0) FROM inbound_mail_failure").query(Integer.class).single() >= 1);
        long[] millis = new long[n];
        for (int i = 0; i < n; i++) {
            Asked a = asked.get(i);
            MimeMessage reply = new MimeMessage(smtp);
            reply.setFrom(new InternetAddress(a.partner().email()));
            reply.setRecipients(MimeMessage.RecipientType.TO, a.question().replyTo());
            reply.setSubject("Re: " + a.question().subject());
            reply.setHeader("In-Reply-To", a.question().messageId());
            reply.setText("Answer " + i);
            String key = a.supportCase().id().toString();
            Transport.send(reply);
            long landed = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                    .until(() -> runtime.createProcessInstanceQuery().processDefinitionKey(CaseProcesses.ASK_PARTNER)
                            .processInstanceBusinessKey(key).count() == 0);
            millis[i] = (System.nanoTime() - landed) / 1_000_000;
        }
        int poisonAttempts = jdbc.sql("SELECT COALESCE(MAX(failures), 0) FROM inbound_mail_failure")
                .query(Integer.class).single();
        jdbc.sql("ALTER TABLE case_message DROP CONSTRAINT ck_bench_poison").update();
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("%nReply latency, mailbox -> process moved on, %d replies (IMAP IDLE, %s),"
                        + " a poison message in the mailbox (failed %d times meanwhile):%n"
                        + "  median %d ms, p90 %d ms, worst %d ms, best %d ms%n%n", n,
                System.getProperty("partnerflow.test.database", "h2"), poisonAttempts, sorted[n / 2],
                sorted[(int) (n * 0.9)], sorted[n - 1], sorted[0]);
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
