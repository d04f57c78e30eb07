package com.partnerflow.mail;

import java.util.List;
import java.util.Map;

/**
 * One templated message. {@code template} names {@code mail/<template>.txt} and
 * {@code mail/<template>.html}; the subject is the message {@code subjectKey} (by default
 * {@code mail.<template>.subject}), formatted with {@code subjectArgs}. {@code envelopeFrom} is the
 * SMTP envelope sender (where bounces go), e.g. a VERP address {@code support+bounce-<token>@…};
 * null for the configured default ({@code partnerflow.mail.envelope-from}).
 */
public record OutgoingMail(String to, String language, String template, Map<String, Object> model,
                           String subjectKey, List<Object> subjectArgs, Threading threading, String envelopeFrom) {

    public OutgoingMail(String to, String language, String template, Map<String, Object> model) {
        this(to, language, template, model, "mail." + template + ".subject", List.of(), Threading.NONE);
    }

    public OutgoingMail(String to, String language, String template, Map<String, Object> model,
                        String subjectKey, List<Object> subjectArgs, Threading threading) {
        this(to, language, template, model, subjectKey, subjectArgs, threading, null);
    }

    /**
     * Headers of a message that belongs to a conversation.
     *
     * @param messageId  our Message-ID for this message (with angle brackets), or null to let the mail library choose
     * @param inReplyTo  the message this one answers, or null
     * @param references the conversation so far, oldest first
     * @param replyTo    where answers should go, or null for the sender
     */
    public record Threading(String messageId, String inReplyTo, List<String> references, String replyTo) {
        public static final Threading NONE = new Threading(null, null, List.of(), null);
    }

    @Override
    public String toString() { // the model may hold a security code: never print it
        return "OutgoingMail[to=" + to + ", template=" + template + "]";
    }
}
