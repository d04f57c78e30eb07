package com.partnerflow.config;

import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.certifications.MergeProcess;
import com.partnerflow.leadership.AllianceLeadProcesses;
import com.partnerflow.marketplace.MarketplaceProcesses;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * How support agents hold the tasks of their cases: READ_TASK and UPDATE_TASK on each of
 * {@link #PROCESSES} (granted by {@link StaffGroups}), instead of the engine's READ and UPDATE on
 * every single task.
 * <p>
 * Why: the engine's task query joins each task with the user's task authorizations through an
 * {@code OR} of three columns, which PostgreSQL can only run as a nested loop. With one
 * authorization per open task, 100,000 open cases made Tasklist's first page for an agent run
 * for more than 14 minutes (tasks times authorizations); with one per process it is a few
 * hundred milliseconds, and {@link ProcessWideTaskReadCheck} (installed here) spares the Support
 * cases filter even that, as it asks for these processes only. Every user task of these processes
 * is offered to {@link StaffGroups#SUPPORT_AGENTS} and to nobody else, and no other model has one
 * (ProcessModelsTest holds the models to both), so the per-process grant is the same set of tasks.
 * <p>
 * What stays per task: READ_VARIABLE, because Tasklist's list columns are the task's local
 * variables, read through the variable-instance query, which accepts no per-process task right
 * short of READ_INSTANCE_VARIABLE (every variable of every instance: more than agents may see).
 * For that, {@code enforceSpecificVariablePermission} is on: variables need READ_VARIABLE, and a
 * task's READ no longer implies it. The per-task rows then carry only READ_VARIABLE, which the task
 * query does not look at, so they cost it nothing. Tasks of other processes, or of other groups,
 * get the engine's default (READ, UPDATE and READ_VARIABLE).
 */
@Component
public class AgentTaskGrants extends AbstractProcessEnginePlugin {

    /** The processes whose user tasks are all offered to the support agents, and only to them. */
    public static final List<String> PROCESSES = List.of(CaseProcesses.SUPPORT_CASE, CaseProcesses.UNMATCHED_REPLY,
            AllianceLeadProcesses.CHANGE_REQUEST, MarketplaceProcesses.UNLINKING, MergeProcess.KEY);

    /** The per-process equivalent of the engine's per-task READ and UPDATE for a candidate group. */
    static final Permission[] PER_PROCESS = {ProcessDefinitionPermissions.READ_TASK,
            ProcessDefinitionPermissions.UPDATE_TASK};

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setEnforceSpecificVariablePermission(true);
        List<SessionFactory> sessionFactories = new ArrayList<>();
        if (configuration.getCustomSessionFactories() != null) {
            sessionFactories.addAll(configuration.getCustomSessionFactories());
        }
        sessionFactories.add(new ProcessWideTaskReadCheck.Factory());
        configuration.setCustomSessionFactories(sessionFactories);
        configuration.setResourceAuthorizationProvider(new DefaultAuthorizationProvider() {
            @Override
            public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
                if (StaffGroups.SUPPORT_AGENTS.equals(groupId) && grantedPerProcess(task)) {
                    return new AuthorizationEntity[] {createOrUpdateAuthorization(task, null, groupId,
                            Resources.TASK, false, TaskPermissions.READ_VARIABLE)};
                }
                return super.newTaskGroupIdentityLink(task, groupId, type);
            }
        });
    }

    static boolean grantedPerProcess(Task task) {
        ProcessDefinitionEntity definition = task instanceof TaskEntity entity ? entity.getProcessDefinition() : null;
        return definition != null && PROCESSES.contains(definition.getKey());
    }
}
