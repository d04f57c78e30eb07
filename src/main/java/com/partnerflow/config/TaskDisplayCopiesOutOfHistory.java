package com.partnerflow.config;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * Full history, except a task's local variables.
 *
 * <p>Our task listeners fill each agent task with local copies of what its form shows (the case's
 * whole correspondence, the partner's name and address, the list columns), read from our own
 * tables when the task is created. With full history every such copy was written again to
 * {@code ACT_HI_VARINST} and {@code ACT_HI_DETAIL} for every task, so each round of a case stored
 * the whole conversation once more, and personal data outlived the task in history for a year.
 * The record of a case is our tables and the audit log; history keeps what the process decided
 * (process variables, tasks, activities), which Cockpit and the audit need.
 *
 * <p>The rule is the variable's scope, not a list of names: any variable that belongs to a task
 * is left out of history (its value is gone with the task), whoever set it.
 */
@Component
public class TaskDisplayCopiesOutOfHistory extends AbstractProcessEnginePlugin {

    /**
     * After init, so the handler wrapped is the engine's whole one: the database's and every
     * custom handler another plugin added in its preInit (e.g. the process metrics), whatever
     * the plugins' order. The engine looks the handler up at each event, so replacing it here
     * takes effect for every event.
     */
    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        HistoryEventHandler engines = configuration.getHistoryEventHandler();
        configuration.setHistoryEventHandler(new HistoryEventHandler() {
            @Override
            public void handleEvent(HistoryEvent event) {
                if (!isTaskVariable(event)) {
                    engines.handleEvent(event);
                }
            }

            @Override
            public void handleEvents(List<HistoryEvent> events) {
                events.forEach(this::handleEvent);
            }
        });
    }

    static boolean isTaskVariable(HistoryEvent event) {
        return event instanceof HistoricVariableUpdateEventEntity variable && variable.getTaskId() != null;
    }
}
