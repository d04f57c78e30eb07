package com.partnerflow.mail.inbound;

/**
 * What of an inbound mail is kept, so that no mail a partner can send makes storing it fail:
 * beyond these, a file name is shortened and further attachments are left out, each with a
 * notice the agent sees; the original mail stays available whole (up to {@link #MAX_ORIGINAL_BYTES}).
 */
public final class MailLimits {

    /** case_attachment.filename and .content_type are VARCHAR(255). */
    public static final int MAX_FILENAME_LENGTH = 255;
    public static final int MAX_CONTENT_TYPE_LENGTH = 255;
    public static final int MAX_ATTACHMENTS = 20;
    public static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    public static final long MAX_TOTAL_ATTACHMENT_BYTES = 25L * 1024 * 1024;
    /** Larger originals are stored truncated (and marked so). */
    public static final int MAX_ORIGINAL_BYTES = 40 * 1024 * 1024;
    /** case_message.author is VARCHAR(320), RFC 5321's longest address. */
    public static final int MAX_ADDRESS_LENGTH = 320;

    private MailLimits() {
    }

    /** Shortens a name to the limit, keeping its extension (".pdf") when it has a short one. */
    static String filename(String name) {
        if (name.length() <= MAX_FILENAME_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
        return name.substring(0, MAX_FILENAME_LENGTH - 1 - extension.length()) + "…" + extension;
    }
}
