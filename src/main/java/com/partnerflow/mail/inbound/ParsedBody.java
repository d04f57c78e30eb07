package com.partnerflow.mail.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The text and the attached files of a message: the first inline text/plain part, or the
 * text of the first text/html part when there is none; every part with a file name or an
 * "attachment" disposition is an attachment. Parts of a delivery report (the returned message,
 * its headers, the status) are neither.
 */
record ParsedBody(String text, List<InboundAttachment> attachments, List<String> notices) {

    static ParsedBody of(Part message) throws MessagingException, IOException {
        Collector collector = new Collector();
        collector.walk(message);
        String text = collector.plain != null ? collector.plain
                : collector.html != null ? htmlToText(collector.html) : "";
        // PostgreSQL refuses NUL in text; no mailer means it
        return new ParsedBody(text.replace("\r\n", "\n").replace("\u0000", ""), List.copyOf(collector.attachments),
                List.copyOf(collector.notices));
    }

    /** Attachments within {@link MailLimits}; what is left out or shortened gets a notice. */
    private static final class Collector {
        String plain;
        String html;
        final List<InboundAttachment> attachments = new ArrayList<>();
        final List<String> notices = new ArrayList<>();
        long totalBytes;
        int seen;

        void walk(Part part) throws MessagingException, IOException {
            String filename = filename(part);
            if (filename != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                attach(part, filename);
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    walk(multipart.getBodyPart(i));
                }
            } else if (part.isMimeType("text/plain")) {
                if (plain == null) {
                    plain = text(part);
                }
            } else if (part.isMimeType("text/html")) {
                if (html == null) {
                    html = text(part);
                }
            }
            // message/rfc822, message/delivery-status, text/rfc822-headers: read by the classifier only
        }

        void attach(Part part, String filename) throws MessagingException, IOException {
            seen++;
            String name = filename != null ? filename.replace("\u0000", "") : "attachment-" + seen;
            if (attachments.size() >= MailLimits.MAX_ATTACHMENTS) {
                notices.add("Attachment \"" + MailLimits.filename(name) + "\" was not kept: more than "
                        + MailLimits.MAX_ATTACHMENTS + " attachments. It is in the original mail.");
                return;
            }
            byte[] content = readAll(part);
            if (content.length > MailLimits.MAX_ATTACHMENT_BYTES
                    || totalBytes + content.length > MailLimits.MAX_TOTAL_ATTACHMENT_BYTES) {
                notices.add("Attachment \"" + MailLimits.filename(name) + "\" (" + content.length
                        + " bytes) was not kept: larger than the limit. It is in the original mail.");
                return;
            }
            String kept = MailLimits.filename(name);
            if (!kept.equals(name)) {
                notices.add("The name of attachment \"" + kept + "\" was shortened to "
                        + MailLimits.MAX_FILENAME_LENGTH + " characters (it had " + name.length() + ").");
            }
            totalBytes += content.length;
            attachments.add(new InboundAttachment(kept, baseType(part), content));
        }
    }

    private static String filename(Part part) throws MessagingException {
        String name;
        try {
            name = part.getFileName();
        } catch (MessagingException e) {
            return null;
        }
        return name == null || name.isBlank() ? null : MimeHeaders.decode(name).strip();
    }

    private static String baseType(Part part) throws MessagingException {
        try {
            String type = new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
            return type.length() <= MailLimits.MAX_CONTENT_TYPE_LENGTH ? type : "application/octet-stream";
        } catch (ParseException | NullPointerException e) {
            return "application/octet-stream";
        }
    }

    private static byte[] readAll(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** Decodes the part's text by its charset ourselves, so an unknown or absent charset never loses the text. */
    private static String text(Part part) throws MessagingException, IOException {
        return new String(readAll(part), charset(part));
    }

    private static Charset charset(Part part) throws MessagingException {
        String name = null;
        try {
            name = new ContentType(part.getContentType()).getParameter("charset");
        } catch (ParseException | NullPointerException e) {
            // no usable Content-Type: UTF-8 below reads ASCII too
        }
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        // Japanese Windows mailers label CP932 (with ①, ㈱, …) as Shift_JIS; CP932 is its superset.
        if (lower.equals("shift_jis") || lower.equals("shift-jis") || lower.equals("sjis") || lower.equals("x-sjis")) {
            return Charset.forName("windows-31j");
        }
        try {
            return Charset.forName(lower);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The text of an HTML body, one line per block; lines inside blockquote start with ">" like quoted plain text. */
    static String htmlToText(String html) {
        StringBuilder out = new StringBuilder();
        int[] quoteDepth = {0};
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    String value = text.text();
                    if (value.isBlank()) {
                        return;
                    }
                    if (atLineStart(out)) {
                        if (quoteDepth[0] > 0) {
                            out.append(">".repeat(quoteDepth[0])).append(' ');
                        }
                        value = value.stripLeading();
                    }
                    out.append(value);
                } else if (node instanceof Element element) {
                    if (element.nameIs("br")) {
                        out.append('\n');
                    } else if (element.isBlock()) {
                        newLine(out);
                    }
                    if (element.nameIs("blockquote")) {
                        quoteDepth[0]++;
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element) {
                    if (element.isBlock()) {
                        newLine(out);
                    }
                    if (element.nameIs("blockquote")) {
                        quoteDepth[0]--;
                    }
                }
            }
        }, Jsoup.parse(html).body());
        return out.toString().replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }

    private static boolean atLineStart(StringBuilder out) {
        return out.isEmpty() || out.charAt(out.length() - 1) == '\n';
    }

    private static void newLine(StringBuilder out) {
        if (!atLineStart(out)) {
            out.append('\n');
        }
    }
}
