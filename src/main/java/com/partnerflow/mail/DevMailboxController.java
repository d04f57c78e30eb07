package com.partnerflow.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.partnerflow.config.DevelopmentOnly;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Development only: every message the dev mail server received, newest first, as a page
 * (/dev/mailbox) and as JSON (/dev/mailbox/messages?to=...). Exists only while the dev mail
 * server does.
 */
@Controller
@DevelopmentOnly
@ConditionalOnProperty(name = "partnerflow.dev-mail.enabled", havingValue = "true")
public class DevMailboxController {

    private final GreenMail server;

    public DevMailboxController(GreenMail server) {
        this.server = server;
    }

    /** {@code replyTo}: where a reply goes (a case question's support+token@ address), so a person can answer with any SMTP client. */
    public record MailView(int number, Instant received, String from, String to, String subject, String text,
                           String replyTo) {
    }

    @GetMapping("/dev/mailbox/messages")
    @ResponseBody
    public List<MailView> messages(@RequestParam(required = false) String to) {
        MimeMessage[] received = server.getReceivedMessages();
        return IntStream.range(0, received.length)
                .mapToObj(i -> view(i + 1, received[i]))
                .filter(m -> to == null || m.to().toLowerCase().contains(to.toLowerCase()))
                .sorted(Comparator.comparingInt(MailView::number).reversed())
                .toList();
    }

    @GetMapping("/dev/mailbox")
    public String page(@RequestParam(required = false) String to, Model model) {
        model.addAttribute("messages", messages(to));
        model.addAttribute("to", to);
        return "dev-mailbox";
    }

    private static MailView view(int number, MimeMessage message) {
        try {
            Instant received = message.getReceivedDate() != null ? message.getReceivedDate().toInstant()
                    : message.getSentDate() != null ? message.getSentDate().toInstant() : null;
            return new MailView(number, received, join(message.getFrom()),
                    join(message.getAllRecipients()), message.getSubject(), MailText.plainText(message),
                    join(message.getReplyTo()));
        } catch (MessagingException | IOException e) {
            return new MailView(number, null, "?", "?", "(unreadable message)", e.getMessage(), null);
        }
    }

    private static String join(Address[] addresses) {
        return addresses == null ? "" : String.join(", ", Arrays.stream(addresses).map(Address::toString).toList());
    }
}
