package com.partnerflow.cases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One entry of a case's correspondence; attachments are listed by name (content via its own endpoint). */
public record CaseMessage(UUID id, String direction, String channel, String author, String body,
                          Instant createdAt, List<AttachmentInfo> attachments) {

    public record AttachmentInfo(UUID id, String filename, String contentType, int size) {
    }
}
