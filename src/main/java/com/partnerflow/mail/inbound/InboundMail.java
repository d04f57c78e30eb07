package com.partnerflow.mail.inbound;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message read from the inbound mailbox, parsed and classified; what the rest of the
 * application sees of inbound mail.
 *
 * @param messageId    the Message-ID header (angle brackets kept), unique key for de-duplication
 * @param inReplyTo    Message-IDs from In-Reply-To (usually one)
 * @param references   Message-IDs from References, oldest first
 * @param from         the sender's bare address, lower case
 * @param to           bare recipient addresses (To and Cc), lower case
 * @param subject      decoded subject (encoded words resolved: Japanese arrives readable)
 * @param replyText    the new text of the reply, quoted history and signature separator removed
 * @param fullText     the whole text/plain body (or text derived from HTML when there is none)
 * @param attachments  attached files (within the limits of {@link MailLimits})
 * @param kind         reply, auto-reply or bounce
 * @param bouncedMessageId for a bounce: the Message-ID of our message that bounced, when the
 *                     delivery report names it; null otherwise
 * @param deliveredTo  envelope recipients recorded by the receiving servers (Delivered-To,
 *                     X-Original-To, Envelope-To), lower case: where a bounce to a VERP address shows
 * @param returnPath   the envelope sender (Return-Path), lower case; "" for the null sender, null if unknown
 * @param sender       what the trusted receiving server found about the claimed sender
 * @param notices      what could not be kept (attachments over the limits, ...), for the agent
 * @param originalId   the id of the stored original (.eml), null when none was stored
 */
public record InboundMail(String messageId, List<String> inReplyTo, List<String> references, String from,
                          List<String> to, String subject, String replyText, String fullText,
                          List<InboundAttachment> attachments, Instant receivedAt, MailKind kind,
                          String bouncedMessageId, List<String> deliveredTo, String returnPath,
                          SenderEvidence sender, List<String> notices, UUID originalId) {

    public InboundMail {
        deliveredTo = deliveredTo == null ? List.of() : List.copyOf(deliveredTo);
        notices = notices == null ? List.of() : List.copyOf(notices);
        sender = sender == null ? SenderEvidence.NONE : sender;
    }

    /** A mail as tests and older held payloads know it: no envelope data, no sender evidence, no original. */
    public InboundMail(String messageId, List<String> inReplyTo, List<String> references, String from,
                       List<String> to, String subject, String replyText, String fullText,
                       List<InboundAttachment> attachments, Instant receivedAt, MailKind kind,
                       String bouncedMessageId) {
        this(messageId, inReplyTo, references, from, to, subject, replyText, fullText, attachments, receivedAt, kind,
                bouncedMessageId, List.of(), null, SenderEvidence.NONE, List.of(), null);
    }

    public InboundMail withOriginalId(UUID id) {
        return new InboundMail(messageId, inReplyTo, references, from, to, subject, replyText, fullText, attachments,
                receivedAt, kind, bouncedMessageId, deliveredTo, returnPath, sender, notices, id);
    }

    /** Every address the mail was delivered to: the headers' recipients and the envelope's. */
    public List<String> allRecipients() {
        return java.util.stream.Stream.concat(to.stream(), deliveredTo.stream()).distinct().toList();
    }
}
