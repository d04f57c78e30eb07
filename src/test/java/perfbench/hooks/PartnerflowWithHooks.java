package perfbench.hooks;

import com.partnerflow.PartnerflowApplication;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.TaskListColumns;
import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.Role;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.SpringApplication;
import org.springframework.transaction.support.TransactionTemplate;
import perfbench.Batches;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Partnerflow as the benchmark starts it: the application itself ({@link PartnerflowApplication},
 * production profile) plus these benchmark-only hooks under {@code /bench}, which fill the database
 * faster than the partner API could (100,000 open cases, 100,000 waiting timers) and move the engine
 * clock. The hooks live outside {@code com.partnerflow} so that neither the application nor the
 * test suite's contexts scan them; only this launcher adds them, and only the benchmark starts it
 * (on the runtime classpath plus this package, see PerformanceBenchmark).
 */
public class PartnerflowWithHooks {

    public static void main(String[] args) {
        SpringApplication.run(new Class<?>[] {PartnerflowApplication.class, Hooks.class, MeasuredHashes.class}, args);
    }

    /**
     * The application's password encoder, with the CPU time of each of its calls added up on the
     * calling thread: what one hash costs while the machine carries a level's load, not only at
     * start-up on an idle machine. The harness reads it before and after each registration level.
     */
    public static class MeasuredHashes implements BeanPostProcessor {
        static final AtomicLong CALLS = new AtomicLong();
        static final AtomicLong CPU_NANOS = new AtomicLong();

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (!(bean instanceof PasswordEncoder encoder)) {
                return bean;
            }
            return new Measured(encoder);
        }

        static final class Measured implements PasswordEncoder {
            private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
            final PasswordEncoder encoder;

            Measured(PasswordEncoder encoder) {
                this.encoder = encoder;
            }

            @Override
            public String encode(CharSequence raw) {
                return measured(() -> encoder.encode(raw));
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return measured(() -> encoder.matches(raw, encoded));
            }

            @Override
            public boolean upgradeEncoding(String encoded) {
                return encoder.upgradeEncoding(encoded);
            }

            private <T> T measured(java.util.function.Supplier<T> call) {
                long start = THREADS.getCurrentThreadCpuTime();
                try {
                    return call.get();
                } finally {
                    CPU_NANOS.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
                    CALLS.incrementAndGet();
                }
            }
        }
    }

    @RestController
    @RequestMapping("/bench")
    public static class Hooks {
        private final PartnerDirectory directory;
        private final CaseRepository cases;
        private final AuditLog audit;
        private final RuntimeService runtime;
        private final RepositoryService repository;
        private final TransactionTemplate transaction;
        private final IdentityService identity;
        private final PasswordEncoder passwords;

        public Hooks(PartnerDirectory directory, CaseRepository cases, AuditLog audit, RuntimeService runtime,
                     RepositoryService repository, TransactionTemplate transaction, IdentityService identity,
                     PasswordEncoder passwords) {
            this.identity = identity;
            this.passwords = passwords;
            this.directory = directory;
            this.cases = cases;
            this.audit = audit;
            this.runtime = runtime;
            this.repository = repository;
            this.transaction = transaction;
        }

        /**
         * Open support cases as {@code SupportCaseService.open} makes them (case row, first message,
         * audit event, process with the same variables), except that the process starts at the agent
         * task "Work case" instead of before the confirmation mail: the task, its candidate group,
         * authorization, listeners, variables and history are the real ones, without 100,000 mails.
         * The cases are spread over {@code partners} partner users of as many accounts.
         */
        @PostMapping("/open-cases")
        public Map<String, Object> openCases(@RequestParam int count, @RequestParam(defaultValue = "200") int partners,
                                             @RequestParam(defaultValue = "100") int batch,
                                             @RequestParam(defaultValue = "2") int threads) throws Exception {
            long start = System.nanoTime();
            record Partner(UUID accountId, UUID userId, String email, String company) {
            }
            List<Partner> users = transaction.execute(s -> {
                List<Partner> made = new ArrayList<>();
                for (int p = 0; p < partners; p++) {
                    String domain = "seed-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
                    String company = "Seeded company " + domain;
                    UUID account = directory.findOrCreateAccount(domain, company).accountId();
                    String email = "lead@" + domain;
                    UUID user = directory.createUser(account, new NewUser(email, "Seed", "Partner", "$2a$10$x", "en"));
                    directory.assignRole(account, user, Role.ALLIANCE_LEAD, "benchmark");
                    made.add(new Partner(account, user, email, company));
                }
                return made;
            });
            Batches.inBatches(transaction, count, batch, threads, i -> {
                Partner partner = users.get(i % users.size());
                String subject = "Seeded case " + i + ": marketplace listing question";
                String description = "Seeded by the benchmark. We cannot see our listing in the marketplace after"
                        + " the linking finished; could you check what is missing? Case " + i + ".";
                SupportCase c = cases.insert(new CaseRepository.NewCase(partner.accountId(), partner.userId(),
                        "Partner Central", "Marketplace", "Listing", subject, description));
                cases.addMessage(c.id(), "IN", "API", partner.email(), description, null, List.of());
                Map<String, Object> variables = new HashMap<>();
                variables.put(CaseProcesses.CASE_ID, c.id().toString());
                variables.put(CaseProcesses.CASE_NUMBER, c.caseNumber());
                variables.put("partnerEmail", partner.email());
                variables.put(TaskListColumns.COMPANY, partner.company());
                runtime.createProcessInstanceByKey(CaseProcesses.SUPPORT_CASE).businessKey(c.caseNumber())
                        .setVariables(variables).startBeforeActivity("Task_WorkCase").execute();
                audit.record("SupportCaseOpened", partner.email(), partner.accountId(), c.caseNumber(), null,
                        Map.of("caseType", "Partner Central", "questionType", "Marketplace"));
            });
            return Map.of("count", count, "millis", (System.nanoTime() - start) / 1_000_000);
        }

        /**
         * Instances of benchmark/bench-timer.bpmn waiting for multi-day timers: the first {@code dueTogether}
         * all fall due at the same instant, two days ahead; the next {@code warmUp} at one instant a day
         * ahead (fired first, so that the measured ones do not pay for compiling the firing path); the
         * others from three to 30 days ahead. Answers both instants, for {@link #setClock}.
         */
        @PostMapping("/timers")
        public Map<String, Object> timers(@RequestParam int count, @RequestParam int dueTogether,
                                          @RequestParam(defaultValue = "0") int warmUp,
                                          @RequestParam(defaultValue = "200") int batch,
                                          @RequestParam(defaultValue = "2") int threads) throws Exception {
            if (repository.createProcessDefinitionQuery().processDefinitionKey("bench-timer").count() == 0) {
                repository.createDeployment().name("benchmark").addClasspathResource("benchmark/bench-timer.bpmn")
                        .deploy();
            }
            long start = System.nanoTime();
            long day = 24L * 3600 * 1000;
            long now = ClockUtil.getCurrentTime().getTime();
            Date together = new Date(now + 2 * day);
            Date warm = new Date(now + day);
            Batches.inBatches(transaction, count, batch, threads, i -> runtime.startProcessInstanceByKey("bench-timer", "timer-" + i,
                    Map.of("due", i < dueTogether ? together : i < dueTogether + warmUp ? warm
                            : new Date(now + (3 + i % 28) * day + i))));
            return Map.of("count", count, "dueAt", together.getTime(), "warmUpAt", warm.getTime(),
                    "millis", (System.nanoTime() - start) / 1_000_000);
        }

        /** A support agent (group support-agents) for Tasklist; production has no development agent. */
        @PostMapping("/agent")
        public Map<String, Object> agent(@RequestParam String id, @RequestParam String password) {
            if (identity.createUserQuery().userId(id).count() == 0) {
                User user = identity.newUser(id);
                user.setPassword(password);
                identity.saveUser(user);
                identity.createMembership(id, "support-agents");
            }
            return Map.of("id", id);
        }

        /** CPU milliseconds of one hash by the application's own password encoder (its configured cost). */
        @PostMapping("/password-hash-cpu")
        public Map<String, Object> passwordHashCpu(@RequestParam(defaultValue = "10") int n) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            passwords.encode("Warm#up2026a");
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                passwords.encode("Bench#mark2026" + i);
            }
            double millis = (threads.getCurrentThreadCpuTime() - start) / 1e6 / n;
            return Map.of("millisPerHash", millis, "encoder",
                    (passwords instanceof MeasuredHashes.Measured m ? m.encoder : passwords).getClass().getSimpleName());
        }

        @org.springframework.web.bind.annotation.GetMapping("/password-hashes")
        public Map<String, Object> passwordHashes() {
            return Map.of("calls", MeasuredHashes.CALLS.get(), "cpuNanos", MeasuredHashes.CPU_NANOS.get());
        }

        @PostMapping("/clock")
        public Map<String, Object> setClock(@RequestParam long at) {
            ClockUtil.setCurrentTime(new Date(at));
            return Map.of("now", at);
        }

        @DeleteMapping("/clock")
        public Map<String, Object> resetClock() {
            ClockUtil.reset();
            return Map.of("now", ClockUtil.getCurrentTime().getTime());
        }
    }
}
