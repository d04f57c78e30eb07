package com.partnerflow.mail.inbound;

/**
 * Decides what an inbound message means (advance a waiting process, open an "unmatched reply"
 * task, tell an agent about a bounce, ...). Called once per new Message-ID, inside the
 * transaction that records the message; the message is marked handled on the mail server only
 * after that transaction commits. Throwing rolls everything back and the message is read again.
 */
public interface InboundMailHandler {

    /** @return a short outcome for the operator log and the inbound_mail table, e.g. "correlated CASE-000123" */
    String handle(InboundMail mail);
}
