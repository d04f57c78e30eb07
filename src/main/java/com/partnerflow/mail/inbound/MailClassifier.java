package com.partnerflow.mail.inbound;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a person's reply from an automatic answer and a bounce. A bounce is checked first:
 * delivery reports usually carry {@code Auto-Submitted: auto-replied} as well.
 */
public final class MailClassifier {

    private static final Set<String> AUTOMATIC_PRECEDENCE = Set.of("bulk", "junk", "list", "auto_reply");
    private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster");
    /** Subjects and first lines of daemon mail that reports a failed delivery (non-DSN bounces). */
    private static final Pattern DELIVERY_FAILURE = Pattern.compile(
            "(?i)undeliver|delivery (status notification|failure|failed|has failed|problem)|failure notice"
                    + "|returned mail|mail delivery (failed|subsystem)|could not be delivered|not delivered"
                    + "|配信(できません|不能|エラー|失敗)|不達|送信できません|届けられません|エラーメール");
    private static final Pattern QUOTED_MESSAGE_ID = Pattern.compile("(?im)^\\s*Message-ID:\\s*(<[^<>\\s]+>)");

    private MailClassifier() {
    }

    public static MailKind classify(MimeMessage message) throws MessagingException, IOException {
        if (isBounce(message)) {
            return MailKind.BOUNCE;
        }
        return isAutomatic(message) ? MailKind.AUTO_REPLY : MailKind.REPLY;
    }

    static boolean isAutomatic(Part message) throws MessagingException {
        String autoSubmitted = MimeHeaders.first(message, "Auto-Submitted");
        if (autoSubmitted != null && !token(autoSubmitted).equals("no")) {
            return true;
        }
        if (message.getHeader("X-Autoreply") != null || message.getHeader("X-Autorespond") != null) {
            return true;
        }
        String precedence = MimeHeaders.first(message, "Precedence");
        return precedence != null && AUTOMATIC_PRECEDENCE.contains(token(precedence));
    }

    static boolean isBounce(MimeMessage message) throws MessagingException, IOException {
        if (isDeliveryReport(message)) {
            return true;
        }
        String sender = senderLocalPart(message);
        if (sender == null || !DAEMONS.contains(sender)) {
            return false;
        }
        String subject = MimeHeaders.decode(MimeHeaders.first(message, "Subject"));
        return (subject != null && DELIVERY_FAILURE.matcher(subject).find()) || hasPart(message, "message/delivery-status");
    }

    /**
     * The Message-ID of the message that bounced, from the report's {@code text/rfc822-headers}
     * or {@code message/rfc822} part, or from a quoted "Message-ID:" line of a plain-text
     * bounce; null when the report does not name it.
     */
    public static String bouncedMessageId(MimeMessage message) throws MessagingException, IOException {
        String id = messageIdInReturnedPart(message);
        if (id != null) {
            return id;
        }
        String text = ParsedBody.of(message).text();
        if (text != null) {
            Matcher m = QUOTED_MESSAGE_ID.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static String messageIdInReturnedPart(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/rfc822-headers")) {
            try (InputStream in = part.getInputStream()) {
                return firstId(new InternetHeaders(in).getHeader("Message-ID", null));
            }
        }
        if (part.isMimeType("message/rfc822")) {
            Object content = part.getContent();
            if (content instanceof MimeMessage returned) {
                return firstId(returned.getHeader("Message-ID", null));
            }
            if (content instanceof InputStream in) {
                try (in) {
                    return firstId(new InternetHeaders(in).getHeader("Message-ID", null));
                }
            }
            return null;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String id = messageIdInReturnedPart(multipart.getBodyPart(i));
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    private static String firstId(String header) {
        List<String> ids = MimeHeaders.messageIds(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static boolean isDeliveryReport(Part message) throws MessagingException {
        String contentType = message.getContentType();
        if (contentType == null) {
            return false;
        }
        try {
            ContentType type = new ContentType(contentType);
            return type.match("multipart/report") && "delivery-status".equalsIgnoreCase(type.getParameter("report-type"));
        } catch (ParseException e) {
            return false;
        }
    }

    private static boolean hasPart(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType)) {
            return true;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                if (hasPart(body, mimeType)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String senderLocalPart(MimeMessage message) throws MessagingException {
        String from = MimeHeaders.first(message, "From");
        String address = from == null ? null : Addresses.bare(from).stream().findFirst().orElse(null);
        if (address == null || !address.contains("@")) {
            return null;
        }
        return address.substring(0, address.indexOf('@'));
    }

    private static String token(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon >= 0 ? value.substring(0, semicolon) : value).strip().toLowerCase(Locale.ROOT);
    }
}
