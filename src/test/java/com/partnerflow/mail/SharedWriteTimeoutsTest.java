package com.partnerflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Real SMTP (GreenMail), real Angus Mail: the write timeouts of every connection run on the one executor. */
class SharedWriteTimeoutsTest {

    private final GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private final SharedWriteTimeouts shared = new SharedWriteTimeouts();

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        shared.destroy();
    }

    @Test
    void everyConnectionSchedulesItsWriteTimeoutsOnTheSharedExecutor() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(server.getSmtp().getPort());
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.writetimeout", "5000"); // as application.yml sets it
        sender.setJavaMailProperties(properties);
        shared.postProcessAfterInitialization(sender, "mailSender");

        assertThat(shared.timeouts().getPoolSize()).isZero(); // its thread starts with the first timeout scheduled
        for (int i = 0; i < 3; i++) { // one connection each
            SimpleMailMessage mail = new SimpleMailMessage();
            mail.setFrom("no-reply@partnerflow.test");
            mail.setTo("lead@example.com");
            mail.setSubject("Mail " + i);
            mail.setText("Hello");
            sender.send(mail);
        }

        assertThat(server.getReceivedMessages()).hasSize(3);
        assertThat(shared.timeouts().getPoolSize()).as("the write timeouts ran on the shared executor").isEqualTo(1);
        assertThat(shared.timeouts().getQueue()).as("timeouts of finished writes are removed").isEmpty();
    }

    @Test
    void theSettingFollowsTheSendersProtocol() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setProtocol("smtps");
        shared.postProcessAfterInitialization(sender, "mailSender");
        assertThat(sender.getJavaMailProperties().get("mail.smtps.executor.writetimeout")).isSameAs(shared.timeouts());
    }
}
