package com.partnerflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.support.IntegrationTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Pages whose URL is the secret carry one header policy, refusals included. */
class SecretUrlPageHeadersTest extends IntegrationTestBase {

    @Autowired
    TestRestTemplate rest;

    @Test
    void aSignedLinkPageThatIsRefusedCarriesThePolicy() {
        ResponseEntity<String> page = open("/links/{token}", "A".repeat(43));
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertPolicy(page);
    }

    @Test
    void anInvitationPageThatIsRefusedCarriesThePolicy() {
        ResponseEntity<String> page = open("/invitations/{token}", "A".repeat(43));
        assertThat(page.getStatusCode().is4xxClientError()).isTrue();
        assertPolicy(page);
    }

    @Test
    void badInputRefusedBeforeTheHandlerRunsCarriesThePolicyToo() {
        ResponseEntity<String> page = open("/links/{token}?choice={choice}", "A".repeat(43), "\u0001");
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertPolicy(page);
    }

    private ResponseEntity<String> open(String path, Object... variables) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class, variables);
    }

    private static void assertPolicy(ResponseEntity<String> page) {
        HttpHeaders headers = page.getHeaders();
        assertThat(headers.getCacheControl()).isEqualTo("no-store");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(headers.getFirst("X-Robots-Tag")).isEqualTo("noindex, nofollow");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("Content-Security-Policy")).contains("frame-ancestors 'none'", "default-src 'none'");
    }
}
