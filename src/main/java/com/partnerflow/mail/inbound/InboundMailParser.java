package com.partnerflow.mail.inbound;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Turns a received MIME message into an {@link InboundMail}. */
public final class InboundMailParser {

    /** The width of inbound_mail.message_id (RFC 5322's line limit). */
    static final int MAX_ID_LENGTH = 998;

    private InboundMailParser() {
    }

    public static InboundMail parse(MimeMessage message) throws MessagingException, IOException {
        return parse(message, List.of());
    }

    /**
     * @param trustedAuthservIds the receiving servers whose Authentication-Results count (see
     *                           {@link SenderEvidence}); empty: none
     */
    public static InboundMail parse(MimeMessage message, List<String> trustedAuthservIds)
            throws MessagingException, IOException {
        ParsedBody body = ParsedBody.of(message);
        MailKind kind = MailClassifier.classify(message);
        List<String> from = Addresses.bare(MimeHeaders.first(message, "From"));
        if (from.isEmpty()) {
            from = Addresses.bare(MimeHeaders.first(message, "Sender"));
        }
        List<String> to = new ArrayList<>(Addresses.bare(joined(message, "To")));
        to.addAll(Addresses.bare(joined(message, "Cc")));
        List<String> deliveredTo = new ArrayList<>();
        for (String header : List.of("Delivered-To", "X-Original-To", "Envelope-To")) {
            String[] values = message.getHeader(header);
            for (String value : values == null ? new String[0] : values) {
                deliveredTo.addAll(Addresses.bare(MimeHeaders.unfold(value)));
            }
        }
        String returnPath = returnPath(message);
        String sender = from.isEmpty() ? null : from.get(0);
        String[] authResults = message.getHeader("Authentication-Results");
        return new InboundMail(messageId(message),
                MimeHeaders.messageIds(joined(message, "In-Reply-To")),
                MimeHeaders.messageIds(joined(message, "References")),
                sender,
                List.copyOf(to),
                MimeHeaders.decode(MimeHeaders.first(message, "Subject")),
                QuotedText.replyText(body.text()),
                body.text(),
                body.attachments(),
                receivedAt(message),
                kind,
                kind == MailKind.BOUNCE ? MailClassifier.bouncedMessageId(message) : null,
                deliveredTo, returnPath,
                SenderEvidence.of(authResults == null ? List.of() : List.of(authResults), trustedAuthservIds, sender,
                        returnPath),
                body.notices(), null);
    }

    /** The envelope sender our server recorded: "" for the null sender ({@code <>}), null when there is no Return-Path. */
    static String returnPath(MimeMessage message) throws MessagingException {
        String value = MimeHeaders.first(message, "Return-Path");
        if (value == null) {
            return null;
        }
        String inner = value.strip();
        if (inner.startsWith("<") && inner.endsWith(">")) {
            inner = inner.substring(1, inner.length() - 1).strip();
        }
        return inner.isEmpty() ? "" : Addresses.bare(inner).stream().findFirst().orElse(inner.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The Message-ID header; for a message without one (some auto-responders and old mailers),
     * a stable synthetic id {@code <sha256-of-date-from-subject@no-message-id.partnerflow>}
     * built from the raw Date, From and Subject headers, so the same message read again gets
     * the same id and is still handled once. An id longer than the table's column is hashed the
     * same way.
     */
    public static String messageId(MimeMessage message) throws MessagingException {
        String header = MimeHeaders.first(message, "Message-ID");
        List<String> ids = MimeHeaders.messageIds(header);
        String id = !ids.isEmpty() ? ids.get(0)
                : header != null && !header.isBlank() ? header // no angle brackets, still the sender's unique id
                : null;
        if (id != null && id.length() <= MAX_ID_LENGTH) {
            return id;
        }
        String basis = id != null ? id // absurdly long: its hash still identifies it
                : MimeHeaders.first(message, "Date") + "\n" + MimeHeaders.first(message, "From") + "\n"
                + MimeHeaders.first(message, "Subject");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@no-message-id.partnerflow>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** When our server received it (IMAP INTERNALDATE), else when it was sent, else now. */
    static Instant receivedAt(Message message) throws MessagingException {
        if (message.getReceivedDate() != null) {
            return message.getReceivedDate().toInstant();
        }
        return message.getSentDate() != null ? message.getSentDate().toInstant() : Instant.now();
    }

    private static String joined(MimeMessage message, String header) throws MessagingException {
        String value = message.getHeader(header, ",");
        return MimeHeaders.unfold(value);
    }
}
