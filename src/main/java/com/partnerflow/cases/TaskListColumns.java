package com.partnerflow.cases;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerAccount;
import com.partnerflow.registration.BusinessEmailPolicy;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What tells the agents' tasks apart in Tasklist's list: every user task gets, when it is
 * created, the task-local variables {@value #CASE_NUMBER}, {@value #SUBJECT}, {@value #COMPANY}
 * and {@value #WAITING_SINCE}, which the Tasklist filters show under each task (see
 * {@link com.partnerflow.config.StaffGroups}).
 * <p>
 * Task-local, not only process variables, because a filter's variables are read with the
 * caller's rights: an agent may read the tasks offered to their group (and so their local
 * variables), but not the process instances behind them; with process variables alone the
 * agent's list stays empty of columns. The listener is added to every user task by a parse
 * listener, after the listeners the model declares, so no model has to name it.
 */
@Component
public class TaskListColumns extends AbstractProcessEnginePlugin implements TaskListener {

    public static final String CASE_NUMBER = CaseProcesses.CASE_NUMBER;
    public static final String SUBJECT = "caseSubject";
    public static final String COMPANY = "partnerCompany";
    public static final String WAITING_SINCE = "waitingSince";
    /** A link to Tasklist listing the tasks of the case the task names (forms show it). */
    public static final String CASE_TASKS_URL = "caseTasksUrl";

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    // looked up when a task is created: the engine is built before these beans may be
    private final ObjectProvider<CaseRepository> cases;
    private final ObjectProvider<PartnerDirectory> directory;
    private final ObjectProvider<TasklistLinks> links;

    public TaskListColumns(ObjectProvider<CaseRepository> cases, ObjectProvider<PartnerDirectory> directory,
                           ObjectProvider<TasklistLinks> links) {
        this.cases = cases;
        this.directory = directory;
        this.links = links;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        TaskListener listener = this;
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                        .addTaskListener(EVENTNAME_CREATE, listener);
            }
        });
    }

    @Override
    public void notify(DelegateTask task) {
        Object caseId = task.getVariable(CaseProcesses.CASE_ID);
        if (caseId != null) {
            cases.getObject().find(UUID.fromString(caseId.toString())).ifPresent(c -> {
                task.setVariableLocal(CASE_NUMBER, c.caseNumber());
                task.setVariableLocal(SUBJECT, c.subject());
                task.setVariableLocal(COMPANY, companyOf(c.accountId()));
                task.setVariableLocal(CASE_TASKS_URL, links.getObject().tasksOfCase(c.caseNumber()));
            });
        } else if (task.getVariable(UnmatchedReplies.MAIL_FROM) != null) {
            String named = (String) task.getVariable(CASE_NUMBER);
            long number = SupportCase.parse(named);
            boolean known = number > 0 && cases.getObject().findByNumber(number).isPresent();
            task.setVariableLocal(CASE_NUMBER, named == null ? "" : named);
            task.setVariableLocal(SUBJECT, task.getVariable(UnmatchedReplies.MAIL_SUBJECT));
            String domain = BusinessEmailPolicy.domainOf((String) task.getVariable(UnmatchedReplies.MAIL_FROM));
            task.setVariableLocal(COMPANY, directory.getObject().findAccountIdByDomain(domain)
                    .map(this::companyOf).orElse("(no partner account for " + domain + ")"));
            task.setVariableLocal(CASE_TASKS_URL, known ? links.getObject().tasksOfCase(SupportCase.format(number)) : "");
        }
        Object since = task.getVariable(WAITING_SINCE);
        task.setVariableLocal(WAITING_SINCE, since != null ? since : WHEN.format(task.getCreateTime().toInstant()));
    }

    private String companyOf(UUID accountId) {
        return directory.getObject().findAccount(accountId).map(PartnerAccount::legalName).orElse("");
    }

    /** The columns every staff filter shows, in this order. */
    public static List<java.util.Map<String, String>> filterColumns() {
        return List.of(
                java.util.Map.of("name", CASE_NUMBER, "label", "Case"),
                java.util.Map.of("name", SUBJECT, "label", "Subject"),
                java.util.Map.of("name", COMPANY, "label", "Company"),
                java.util.Map.of("name", WAITING_SINCE, "label", "Waiting since"));
    }
}
