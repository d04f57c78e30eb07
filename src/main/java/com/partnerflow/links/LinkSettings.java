package com.partnerflow.links;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicBaseUrl how partners reach this application ({@code partnerflow.public-base-url});
 *                      links in emails start with it. application.yml defaults it to
 *                      {@code http://localhost:${server.port}}; production sets the public address.
 */
@ConfigurationProperties("partnerflow")
public record LinkSettings(@DefaultValue("http://localhost:8080") URI publicBaseUrl) {

    public LinkSettings {
        if (publicBaseUrl == null || publicBaseUrl.getScheme() == null || publicBaseUrl.getHost() == null
                || !publicBaseUrl.getScheme().matches("https?")) {
            throw new IllegalArgumentException("partnerflow.public-base-url must be an absolute http(s) URL, not "
                    + publicBaseUrl);
        }
    }

    /** The base without a trailing slash, so paths can be appended. */
    String base() {
        String base = publicBaseUrl.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
