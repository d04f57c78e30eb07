package com.partnerflow.config;

import com.partnerflow.cases.CaseProcesses;
import com.partnerflow.certifications.MergeProcess;
import com.partnerflow.leadership.AllianceLeadProcesses;
import com.partnerflow.marketplace.MarketplaceProcesses;
import java.util.List;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * How support agents are allowed their tasks: one grant per process ({@link #PROCESSES}) instead
 * of one per task.
 * <p>
 * By default the engine grants a candidate group READ and UPDATE on each task it is offered, so
 * with 100,000 open cases the agents' group holds 100,000 authorization rows, and every task
 * query an agent makes (Tasklist's list and count) joins each task with all of them: seconds per
 * page. Every user task of these processes is offered to {@link StaffGroups#SUPPORT_AGENTS} and
 * to nobody else (ProcessModelsTest holds the models to that), so READ_TASK and UPDATE_TASK on
 * these process definitions give the agents exactly the tasks the per-task grants gave them, in
 * a handful of rows; {@link StaffGroups} makes the grants and this plugin stops the per-task ones
 * for these processes. Tasks of other processes, and tasks without one, keep the engine's default.
 */
@Component
public class AgentTaskGrants extends AbstractProcessEnginePlugin {

    /** The processes whose user tasks are all offered to the support agents, and only to them. */
    public static final List<String> PROCESSES = List.of(CaseProcesses.SUPPORT_CASE, CaseProcesses.UNMATCHED_REPLY,
            AllianceLeadProcesses.CHANGE_REQUEST, MarketplaceProcesses.UNLINKING, MergeProcess.KEY);

    /** The per-process equivalent of the engine's per-task READ and UPDATE for a candidate group. */
    static final Permission[] PERMISSIONS = {ProcessDefinitionPermissions.READ_TASK,
            ProcessDefinitionPermissions.UPDATE_TASK};

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setResourceAuthorizationProvider(new DefaultAuthorizationProvider() {
            @Override
            public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
                if (StaffGroups.SUPPORT_AGENTS.equals(groupId) && grantedPerProcess(task)) {
                    return null;
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
