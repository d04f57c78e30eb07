package com.partnerflow.mail.inbound;

public enum MailKind {
    /** Written by a person. */
    REPLY,
    /** Auto-Submitted (other than "no"), X-Autoreply, X-Autorespond, Precedence bulk/junk/list/auto_reply. */
    AUTO_REPLY,
    /** A delivery status notification (multipart/report; report-type=delivery-status, or from the mailer daemon). */
    BOUNCE
}
