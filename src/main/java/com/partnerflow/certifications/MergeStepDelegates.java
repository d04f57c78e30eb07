package com.partnerflow.certifications;

import com.partnerflow.cases.Readable;
import com.partnerflow.cases.CaseContext;
import com.partnerflow.cases.CaseMessage;
import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.ReplyExpectations;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.certifications.MergeMailer.Kind;
import com.partnerflow.certifications.MergeRequests.MergeRequest;
import com.partnerflow.certifications.system.CertificationSystem;
import com.partnerflow.certifications.system.CertificationSystem.MergeStatus;
import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.links.SignedLinks;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The steps of certification-account-merge.bpmn: one bean per step. */
@Configuration
public class MergeStepDelegates {

    private static final Logger log = LoggerFactory.getLogger(MergeStepDelegates.class);

    private final CaseContext context;
    private final CaseRepository cases;
    private final ReplyExpectations expectations;
    private final SignedLinks links;
    private final MergeMailer mailer;
    private final MergeRequests requests;
    private final MergeTracker tracker;
    private final CertificationSystem system;
    private final CertificationSync sync;
    private final CertificationDirectory directory;
    private final PartnerDirectory partners;
    private final EngineClock clock;

    public MergeStepDelegates(CaseContext context, CaseRepository cases, ReplyExpectations expectations,
                              SignedLinks links, MergeMailer mailer, MergeRequests requests, MergeTracker tracker,
                              CertificationSystem system, CertificationSync sync, CertificationDirectory directory,
                              PartnerDirectory partners, EngineClock clock) {
        this.context = context;
        this.cases = cases;
        this.expectations = expectations;
        this.links = links;
        this.mailer = mailer;
        this.requests = requests;
        this.tracker = tracker;
        this.system = system;
        this.sync = sync;
        this.directory = directory;
        this.partners = partners;
        this.clock = clock;
    }

    private record Step(SupportCase supportCase, PartnerUser partner, MergeRequest request) {
    }

    private Step step(DelegateExecution execution) {
        SupportCase c = context.caseOf(execution);
        return new Step(c, context.partnerOf(c), requests.find(c.id()).orElseThrow());
    }

    private void tellPartner(Step s, Kind kind, String text) {
        mailer.tellPartner(s.supportCase(), s.partner(), kind, s.request().keepEmail(), s.request().mergeEmail(), text);
    }

    /**
     * "Tell the partner the request is approved".
     * <p>Serves {@code Task_TellApproved} (certification-account-merge).
     */
    @Bean
    JavaDelegate sendMergeApprovedDelegate() {
        return execution -> tellPartner(step(execution), Kind.APPROVED, null);
    }

    /**
     * "Tell the partner the request is rejected": the agent's reason; the case is resolved.
     * <p>Serves {@code Task_TellRejected} (certification-account-merge).
     */
    @Bean
    JavaDelegate sendMergeRejectedDelegate() {
        return execution -> {
            Step s = step(execution);
            tellPartner(s, Kind.REJECTED, (String) execution.getVariable(MergeProcess.REVIEW_REASON));
            cases.setStatus(s.supportCase().id(), CaseStatus.RESOLVED);
        };
    }

    /**
     * "Record the answer" of the confirmation asked by {@code Activity_AskConfirmation}
     * (ask-partner-by-email with {@link MergeConfirmationMail}): a signed link's decision stands
     * as given; an email (or API) reply is read by {@link ConfirmationReplies} and counts only
     * when it came from account #2's address; a bounced confirmation, or anything else, is
     * UNCLEAR, for an agent.
     * <p>Serves {@code Task_RecordAnswer} (certification-account-merge).
     */
    @Bean
    JavaDelegate recordConfirmationAnswerDelegate() {
        return execution -> {
            Step s = step(execution);
            String linkDecision = (String) execution.getVariable(SignedLinks.DECISION_VARIABLE);
            EarlierMergeVersions.closeConfirmationQuestions(execution, expectations, links);
            if (linkDecision != null) {
                execution.setVariable(MergeProcess.CONFIRMATION_DECISION, linkDecision);
                execution.setVariable(MergeProcess.CONFIRMATION_NOTE, "Answered “" + Readable.words(linkDecision)
                        + "” through the signed link sent to " + s.request().mergeEmail() + ".");
                return;
            }
            if ("BOUNCED".equals(execution.getVariable(MergeProcess.CONFIRMATION_ASK_OUTCOME))) {
                execution.setVariable(MergeProcess.CONFIRMATION_DECISION, ConfirmationReplies.Meaning.UNCLEAR.name());
                execution.setVariable(MergeProcess.CONFIRMATION_NOTE,
                        String.valueOf(execution.getVariable(CaseProcesses.AGENT_NOTICE)));
                return;
            }
            List<CaseMessage> in = cases.messages(s.supportCase().id()).stream()
                    .filter(m -> "IN".equals(m.direction())).toList();
            CaseMessage reply = in.isEmpty() ? null : in.get(in.size() - 1);
            ConfirmationReplies.Meaning meaning;
            String note;
            if (reply == null) {
                meaning = ConfirmationReplies.Meaning.UNCLEAR;
                note = "No reply text found in the correspondence.";
            } else if (!reply.author().equalsIgnoreCase(s.request().mergeEmail())) {
                meaning = ConfirmationReplies.Meaning.UNCLEAR;
                note = "The answer came from " + reply.author() + ", not from account #2's address "
                        + s.request().mergeEmail() + ":\n" + reply.body();
            } else {
                meaning = ConfirmationReplies.classify(reply.body());
                note = "Reply from " + reply.author() + " read as “" + Readable.words(meaning) + "”:\n" + reply.body();
            }
            execution.setVariable(MergeProcess.CONFIRMATION_DECISION, meaning.name());
            execution.setVariable(MergeProcess.CONFIRMATION_NOTE, note);
            log.info("{}: confirmation reply read as {}", s.supportCase().caseNumber(), meaning);
        };
    }

    /**
     * "Tell the partner account #2 declined": the case closes, nothing is merged.
     * <p>Serves {@code Task_TellDeclined} (certification-account-merge).
     */
    @Bean
    JavaDelegate sendMergeDeclinedDelegate() {
        return execution -> {
            Step s = step(execution);
            tellPartner(s, Kind.DECLINED, null);
            cases.setStatus(s.supportCase().id(), CaseStatus.CLOSED);
        };
    }

    /**
     * "Close the case unconfirmed": no answer from account #2's address in time.
     * <p>Serves {@code Task_CloseUnconfirmed} (certification-account-merge).
     */
    @Bean
    JavaDelegate closeUnconfirmedMergeDelegate() {
        return execution -> {
            Step s = step(execution);
            EarlierMergeVersions.closeConfirmationQuestions(execution, expectations, links);
            tellPartner(s, Kind.CLOSED_UNCONFIRMED, null);
            cases.setStatus(s.supportCase().id(), CaseStatus.CLOSED);
        };
    }

    /**
     * "Request the merge": under the lock of the merge row (a withdrawal waits for it, or this
     * step finds the case withdrawn and asks for nothing). Retried with the same reference, the
     * certification system returns the same merge.
     * <p>Serves {@code Task_RequestMerge} (certification-account-merge).
     */
    @Bean
    JavaDelegate requestCertificationMergeDelegate() {
        return execution -> {
            UUID caseId = UUID.fromString((String) execution.getVariable(CaseProcesses.CASE_ID));
            MergeRequest request = requests.lock(caseId).orElseThrow();
            if (request.stage().isFinal()) {
                log.info("Merge case {} is over ({}); no merge requested", caseId, request.stage());
                return;
            }
            if (request.externalMergeId() == null) {
                int expected = system.examRecords(request.mergeEmail()).size();
                String mergeId = system.requestMerge(request.keepEmail(), request.mergeEmail(), "case:" + caseId);
                requests.mergeRequested(caseId, mergeId, expected, clock.now());
            }
            cases.setStatus(caseId, CaseStatus.OPEN);
            tracker.enter(execution, MergeStage.MERGE_IN_PROGRESS);
        };
    }

    /**
     * "Send the partner a status update": the text the agent wrote in "Follow merge case",
     * threaded in the case's conversation; the variable goes, so the next follow task starts empty.
     * <p>Serves {@code Task_SendStatusUpdate} (certification-account-merge).
     */
    @Bean
    JavaDelegate sendMergeStatusUpdateDelegate() {
        return execution -> {
            tellPartner(step(execution), Kind.STATUS_UPDATE, (String) execution.getVariable(MergeProcess.STATUS_UPDATE));
            execution.removeVariable(MergeProcess.STATUS_UPDATE);
        };
    }

    /** Serves {@code Task_TellMergeStarted} (certification-account-merge). */
    @Bean
    JavaDelegate sendMergeStartedDelegate() {
        return execution -> tellPartner(step(execution), Kind.MERGE_STARTED, null);
    }

    /**
     * "Ask whether the merge is done".
     * <p>Serves {@code Task_CheckMerge} (certification-account-merge).
     */
    @Bean
    JavaDelegate checkCertificationMergeDelegate() {
        return execution -> {
            Step s = step(execution);
            MergeStatus status = system.mergeStatus(s.request().externalMergeId());
            execution.setVariable(MergeProcess.MERGE_DONE, status.done());
            if (status.done()) {
                requests.mergeCompleted(s.supportCase().id(), status.completedAt());
            }
        };
    }

    /** Serves {@code Task_TellMergeDone} (certification-account-merge). */
    @Bean
    JavaDelegate sendMergeDoneDelegate() {
        return execution -> {
            Step s = step(execution);
            boolean linked = !directory.usersOfAccountWithAddress(s.request().accountId(), s.request().keepEmail()).isEmpty();
            tellPartner(s, Kind.MERGE_DONE, linked ? null : "No user of your partner account has "
                    + s.request().keepEmail() + " as business address or T&C account email yet: enter it in your "
                    + "profile (PUT /api/me/certification-account-email) so the certifications count for your company.");
        };
    }

    /**
     * "Sync the partner directory": syncs the users whose business address or T&C account email
     * is account #1's, then looks whether every exam of account #2 arrived.
     * <p>Serves {@code Task_SyncDirectory} (certification-account-merge).
     */
    @Bean
    JavaDelegate syncMergedCertificationsDelegate() {
        return execution -> {
            Step s = step(execution);
            MergeRequest r = s.request();
            for (UUID userId : directory.usersOfAccountWithAddress(r.accountId(), r.keepEmail())) {
                partners.findUser(userId).ifPresent(sync::syncUser);
            }
            int expected = r.expectedExams() == null ? 0 : r.expectedExams();
            boolean visible = expected == 0
                    || directory.countMergedExamsVisible(r.accountId(), r.keepEmail(), r.mergeEmail()) >= expected;
            execution.setVariable(MergeProcess.CERTIFICATIONS_VISIBLE, visible);
        };
    }

    /**
     * "Tell the partner and resolve the case".
     * <p>Serves {@code Task_ResolveMerge} (certification-account-merge).
     */
    @Bean
    JavaDelegate resolveMergeCaseDelegate() {
        return execution -> {
            Step s = step(execution);
            tellPartner(s, Kind.CERTIFICATIONS_VISIBLE, null);
            cases.setStatus(s.supportCase().id(), CaseStatus.RESOLVED);
        };
    }

    /**
     * "Record the withdrawal": the partner resolved the case before the merge started. A question
     * still waiting (ask-partner-by-email) is cancelled with it and closes its tokens and links.
     * <p>Serves {@code Task_RecordWithdrawal} (certification-account-merge).
     */
    @Bean
    JavaDelegate recordMergeWithdrawalDelegate() {
        return execution -> {
            SupportCase c = context.caseOf(execution);
            EarlierMergeVersions.closeConfirmationQuestions(execution, expectations, links);
            cases.setStatus(c.id(), CaseStatus.RESOLVED);
        };
    }
}
