package com.partnerflow.cases;

import com.partnerflow.links.LinkSettings;
import com.partnerflow.mail.inbound.OriginalMailController;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A case's mails and messages as the agents' forms show them: newest first, so the mail that
 * brought the task to the agent is the first thing in the box, not below its inner scrollbar.
 * Plain text, shown in a read-only text area (never in a form's Markdown text block).
 */
public final class Correspondence {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Correspondence() {
    }

    /** Each mail that came in carries the link to its original (.eml), for staff. */
    public static String newestFirst(List<CaseMessage> messages, LinkSettings links) {
        List<CaseMessage> newestFirst = new ArrayList<>(messages);
        Collections.reverse(newestFirst);
        return newestFirst.stream()
                .map(m -> "— " + WHEN.format(m.createdAt()) + " · "
                        + ("IN".equals(m.direction()) ? "from " : "to partner, by ") + m.author()
                        + " (" + m.channel().toLowerCase(Locale.ROOT) + ")"
                        + (m.attachments().isEmpty() ? "" : " · attachments: " + m.attachments().stream()
                                .map(CaseMessage.AttachmentInfo::filename).collect(Collectors.joining(", ")))
                        + (m.originalMailId() == null ? "" : " · original: " + OriginalMailController.url(links, m.originalMailId()))
                        + "\n" + m.body())
                .collect(Collectors.joining("\n\n"));
    }
}
