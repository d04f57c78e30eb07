package com.partnerflow.links;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * The addresses of a freshly issued link. They carry the token, which exists nowhere else:
 * put them into the email and nowhere else (not into a process variable, not into a log line).
 *
 * @param id         the link's id: not secret, fine for variables and logs
 * @param pageUrl    the question page without a preselected answer
 * @param confirmUrl the question page with "confirm" preselected
 * @param declineUrl the question page with "decline" preselected
 * @param expiresAt  when the link stops working
 */
public record IssuedLink(UUID id, URI pageUrl, URI confirmUrl, URI declineUrl, Instant expiresAt) {

    @Override
    public String toString() { // the URLs are the secret: never print them
        return "IssuedLink[id=" + id + ", expiresAt=" + expiresAt + ", urls=HIDDEN]";
    }
}
