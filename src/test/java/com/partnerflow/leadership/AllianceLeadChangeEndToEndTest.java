package com.partnerflow.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.directory.Role;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts.TestAccount;
import com.partnerflow.support.TestMailbox;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * An alliance lead change request end to end on the whole application: the job executor runs the
 * confirmation and the mails, the agent's approval hands the role over. The approval is driven
 * here only; every other path of alliance-lead-change-request.bpmn is in
 * AllianceLeadChangeRequestProcessTest (fast layer); the HTTP answers are AllianceLeadApiTest's,
 * the agent's Tasklist LeadChangeTasklistAccessTest's.
 */
class AllianceLeadChangeEndToEndTest extends LeadTestSupport {

    /** An account whose lead has left, a colleague who asks, and the colleague they propose. */
    record Scene(TestAccount account, SignedInUser lead, SignedInUser requester, SignedInUser candidate) {
    }

    Scene scene() {
        TestAccount account = accounts.newAccount();
        return new Scene(account, account.lead(), accounts.addUser(account, "requester"),
                accounts.addUser(account, "candidate", Role.ACE_USER));
    }


    @Test
    void anAgentApprovesTheLeadChangesAndEveryoneIsTold() {
        Scene s = scene();
        var requested = requestChange(s.requester(), "Our lead left the company in May.", s.candidate());
        SupportCase c = caseOf(requested);
        assertThat(c.caseNumber()).matches("CASE-\\d{6}");
        assertThat(mailbox.awaitMessage(s.requester().email(), 1).subject())
                .startsWith("[" + c.caseNumber() + "] We received your case");

        // what the agent's form shows
        Task task = awaitReviewTask(c);
        Map<String, Object> form = tasks.getVariables(task.getId());
        assertThat((String) form.get("partner")).contains(s.requester().email());
        assertThat((String) form.get("currentLead")).contains(s.lead().email(), "active");
        assertThat((String) form.get("proposedLead")).contains(s.candidate().email());
        assertThat((String) form.get("activeUsers")).contains(s.lead().email(), s.requester().email(),
                s.candidate().email());
        assertThat(form.get("reason")).isEqualTo("Our lead left the company in May.");
        assertThat((String) form.get("correspondence")).contains("Our lead left the company in May.");
        assertThat(form.get(AllianceLeadProcesses.NEW_LEAD_EMAIL)).isEqualTo(s.candidate().email());
        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.WAITING_FOR_AGENT);

        agentDecides(c, AllianceLeadChangeRequestProcessTest.approve(s.candidate().email(), "Confirmed with your HR department."));

        // the hand-over happened when the agent completed the task
        assertThat(leadOf(s.account().accountId())).isEqualTo(s.candidate().userId());
        assertThat(leadRows(s.account().accountId())).isEqualTo(1);
        assertThat(rolesOf(s.lead())).containsExactly(Role.STANDARD_USER);
        assertThat(rolesOf(s.candidate())).containsExactlyInAnyOrder(Role.ALLIANCE_LEAD, Role.ACE_USER);

        awaitProcessEnded(c);
        assertThat(endOf(c)).isEqualTo("End_ChangeApproved");
        assertThat(passed(processIdOf(c), "Task_TellPreviousLead")).isTrue();
        TestMailbox.Mail toNew = mailbox.awaitMessage(s.candidate().email(), 1);
        assertThat(toNew.subject()).startsWith("You are now the alliance lead of");
        assertThat(toNew.text()).contains("our partner support team verified the request");
        TestMailbox.Mail toOld = mailbox.awaitMessage(s.lead().email(), 1);
        assertThat(toOld.subject()).startsWith("The alliance lead role of");
        assertThat(toOld.text()).contains(s.candidate().email());
        TestMailbox.Mail resolved = mailbox.awaitMessage(s.requester().email(), 2);
        assertThat(resolved.subject()).startsWith("[" + c.caseNumber() + "] Your case is resolved");
        assertThat(resolved.text()).contains(s.candidate().email() + "> is now the alliance lead",
                "Confirmed with your HR department.");

        assertThat(caseRepository.find(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        LeadChangeRequest request = requestOf(requested);
        assertThat(request.status()).isEqualTo(LeadChangeRequest.Status.APPROVED);
        assertThat(request.newLeadId()).isEqualTo(s.candidate().userId());
        assertThat(request.decidedBy()).isEqualTo("agent1");
        assertThat(auditOf(s.account().accountId(), "AllianceLeadChangeRequested")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("actor", s.requester().email())
                        .containsEntry("source_address", "192.0.2.7"));
        assertThat(auditOf(s.account().accountId(), "AllianceLeadChangeApproved")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("actor", "agent1")
                        .containsEntry("target", s.candidate().email()));
        assertThat(auditOf(s.account().accountId(), "AllianceLeadReassigned")).singleElement()
                .satisfies(e -> assertThat((String) e.get("parameters")).contains(
                        "\"from\":\"" + s.lead().email() + "\"", "\"caseNumber\":\"" + c.caseNumber() + "\""));
        // the account may ask again later
        assertThat(leadRepository.openOf(s.account().accountId())).isEmpty();
    }
}
