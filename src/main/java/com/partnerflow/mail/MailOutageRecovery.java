package com.partnerflow.mail;

import com.partnerflow.config.EngineClock;
import com.partnerflow.config.ScheduledLocks;
import jakarta.mail.MessagingException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * After an SMTP outage, the mails that waited for the server go out as soon as it answers, not
 * at their next retry (the retry policy waits up to an hour between attempts, see
 * application.yml). Every {@code partnerflow.mail.outage-check} (30 s), on one node of the
 * cluster: if mail steps failed because the server could not be reached or refused our login
 * ({@link MailNotSentException}) and wait for a later retry, and the server now answers (an SMTP
 * connection and login), their retries are made due now. They then run on the job executors of
 * every node like any job, once each; a step whose retries are used up is an incident and stays
 * one until a person retries it.
 */
@Component
public class MailOutageRecovery {

    private static final Logger log = LoggerFactory.getLogger(MailOutageRecovery.class);

    private final JdbcClient jdbc;
    private final ManagementService management;
    private final JavaMailSender sender;
    private final EngineClock clock;
    private final ScheduledLocks locks;
    private final Duration interval;

    public MailOutageRecovery(JdbcClient jdbc, ManagementService management, JavaMailSender sender, EngineClock clock,
                              ScheduledLocks locks,
                              @Value("${partnerflow.mail.outage-check:PT30S}") Duration interval) {
        this.jdbc = jdbc;
        this.management = management;
        this.sender = sender;
        this.clock = clock;
        this.locks = locks;
        this.interval = interval;
    }

    @Scheduled(fixedDelayString = "${partnerflow.mail.outage-check:PT30S}",
            initialDelayString = "${partnerflow.mail.outage-check:PT30S}")
    void check() {
        locks.runOnce("mail-outage-recovery", interval.multipliedBy(4).dividedBy(5), Duration.ofMinutes(5),
                this::retryNowIfTheServerAnswers);
    }

    /**
     * Makes the waiting retries of mail steps that failed for want of the server due now, if the
     * server answers.
     *
     * @return how many were made due
     */
    public int retryNowIfTheServerAnswers() {
        List<String> waiting = waitingForTheServer();
        if (waiting.isEmpty()) {
            return 0;
        }
        if (!serverAnswers()) {
            // one line per check for the whole outage (the jobs' own attempts log no stack trace)
            log.warn("{} mail step(s) wait for the mail server {}, which does not answer yet", waiting.size(),
                    server());
            return 0;
        }
        Date now = Date.from(clock.now());
        int moved = 0;
        for (String jobId : waiting) {
            try {
                management.setJobDuedate(jobId, now);
                moved++;
            } catch (ProcessEngineException goneOrChanged) {
                // ran, was deleted or changed meanwhile: nothing to bring forward
                log.debug("Mail step job {} not brought forward: {}", jobId, goneOrChanged.getMessage());
            }
        }
        log.info("The mail server answers again: {} mail step(s) that waited for it are retried now", moved);
        return moved;
    }

    /** Jobs with retries left, due later, whose last failure was a server out of reach. */
    List<String> waitingForTheServer() {
        return jdbc.sql("""
                SELECT ID_ FROM ACT_RU_JOB WHERE RETRIES_ > 0 AND SUSPENSION_STATE_ = 1 AND DUEDATE_ > ?
                AND (EXCEPTION_MSG_ LIKE ? OR EXCEPTION_MSG_ LIKE ?)""")
                .params(Timestamp.from(clock.now()), MailNotSentException.UNREACHABLE + "%",
                        MailNotSentException.LOGIN_REFUSED + "%")
                .query(String.class).list();
    }

    private String server() {
        return sender instanceof JavaMailSenderImpl smtp ? smtp.getHost() + ":" + smtp.getPort() : "(not SMTP)";
    }

    private boolean serverAnswers() {
        if (!(sender instanceof JavaMailSenderImpl smtp)) {
            return true;
        }
        try {
            smtp.testConnection();
            return true;
        } catch (MessagingException stillDown) {
            log.debug("The mail server still does not answer: {}", stillDown.toString());
            return false;
        }
    }
}
