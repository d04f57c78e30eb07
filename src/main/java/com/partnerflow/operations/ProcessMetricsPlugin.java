package com.partnerflow.operations;

import com.partnerflow.registration.RegistrationProcess;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;

/**
 * Counts process instances started and ended from the engine's own history events, so every
 * process is counted in one place whichever code starts it (API, timer, message, call activity).
 * Counted after the engine's transaction commits: a step that rolls back and retries counts once.
 * The registration figures are the partner-registration process seen through the same events.
 */
@Component
public class ProcessMetricsPlugin extends AbstractProcessEnginePlugin {

    /** The end event of partner-registration.bpmn where the user exists. */
    static final String REGISTERED = "End_Registered";

    private final OperatorMetrics metrics;

    public ProcessMetricsPlugin(OperatorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new Handler());
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    private class Handler implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (!(event instanceof HistoricProcessInstanceEventEntity instance) || instance.getProcessDefinitionKey() == null) {
                return;
            }
            String key = instance.getProcessDefinitionKey();
            Runnable count;
            if (event.isEventOfType(HistoryEventTypes.PROCESS_INSTANCE_START)) {
                count = () -> {
                    metrics.processStarted(key);
                    if (RegistrationProcess.KEY.equals(key)) {
                        metrics.registrationStarted();
                    }
                };
            } else if (event.isEventOfType(HistoryEventTypes.PROCESS_INSTANCE_END)) {
                String end = instance.getEndActivityId() == null ? "none" : instance.getEndActivityId();
                count = () -> {
                    metrics.processEnded(key, end);
                    if (RegistrationProcess.KEY.equals(key) && REGISTERED.equals(end)) {
                        metrics.registrationCompleted();
                    }
                };
            } else {
                return;
            }
            CommandContext command = Context.getCommandContext();
            if (command == null) {
                count.run();
            } else {
                command.getTransactionContext().addTransactionListener(TransactionState.COMMITTED, committed -> count.run());
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}
