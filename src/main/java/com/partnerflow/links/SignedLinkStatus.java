package com.partnerflow.links;

/**
 * ISSUED is the only open state; every other one is final. A link past its validity stays
 * ISSUED in the table until someone tries it or its process revokes its links: it is refused
 * either way, because the expiry time is checked on every use.
 */
public enum SignedLinkStatus {
    ISSUED,
    USED,
    EXPIRED,
    REVOKED
}
