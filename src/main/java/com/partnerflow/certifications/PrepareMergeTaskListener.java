package com.partnerflow.certifications;

import com.partnerflow.api.TaskInputRefused;
import com.partnerflow.cases.CaseContext;
import com.partnerflow.cases.Correspondence;
import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.CaseStatus;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.certifications.system.CertificationSystem;
import com.partnerflow.certifications.system.CertificationSystemUnavailable;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.links.LinkSettings;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On the agent tasks of a merge case: when created, the case waits on an agent (except the
 * "overdue" alert, which runs beside the wait), and the task gets what its form shows: case,
 * partner, the two accounts as the certification system knows them, the correspondence, and
 * "waiting … since …" as its description. When completed, the agent's input is checked.
 */
@Component("prepareMergeTaskListener")
public class PrepareMergeTaskListener implements TaskListener {

    static final String TASK_REQUEST_DETAILS = "Task_RequestDetails";
    static final String TASK_REVIEW = "Task_ReviewRequest";
    static final String TASK_CHECK_REPLY = "Task_CheckReply";
    static final String TASK_SYNC_OVERDUE = "Task_SyncOverdue";

    private final CaseContext context;
    private final CaseRepository cases;
    private final MergeTracker tracker;
    private final CertificationSystem system;
    private final LinkSettings links;

    public PrepareMergeTaskListener(CaseContext context, CaseRepository cases, MergeTracker tracker,
                                    CertificationSystem system, LinkSettings links) {
        this.context = context;
        this.cases = cases;
        this.tracker = tracker;
        this.system = system;
        this.links = links;
    }

    @Override
    public void notify(DelegateTask task) {
        DelegateExecution execution = task.getExecution();
        String key = task.getTaskDefinitionKey();
        if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            checkInput(task, key);
            execution.setVariable("lastAgent", task.getAssignee());
            return;
        }
        SupportCase c = context.caseOf(task);
        PartnerUser partner = context.partnerOf(c);
        if (TASK_SYNC_OVERDUE.equals(key)) {
            execution.setVariable("syncOverdue", true);
        } else {
            cases.setStatus(c.id(), CaseStatus.WAITING_FOR_AGENT); // the case row first, then the merge row
            tracker.enter(execution, MergeStage.WITH_AGENT);
        }
        task.setDescription(MergeTracker.describe(execution));
        task.setVariablesLocal(MergeTracker.listColumns(execution));
        task.setVariableLocal("partner", partner.firstName() + " " + partner.lastName() + " <" + partner.email() + ">");
        task.setVariableLocal("accounts", accounts(execution));
        task.setVariableLocal("correspondence", Correspondence.newestFirst(cases.messages(c.id()), links));
        switch (key) {
            case TASK_REQUEST_DETAILS -> execution.setVariable(CaseProcesses.AGENT_MESSAGE, """
                    To merge your certification accounts we need, for each of the two accounts:
                    1. its email address,
                    2. its sign-in method (e.g. AWS Builder ID or Amazon.com account),
                    and which of the two to keep. You named account #1 (keep) %s and account #2 (merge away) %s.
                    If you can, please reply from the address of the account you keep."""
                    .formatted(execution.getVariable(MergeProcess.KEEP_EMAIL), execution.getVariable(MergeProcess.MERGE_EMAIL)));
            case TASK_REVIEW -> {
                execution.setVariable(MergeProcess.REVIEW_DECISION, null);
                execution.setVariable(MergeProcess.REVIEW_REASON, null);
            }
            case TASK_CHECK_REPLY, TASK_SYNC_OVERDUE -> execution.setVariable(CaseProcesses.AGENT_DECISION, null);
            default -> { }
        }
    }

    private void checkInput(DelegateTask task, String key) {
        if (TASK_REVIEW.equals(key) && "REJECT".equals(task.getVariable(MergeProcess.REVIEW_DECISION))) {
            Object reason = task.getVariable(MergeProcess.REVIEW_REASON);
            if (!(reason instanceof String r) || r.isBlank()) {
                throw TaskInputRefused.because("A rejection needs a reason for the partner.");
            }
        }
    }

    private String accounts(DelegateExecution execution) {
        String keep = (String) execution.getVariable(MergeProcess.KEEP_EMAIL);
        String merge = (String) execution.getVariable(MergeProcess.MERGE_EMAIL);
        try {
            return describe("#1 (keep)", keep) + "\n" + describe("#2 (merge away)", merge);
        } catch (CertificationSystemUnavailable e) {
            return "#1 (keep) " + keep + "\n#2 (merge away) " + merge + "\n(the certification system does not answer just now)";
        }
    }

    private String describe(String which, String email) {
        return system.findAccount(email)
                .map(a -> which + " " + a.email() + " — sign-in: " + a.signInMethod() + ", holder: " + a.holderName()
                        + (a.merged() ? ", already merged into " + a.mergedIntoEmail() : "")
                        + ", certifications: " + system.examRecords(email).stream()
                        .map(e -> e.certificationCode()).collect(Collectors.joining(", ")))
                .orElse(which + " " + email + " — not found in the certification system");
    }
}
