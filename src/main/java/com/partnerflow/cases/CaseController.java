package com.partnerflow.cases;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.api.ApiProblem;
import com.partnerflow.signin.PartnerPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The partner's support cases: open, list, read with correspondence, add a message, resolve. */
@RestController
@RequestMapping("/api/cases")
public class CaseController {

    private final SupportCaseService service;
    private final CaseRepository cases;

    public CaseController(SupportCaseService service, CaseRepository cases) {
        this.service = service;
        this.cases = cases;
    }

    public record OpenCaseRequest(@NotBlank @Size(max = 60) String caseType,
                                  @NotBlank @Size(max = 100) String questionType,
                                  @Size(max = 100) String specificQuestionType,
                                  @NotBlank @Size(max = 200) String subject,
                                  @NotBlank @Size(max = 20000) String description) {
    }

    public record MessageRequest(@NotBlank @Size(max = 20000) String text) {
    }

    public record CaseSummary(String caseNumber, String caseType, String questionType, String specificQuestionType,
                              String subject, String status, Instant createdAt, Instant updatedAt, Instant resolvedAt) {
        static CaseSummary of(SupportCase c) {
            return new CaseSummary(c.caseNumber(), c.caseType(), c.questionType(), c.specificQuestionType(),
                    c.subject(), c.status().name(), c.createdAt(), c.updatedAt(), c.resolvedAt());
        }
    }

    public record CaseView(CaseSummary supportCase, String description, List<CaseMessage> correspondence) {
        static CaseView of(SupportCaseService.CaseDetail detail) {
            return new CaseView(CaseSummary.of(detail.supportCase()), detail.supportCase().description(),
                    detail.correspondence());
        }
    }

    @PostMapping
    public ResponseEntity<CaseSummary> open(@AuthenticationPrincipal PartnerPrincipal caller,
                                            @Valid @RequestBody OpenCaseRequest body) {
        SupportCase c = service.open(caller.userId(), new SupportCaseService.CaseRequest(body.caseType(),
                body.questionType(), body.specificQuestionType(), body.subject(), body.description()));
        return ResponseEntity.created(URI.create("/api/cases/" + c.caseNumber())).body(CaseSummary.of(c));
    }

    @GetMapping
    public List<CaseSummary> mine(@AuthenticationPrincipal PartnerPrincipal caller) {
        return service.myCases(caller.userId()).stream().map(CaseSummary::of).toList();
    }

    @ProblemAnswers("404 case-not-found")
    @GetMapping("/{caseNumber}")
    public CaseView read(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable String caseNumber) {
        return CaseView.of(service.read(caller.accountId(), caseNumber));
    }

    @ProblemAnswers({"404 case-not-found", "409 case-closed"})
    @PostMapping("/{caseNumber}/messages")
    public CaseView addMessage(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable String caseNumber,
                               @Valid @RequestBody MessageRequest body) {
        return CaseView.of(service.addMessage(caller.userId(), caller.accountId(), caseNumber, body.text()));
    }

    @ProblemAnswers({"404 case-not-found", "409 case-closed"})
    @PostMapping("/{caseNumber}/resolution")
    public CaseSummary resolve(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable String caseNumber) {
        return CaseSummary.of(service.resolve(caller.userId(), caller.accountId(), caseNumber));
    }

    @ProblemAnswers("404 case-not-found")
    @GetMapping("/{caseNumber}/attachments/{attachmentId}")
    public ResponseEntity<byte[]> attachment(@AuthenticationPrincipal PartnerPrincipal caller,
                                             @PathVariable String caseNumber, @PathVariable UUID attachmentId) {
        SupportCase c = service.read(caller.accountId(), caseNumber).supportCase();
        var attachment = cases.attachment(c.id(), attachmentId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                "attachment-not-found", "No such attachment in " + c.caseNumber() + "."));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(attachment.filename(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(attachment.content());
    }
}
