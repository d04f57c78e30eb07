package com.partnerflow.mail.inbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The support mailbox partners reply to, read over IMAP ({@code partnerflow.inbound-mail}).
 *
 * @param enabled          start the background reader (tests build their own mailboxes instead)
 * @param host             IMAP server
 * @param port             IMAP port; empty for the protocol's default (143 / 993)
 * @param protocol         {@code imap} or {@code imaps} (TLS)
 * @param username         login of the mailbox
 * @param password         its password (never logged)
 * @param folder           the folder to read
 * @param idle             wait with IMAP IDLE when the server offers it; poll otherwise
 * @param pollInterval     the mailbox is read at least this often (IDLE reads new mail at once in between);
 *                         also the pause before retrying a message whose handling failed
 * @param maxAttempts      failures of one message (counted in the database, across nodes and restarts) after
 *                         which it is set aside: recorded as FAILED, its original kept, and given to an agent
 * @param trustedAuthservIds the authserv-ids (RFC 8601) of our own receiving servers, whose
 *                         {@code Authentication-Results} headers are believed; headers from any other
 *                         server are ignored. Empty: sender evidence is not checked.
 */
@ConfigurationProperties("partnerflow.inbound-mail")
public record InboundMailSettings(@DefaultValue("false") boolean enabled,
                                  String host,
                                  Integer port,
                                  @DefaultValue("imap") String protocol,
                                  String username,
                                  String password,
                                  @DefaultValue("INBOX") String folder,
                                  @DefaultValue("true") boolean idle,
                                  @DefaultValue("PT10S") Duration pollInterval,
                                  @DefaultValue("3") int maxAttempts,
                                  @DefaultValue java.util.List<String> trustedAuthservIds) {

    public InboundMailSettings {
        if (protocol != null && !protocol.equals("imap") && !protocol.equals("imaps")) {
            throw new IllegalArgumentException("partnerflow.inbound-mail.protocol must be imap or imaps, not " + protocol);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("partnerflow.inbound-mail.max-attempts must be at least 1, not " + maxAttempts);
        }
        trustedAuthservIds = trustedAuthservIds == null ? java.util.List.of()
                : trustedAuthservIds.stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
    }

    /** The same server and options for another mailbox (tests read one mailbox each). */
    public InboundMailSettings withUsername(String otherUsername) {
        return new InboundMailSettings(enabled, host, port, protocol, otherUsername, password, folder, idle,
                pollInterval, maxAttempts, trustedAuthservIds);
    }

    /** For log lines: where and as whom, never the password. */
    public String describe() {
        return protocol + "://" + username + "@" + host + (port != null ? ":" + port : "") + "/" + folder;
    }

    @Override
    public String toString() {
        return "InboundMailSettings[" + describe() + ", enabled=" + enabled + ", idle=" + idle + ", pollInterval="
                + pollInterval + ", maxAttempts=" + maxAttempts + ", trustedAuthservIds=" + trustedAuthservIds
                + ", password=HIDDEN]";
    }
}
