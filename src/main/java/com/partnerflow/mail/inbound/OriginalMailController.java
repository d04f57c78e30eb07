package com.partnerflow.mail.inbound;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.links.LinkSettings;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original of an inbound mail, as an .eml download, for staff: {@code GET
 * /staff/inbound-mail/{id}.eml}. Guarded by HTTP Basic against Camunda's users (support agents
 * and process admins, see config.AdminApiSecurityConfiguration). Always a download, never
 * rendered: the mail is whatever its sender wrote.
 */
@RestController
public class OriginalMailController {

    public static final String PATH = "/staff/inbound-mail/";

    private final InboundMailLedger ledger;

    public OriginalMailController(InboundMailLedger ledger) {
        this.ledger = ledger;
    }

    /** Where staff download the original with the given id. */
    public static String url(LinkSettings links, UUID originalId) {
        String base = links.publicBaseUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH + originalId + ".eml";
    }

    @ProblemAnswers("404 original-not-found")
    @GetMapping(PATH + "{id}.eml")
    public ResponseEntity<byte[]> original(@PathVariable UUID id) {
        return ledger.original(id)
                .map(original -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("message/rfc822"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("original-" + id + ".eml").build().toString())
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Content-Security-Policy", "sandbox")
                        .header("X-Original-Truncated", String.valueOf(original.truncated()))
                        .cacheControl(CacheControl.noStore())
                        .body(original.raw()))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "original-not-found",
                        "There is no original mail with this id."));
    }
}
