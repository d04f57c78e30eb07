package com.partnerflow.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerflow.cases.SupportCase;
import com.partnerflow.config.StaffGroups;
import com.partnerflow.support.TestAccounts.TestAccount;
import java.util.List;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A support agent finds the review of an alliance lead change in Tasklist, with its form. */
class LeadChangeTasklistAccessTest extends LeadTestSupport {

    @Autowired
    IdentityService identity;
    @Autowired
    FilterService filters;

    @Test
    void anAgentSeesTheReviewTaskInTheSupportFilterWithItsForm() {
        TestAccount account = accounts.newAccount();
        SupportCase c = caseOf(requestChange(accounts.addUser(account, "requester"), "Lead left.", null));
        Task review = awaitReviewTask(c);

        identity.setAuthentication("agent-under-test", List.of(StaffGroups.SUPPORT_AGENTS));
        try {
            assertThat(tasks.createTaskQuery().list()).extracting(Task::getId).contains(review.getId());
            Filter filter = filters.createFilterQuery().filterName(StaffGroups.SUPPORT_FILTER).singleResult();
            assertThat(filters.list(filter.getId())).extracting(t -> ((Task) t).getId()).contains(review.getId());
            Task seen = tasks.createTaskQuery().taskId(review.getId()).initializeFormKeys().singleResult();
            assertThat(seen.getCamundaFormRef().getKey()).isEqualTo("alliance-lead-change-review");
            assertThat(seen.getName()).isEqualTo("Verify alliance lead change");
        } finally {
            identity.clearAuthentication();
        }
        // somebody outside the group does not see it
        identity.setAuthentication("finance-clerk", List.of("finance"));
        try {
            assertThat(tasks.createTaskQuery().taskId(review.getId()).count()).isZero();
        } finally {
            identity.clearAuthentication();
        }
    }
}
