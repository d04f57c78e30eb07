package com.partnerflow.support;

import static org.awaitility.Awaitility.await;

import com.partnerflow.mail.MailText;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.imap.IMAPFolder;

/** Reads a recipient's mail from the test mail server over real IMAP, as a mail client would. */
public class TestMailbox {

    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");

    /** {@code returnPath}: the envelope sender the server recorded (Return-Path), where bounces of the mail go. */
    public record Mail(String subject, String text, String contentType, String messageId, String replyTo,
                       String inReplyTo, String returnPath) {
    }

    private final String host;
    private final int port;

    public TestMailbox(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public List<Mail> messagesFor(String address) {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        try {
            Store store = Session.getInstance(props).getStore("imap");
            store.connect(host, port, address, "any-password");
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                // each message whole in one FETCH, then read here: a command per header and part
                // made a look into a mailbox of six mails take about a second
                Message[] stored = inbox.getMessages();
                FetchProfile whole = new FetchProfile();
                whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
                inbox.fetch(stored, whole);
                List<Mail> mails = new ArrayList<>();
                for (Message fetched : stored) {
                    MimeMessage m = new MimeMessage((MimeMessage) fetched);
                    mails.add(new Mail(m.getSubject(), MailText.plainText(m), m.getContentType(),
                            header(m, "Message-ID"), m.getReplyTo() == null || m.getReplyTo().length == 0 ? null
                            : ((jakarta.mail.internet.InternetAddress) m.getReplyTo()[0]).getAddress(),
                            header(m, "In-Reply-To"), header(m, "Return-Path")));
                }
                inbox.close(false);
                return mails;
            } finally {
                store.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the mailbox of " + address + " over IMAP", e);
        }
    }

    private static String header(Message m, String name) throws jakarta.mail.MessagingException {
        String[] values = m.getHeader(name);
        return values == null ? null : values[0];
    }

    /** Waits for the n-th message (1-based) to the address and returns it. */
    public Mail awaitMessage(String address, int n) {
        return await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> messagesFor(address), mails -> mails.size() >= n)
                .get(n - 1);
    }

    /** Waits for the n-th message to the address and reads the security code out of it. */
    public String awaitCode(String address, int n) {
        return codeIn(awaitMessage(address, n));
    }

    public static String codeIn(Mail mail) {
        Matcher m = CODE.matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("No security code in: " + mail.text());
        }
        return m.group(1);
    }
}
