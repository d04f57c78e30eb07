package com.partnerflow.mail.inbound;

import java.time.Instant;
import java.util.List;

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
 * @param attachments  attached files
 * @param kind         reply, auto-reply or bounce
 * @param bouncedMessageId for a bounce: the Message-ID of our message that bounced, when the
 *                     delivery report names it; null otherwise
 */
public record InboundMail(String messageId, List<String> inReplyTo, List<String> references, String from,
                          List<String> to, String subject, String replyText, String fullText,
                          List<InboundAttachment> attachments, Instant receivedAt, MailKind kind,
                          String bouncedMessageId) {
}
