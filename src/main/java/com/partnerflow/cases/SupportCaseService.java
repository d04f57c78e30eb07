package com.partnerflow.cases;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.operations.OperatorMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The partner's side of support cases. A case belongs to its account: other accounts never see it. */
@Service
public class SupportCaseService {

    private static final Logger log = LoggerFactory.getLogger(SupportCaseService.class);

    private final CaseRepository cases;
    private final ReplyExpectations expectations;
    private final PartnerDirectory directory;
    private final RuntimeService runtime;
    private final AuditLog audit;
    private final QuestionAnswers answers;
    private final org.springframework.beans.factory.ObjectProvider<CaseResolutionGuard> resolutionGuards;
    private final OperatorMetrics metrics;

    public SupportCaseService(CaseRepository cases, ReplyExpectations expectations, PartnerDirectory directory,
                              RuntimeService runtime, AuditLog audit, QuestionAnswers answers,
                              org.springframework.beans.factory.ObjectProvider<CaseResolutionGuard> resolutionGuards,
                              OperatorMetrics metrics) {
        this.metrics = metrics;
        this.resolutionGuards = resolutionGuards;
        this.cases = cases;
        this.expectations = expectations;
        this.directory = directory;
        this.runtime = runtime;
        this.audit = audit;
        this.answers = answers;
    }

    public record CaseRequest(String caseType, String questionType, String specificQuestionType, String subject,
                              String description) {
    }

    public record CaseDetail(SupportCase supportCase, List<CaseMessage> correspondence) {
    }

    @Transactional
    public SupportCase open(UUID userId, CaseRequest request) {
        return open(userId, request, CaseProcesses.SUPPORT_CASE, Map.of());
    }

    /**
     * Opens a case that another process works instead of support-case.bpmn (a merge, an unlink, an
     * alliance-lead change): the case has its number, correspondence and partner API as any other,
     * and the process, started with business key = case number and variables caseId, caseNumber plus
     * {@code variables}, may reuse the case steps ({@code ${sendQuestionDelegate}} through the
     * ask-partner-by-email call activity, {@code ${resolveCaseDelegate}} …). To let the partner
     * resolve (withdraw) the case, the process catches message {@value CaseProcesses#MSG_CASE_RESOLVED_BY_PARTNER}
     * (an interrupting event subprocess running {@code ${recordPartnerResolutionDelegate}}).
     */
    @Transactional
    public SupportCase open(UUID userId, CaseRequest request, String processKey, Map<String, Object> variables) {
        PartnerUser user = directory.findUser(userId).orElseThrow();
        SupportCase c = cases.insert(new CaseRepository.NewCase(user.accountId(), userId, request.caseType(),
                request.questionType(), request.specificQuestionType(), request.subject(), request.description()));
        cases.addMessage(c.id(), "IN", "API", user.email(), request.description(), null, List.of());
        Map<String, Object> processVariables = new HashMap<>(variables);
        processVariables.put(CaseProcesses.CASE_ID, c.id().toString());
        processVariables.put(CaseProcesses.CASE_NUMBER, c.caseNumber());
        // what Tasklist's search by process variable finds a partner's cases by
        processVariables.put("partnerEmail", user.email());
        processVariables.put(TaskListColumns.COMPANY, directory.findAccount(user.accountId())
                .map(com.partnerflow.directory.PartnerAccount::legalName).orElse(""));
        // the case number, as agents and partners quote it, is what Cockpit and history show for the instance
        runtime.startProcessInstanceByKey(processKey, c.caseNumber(), processVariables);
        audit.record("SupportCaseOpened", user.email(), user.accountId(), c.caseNumber(), null,
                Map.of("caseType", request.caseType(), "questionType", request.questionType()));
        metrics.caseOpened(processKey);
        log.info("{} opened by user {}", c.caseNumber(), userId);
        return c;
    }

    @Transactional(readOnly = true)
    public List<SupportCase> myCases(UUID userId) {
        return cases.openedBy(userId);
    }

    @Transactional(readOnly = true)
    public CaseDetail read(UUID accountId, String caseNumber) {
        SupportCase c = caseOfAccount(accountId, caseNumber);
        return new CaseDetail(c, cases.messages(c.id()));
    }

    /**
     * A message through the API. While a question waits for the partner it is the answer (the
     * case moves back to the agent); otherwise it joins the correspondence for the agent to read.
     */
    @Transactional
    public CaseDetail addMessage(UUID userId, UUID accountId, String caseNumber, String text) {
        SupportCase c = caseOfAccount(accountId, caseNumber);
        if (c.status().isFinal()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "case-closed", c.caseNumber() + " is " + c.status()
                    .name().toLowerCase() + "; open a new case.");
        }
        PartnerUser user = directory.findUser(userId).orElseThrow();
        // while the question is still being sent, the message simply joins the correspondence
        expectations.waitingForCase(c.id()).ifPresent(answers::answer);
        cases.addMessage(c.id(), "IN", "API", user.email(), text, null, List.of());
        return new CaseDetail(cases.find(c.id()).orElseThrow(), cases.messages(c.id()));
    }

    /** The partner resolves the case: it ends wherever it stands. */
    @Transactional
    public SupportCase resolve(UUID userId, UUID accountId, String caseNumber) {
        SupportCase c = caseOfAccount(accountId, caseNumber);
        if (c.status().isFinal()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "case-closed", c.caseNumber() + " is already "
                    + c.status().name().toLowerCase() + ".");
        }
        resolutionGuards.orderedStream().forEach(guard -> guard.checkResolvable(c));
        try {
            runtime.createMessageCorrelation(CaseProcesses.MSG_CASE_RESOLVED_BY_PARTNER)
                    .processInstanceBusinessKey(c.caseNumber())
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "case-not-running", c.caseNumber() + " cannot be resolved now.");
        }
        PartnerUser user = directory.findUser(userId).orElseThrow();
        cases.addMessage(c.id(), "IN", "API", user.email(), "Resolved by the partner.", null, List.of());
        audit.record("SupportCaseResolvedByPartner", user.email(), accountId, c.caseNumber(), null, Map.of());
        return cases.find(c.id()).orElseThrow();
    }

    private SupportCase caseOfAccount(UUID accountId, String caseNumber) {
        long number = SupportCase.parse(caseNumber);
        return cases.findByNumber(number)
                .filter(c -> c.accountId().equals(accountId))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "case-not-found",
                        "No case " + caseNumber + " in your account."));
    }
}
