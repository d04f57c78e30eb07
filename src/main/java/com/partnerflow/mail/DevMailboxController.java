package com.partnerflow.mail;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.partnerflow.config.DevelopmentOnly;
import com.partnerflow.links.LinkSettings;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Development only: every message the dev mail server holds, newest first, as a page
 * (/dev/mailbox) and as JSON (/dev/mailbox/messages?to=...), filtered by recipient. GreenMail keeps
 * the mail in memory: a restart empties the mailbox (the page says so). Exists only while the dev
 * mail server does.
 */
@Controller
@DevelopmentOnly
@ConditionalOnProperty(name = "partnerflow.dev-mail.enabled", havingValue = "true")
public class DevMailboxController {

    /** An http(s) address in plain text, up to white space or a character that cannot end one in prose. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'()]+");

    private final GreenMail server;
    private final URI publicBaseUrl;

    public DevMailboxController(GreenMail server, LinkSettings links) {
        this.server = server;
        this.publicBaseUrl = links.publicBaseUrl();
    }

    /**
     * {@code number}: position in the order of arrival (1 = first since start-up). {@code replyTo}:
     * where a reply goes (a case question's support+token@ address), so a person can answer with
     * any SMTP client.
     */
    public record MailView(int number, Instant received, String from, String to, String subject, String text,
                           String replyTo) {
    }

    /** A piece of a mail's text for the page: plain text, or a link ({@code href} set) to this application. */
    public record Piece(String text, String href) {
    }

    @GetMapping("/dev/mailbox/messages")
    @ResponseBody
    public List<MailView> messages(@RequestParam(required = false) String to) {
        List<MailView> all = all();
        return all.stream().filter(m -> to == null || to.isBlank() || recipients(m).stream()
                        .anyMatch(r -> r.contains(to.strip().toLowerCase(Locale.ROOT))))
                .toList();
    }

    @GetMapping("/dev/mailbox")
    public String page(@RequestParam(required = false) String to, Model model) {
        List<MailView> shown = messages(to);
        model.addAttribute("messages", shown);
        model.addAttribute("pieces", shown.stream().map(m -> pieces(m.text())).toList());
        model.addAttribute("recipients", all().stream().flatMap(m -> recipients(m).stream())
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        model.addAttribute("to", to);
        return "dev-mailbox";
    }

    /**
     * Every message once, newest first. GreenMail stores a message once per recipient's mailbox
     * (so its own list comes grouped by recipient); the copies share a Message-ID.
     */
    private List<MailView> all() {
        List<StoredMessage> stored = new ArrayList<>(server.getManagers().getImapHostManager().getAllMessages());
        stored.sort(Comparator.comparing(StoredMessage::getReceivedDate));
        List<MailView> views = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StoredMessage message : stored) {
            String id = messageId(message.getMimeMessage());
            if (id == null || seen.add(id)) {
                views.add(view(views.size() + 1, message));
            }
        }
        views.sort(Comparator.comparingInt(MailView::number).reversed());
        return views;
    }

    /**
     * The text cut into plain pieces and links. Only an http(s) address under our own public base
     * URL becomes a link (what our mails point to: invitations, signed links, Tasklist); any other
     * address stays text, so a partner's words quoted in a mail cannot put a foreign link here. The
     * page writes every piece with th:text/th:href, so mail content never becomes markup.
     */
    List<Piece> pieces(String text) {
        List<Piece> pieces = new ArrayList<>();
        if (text == null) {
            return pieces;
        }
        Matcher url = URL.matcher(text);
        int at = 0;
        while (url.find()) {
            String address = url.group().replaceAll("[.,;:!?]+$", "");
            if (isOurs(address)) {
                if (url.start() > at) {
                    pieces.add(new Piece(text.substring(at, url.start()), null));
                }
                pieces.add(new Piece(address, address));
                at = url.start() + address.length();
            }
        }
        if (at < text.length()) {
            pieces.add(new Piece(text.substring(at), null));
        }
        return pieces;
    }

    private boolean isOurs(String address) {
        try {
            URI uri = new URI(address);
            return uri.getScheme().equalsIgnoreCase(publicBaseUrl.getScheme())
                    && publicBaseUrl.getHost().equalsIgnoreCase(uri.getHost())
                    && uri.getPort() == publicBaseUrl.getPort()
                    && uri.getRawUserInfo() == null
                    && Objects.requireNonNullElse(uri.getRawPath(), "").startsWith(
                            Objects.requireNonNullElse(publicBaseUrl.getRawPath(), ""));
        } catch (java.net.URISyntaxException notAnAddress) {
            return false;
        }
    }

    /** The bare addresses a message went to, lower case. */
    private static List<String> recipients(MailView mail) {
        try {
            return Arrays.stream(InternetAddress.parse(mail.to(), false))
                    .map(a -> a.getAddress().toLowerCase(Locale.ROOT)).toList();
        } catch (jakarta.mail.internet.AddressException unparseable) {
            return List.of(mail.to().toLowerCase(Locale.ROOT));
        }
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException unreadable) {
            return null;
        }
    }

    private static MailView view(int number, StoredMessage stored) {
        MimeMessage message = stored.getMimeMessage();
        Instant received = stored.getReceivedDate() == null ? null : stored.getReceivedDate().toInstant();
        try {
            return new MailView(number, received, join(message.getFrom()),
                    join(message.getAllRecipients()), message.getSubject(), MailText.plainText(message),
                    join(message.getReplyTo()));
        } catch (MessagingException | IOException e) {
            return new MailView(number, received, "?", "?", "(unreadable message)", e.getMessage(), null);
        }
    }

    private static String join(Address[] addresses) {
        return addresses == null ? "" : String.join(", ", Arrays.stream(addresses).map(Address::toString).toList());
    }
}
