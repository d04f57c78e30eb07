package com.partnerflow.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The counters of what happens, one method per event, so every metric name is in this class
 * (README "Metrics, health and logs" lists them). Tags take values from a small fixed set only
 * (a template name, a process key, a mail kind), never an address, an id or a case number.
 * Counters are per node: Prometheus adds the nodes up. The state read from the database
 * (open cases, incidents, jobs) is in {@link StateGauges}.
 */
@Component
public class OperatorMetrics {

    public static final String PREFIX = "partnerflow_";

    private final MeterRegistry registry;

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // the untagged counters exist from the start, at 0: an alert on their rate needs a series
        for (String name : List.of("registrations_started", "registrations_completed", "inbound_mail_failures",
                "inbound_mail_set_aside", "inbound_mailbox_errors")) {
            Counter.builder(PREFIX + name).description(DESCRIPTIONS.get(name)).register(registry);
        }
    }

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "registrations_started", "Partner registrations started (partner-registration.bpmn)",
            "registrations_completed", "Partner registrations completed: the user exists",
            "inbound_mail_failures", "Failed attempts at handling an inbound mail (each is retried)",
            "inbound_mail_set_aside", "Inbound mails set aside for an agent after failing max-attempts times",
            "inbound_mailbox_errors", "Rounds of the inbound reader that could not read the mailbox");

    /** A mail left for the SMTP server; {@code template} is its template's name (one per kind of mail). */
    public void mailSent(String template) {
        count("mail_sent", "Mails accepted by the SMTP server, by template", "template", template);
    }

    /** Sending failed (the step's job retries, then raises an incident). */
    public void mailFailed(String template) {
        count("mail_failed", "Mails whose rendering or sending failed (the step retries), by template",
                "template", template);
    }

    /** A support case was opened and its process started (counted once its transaction committed). */
    public void caseOpened(String processKey) {
        afterCommit(() -> count("cases_opened", "Support cases opened, by the process working them",
                "process", processKey));
    }

    /** An inbound mail was handled once (recorded in inbound_mail); {@code lag} from its arrival in the mailbox to now. */
    public void inboundMailHandled(String kind, Duration lag) {
        count("inbound_mail_received", "Inbound mails handled, by kind (REPLY, AUTO_REPLY, BOUNCE)", "kind", kind);
        Timer.builder(PREFIX + "inbound_mail_lag")
                .description("From an inbound mail's arrival in the mailbox (IMAP INTERNALDATE) to its handling")
                .register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** One failed attempt at handling an inbound mail (rolled back; retried next round). */
    public void inboundMailFailed() {
        count("inbound_mail_failures", DESCRIPTIONS.get("inbound_mail_failures"));
    }

    /** An inbound mail failed max-attempts times and was handed to an agent as it is. */
    public void inboundMailSetAside() {
        count("inbound_mail_set_aside", DESCRIPTIONS.get("inbound_mail_set_aside"));
    }

    /** A round of the inbound reader could not reach or read the mailbox. */
    public void inboundMailboxUnreachable() {
        count("inbound_mailbox_errors", DESCRIPTIONS.get("inbound_mailbox_errors"));
    }

    /** This node ran a cluster-wide scheduled task (config.ScheduledLocks): per node, so an operator sees which one. */
    public void scheduledRun(String task) {
        count("scheduled_runs", "Runs of scheduled work that one node does per due time, by task (on the node that ran it)",
                "task", task);
    }

    void processStarted(String processKey) {
        count("process_instances_started", "Process instances started, by process (BPMN id)", "process", processKey);
    }

    void processEnded(String processKey, String endEvent) {
        count("process_instances_ended", "Process instances ended, by process and end event (none: cancelled)",
                "process", processKey, "end_event", endEvent);
    }

    void registrationStarted() {
        count("registrations_started", DESCRIPTIONS.get("registrations_started"));
    }

    void registrationCompleted() {
        count("registrations_completed", DESCRIPTIONS.get("registrations_completed"));
    }

    private void count(String name, String description, String... tags) {
        Counter.builder(PREFIX + name).description(description).tags(tags).register(registry).increment();
    }

    /** Runs now without a Spring transaction, else once it has committed (a rolled-back event did not happen). */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
