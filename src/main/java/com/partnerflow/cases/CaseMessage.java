package com.partnerflow.cases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One entry of a case's correspondence; attachments are listed by name (content via its own
 * endpoint). {@code originalMailId}: the stored original of an inbound mail, for staff only
 * (never in the partner's view).
 */
public record CaseMessage(UUID id, String direction, String channel, String author, String body,
                          Instant createdAt, List<AttachmentInfo> attachments,
                          @JsonIgnore UUID originalMailId) {

    public record AttachmentInfo(UUID id, String filename, String contentType, int size) {
    }
}
