package com.partnerflow.mail.inbound;

import java.time.Instant;
import java.util.UUID;

/**
 * Decides what an inbound message means (advance a waiting process, open an "unmatched reply"
 * task, tell an agent about a bounce, ...). Called once per new Message-ID, inside the
 * transaction that records the message; the message is marked handled on the mail server only
 * after that transaction commits. Throwing rolls everything back and the message is read again.
 */
public interface InboundMailHandler {

    /** @return a short outcome for the operator log and the inbound_mail table, e.g. "correlated CASE-000123" */
    String handle(InboundMail mail);

    /**
     * A message that failed {@code max-attempts} times: it is set aside (recorded as FAILED, its
     * original stored) and must reach a person. Called in the transaction that sets it aside.
     *
     * @return a short outcome, as for {@link #handle}
     */
    default String handleFailed(FailedMail mail) {
        return "set aside, no handler for failed mail";
    }

    /**
     * What is known of a message that could not be handled.
     *
     * @param from       the sender's bare address, or the raw header when it is not one
     * @param text       its text as far as it could be read ("" when not)
     * @param error      why handling failed (exception type and message)
     * @param originalId the stored original (.eml)
     */
    record FailedMail(String messageId, String from, String subject, String text, Instant receivedAt, int attempts,
                      String error, UUID originalId) {
    }
}
