package com.partnerflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.TestSocketUtils;

/**
 * The development mail server makes an account on first use, by the first mail to an address or
 * the first IMAP login with it. GreenMail's check-then-create is not atomic (its issue #598):
 * a mail arriving while the recipient's client logs in for the first time failed one of the two
 * ("Mailbox ... already exists"): the login's connection dropped, or the mail was refused. A
 * suite that waits for a mail by polling the mailbox meets exactly that, and so do two nodes
 * logging in over SMTP at once (each failed CI once).
 */
class DevMailServerConcurrencyTest {

    private static final int ADDRESSES = 200;

    private GreenMail server;
    private int smtpPort;
    private int imapPort;

    @BeforeEach
    void start() {
        smtpPort = TestSocketUtils.findAvailableTcpPort();
        imapPort = TestSocketUtils.findAvailableTcpPort();
        server = new NoDelayGreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication().withSieveIgnoreDetail());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aFirstMailAndAFirstLoginAtTheSameMomentBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> attempts = new ArrayList<>();
            for (int i = 0; i < ADDRESSES; i++) {
                String address = "race-" + i + "@mail.example";
                // two mails (one from a sender that logs in with the address, as production's
                // SMTP AUTH does), and two clients looking for them, let go at once
                CyclicBarrier together = new CyclicBarrier(4);
                attempts.add(pool.submit(() -> send(together, address, false)));
                attempts.add(pool.submit(() -> send(together, address, true)));
                attempts.add(pool.submit(() -> messagesIn(together, address)));
                attempts.add(pool.submit(() -> messagesIn(together, address)));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> attempt : attempts) {
                try {
                    attempt.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertThat(failures).as("sends and logins that failed").isEmpty();
            for (int i = 0; i < ADDRESSES; i++) {
                assertThat(messagesIn(null, "race-" + i + "@mail.example")).as("mails of race-" + i).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Void send(CyclicBarrier together, String address, boolean logIn) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        props.put("mail.smtp.auth", String.valueOf(logIn));
        MimeMessage mail = new MimeMessage(Session.getInstance(props));
        mail.setFrom(new InternetAddress("noreply@partnerflow.local"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(address));
        mail.setSubject("hello");
        mail.setText("hello");
        mail.saveChanges();
        together.await(10, TimeUnit.SECONDS);
        if (logIn) {
            Transport.send(mail, address, "any-password");
        } else {
            Transport.send(mail);
        }
        return null;
    }

    private int messagesIn(CyclicBarrier together, String address) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(props).getStore("imap");
        if (together != null) {
            together.await(10, TimeUnit.SECONDS);
        }
        store.connect("127.0.0.1", imapPort, address, "any-password");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int count = inbox.getMessageCount();
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }
}
