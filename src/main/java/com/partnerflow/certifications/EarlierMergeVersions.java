package com.partnerflow.certifications;

import com.partnerflow.cases.PartnerQuestions;
import com.partnerflow.cases.ReplyExpectations;
import com.partnerflow.links.SignedLinks;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What running instances of the certification-account-merge versions that asked account #2
 * within the merge process still call. Those versions sent the confirmation themselves
 * ({@code Task_SendConfirmationRequest}, {@code Task_SendConfirmationReminder}) and waited in
 * {@code SubProcess_AwaitConfirmation} for a reply or for the link message
 * {@value MergeProcess#MSG_CONFIRMATION_LINK_ANSWERED}; the current one calls
 * ask-partner-by-email with {@link MergeConfirmationMail}. An instance keeps the version it
 * started with, so these beans stay until Cockpit shows no running instance of an earlier
 * version (see README, "Upgrading with running merge cases").
 */
@Configuration
public class EarlierMergeVersions {

    private final PartnerQuestions questions;
    private final MergeConfirmationMail confirmation;
    private final ReplyExpectations expectations;
    private final SignedLinks links;
    private final CertificationSettings settings;

    public EarlierMergeVersions(PartnerQuestions questions, MergeConfirmationMail confirmation,
                                ReplyExpectations expectations, SignedLinks links, CertificationSettings settings) {
        this.questions = questions;
        this.confirmation = confirmation;
        this.expectations = expectations;
        this.links = links;
        this.settings = settings;
    }

    /** "Ask account #2's address to confirm", also after an agent's "ask again": earlier questions are settled. */
    @Bean
    JavaDelegate sendMergeConfirmationRequestDelegate() {
        return execution -> {
            closeConfirmationQuestions(execution, expectations, links);
            execution.removeVariable(SignedLinks.DECISION_VARIABLE);
            execution.removeVariable(MergeProcess.CONFIRMATION_DECISION);
            ask(execution, false);
        };
    }

    /** "Send confirmation reminder". */
    @Bean
    JavaDelegate sendMergeConfirmationReminderDelegate() {
        return execution -> ask(execution, true);
    }

    private void ask(DelegateExecution execution, boolean reminder) {
        questions.ask(execution, confirmation, reminder, MergeProcess.MSG_CONFIRMATION_LINK_ANSWERED,
                settings.confirmationCloseAfter());
    }

    /**
     * In those versions the confirmation's tokens and links belong to the merge instance itself,
     * and the steps after the answer close them. For an instance of the current version it finds
     * nothing: its question closed with its ask-partner-by-email instance.
     */
    static void closeConfirmationQuestions(DelegateExecution execution, ReplyExpectations expectations,
                                           SignedLinks links) {
        links.revoke(execution.getProcessInstanceId());
        expectations.closeForProcess(execution.getProcessInstanceId());
    }
}
