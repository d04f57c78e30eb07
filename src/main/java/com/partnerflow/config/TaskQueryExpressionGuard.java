package com.partnerflow.config;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractExecuteFilterCmd;
import org.camunda.bpm.engine.impl.cmd.SaveFilterCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.FilterEntity;
import org.camunda.bpm.engine.query.Query;
import org.springframework.stereotype.Component;

/**
 * No caller's expression is ever evaluated in a task query: every {@code *Expression} parameter
 * ({@code assigneeExpression}, {@code candidateGroupExpression}, {@code dueBeforeExpression} …), at
 * any nesting depth, is refused with a {@link BadUserRequestException} (engine REST answers 400)
 * before the engine evaluates anything.
 *
 * <p>Why this exists: <b>expression injection through task-query parameters</b>, a known weakness
 * of Camunda 7.24 Community Edition, fixed only in an enterprise patch. The engine's own switches
 * ({@code enableExpressionsInAdhocQueries} and {@code enableExpressionsInStoredQueries}, both off
 * here) check the top level of a query only. An expression nested in {@code orQueries} is still
 * evaluated as JUEL, with reflective Java calls, i.e. code execution as the server's user: through
 * Tasklist's API and engine REST ({@code /task}), in a filter saved with such a query, and in a
 * filter run with an extending query ({@code /filter/{id}/list|count}), because
 * {@code TaskQueryImpl#extend} appends the or-queries of both unchecked.
 *
 * <p>Where: a command interceptor inside the engine, so every API of the webapps and engine REST
 * (and any Java caller) passes it. It inspects the commands that carry a caller's task query
 * before they run: an ad-hoc task query (the query is its own command), saving a filter, and
 * running a filter (the stored query, which may predate this guard, and the extending query).
 */
@Component
public class TaskQueryExpressionGuard extends AbstractProcessEnginePlugin {

    // 7.24 offers no getters for what these commands carry; checked at start-up, so an engine
    // upgrade that renames them stops the start instead of silently opening the hole again
    private static final Field SAVED_FILTER = field(SaveFilterCmd.class, "filter");
    private static final Field EXECUTED_FILTER_ID = field(AbstractExecuteFilterCmd.class, "filterId");
    private static final Field EXTENDING_QUERY = field(AbstractExecuteFilterCmd.class, "extendingQuery");

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        // post-command interceptors run inside the command context, so a filter can be read in
        // the command's own transaction (and entity cache) before the command runs
        configuration.setCustomPostCommandInterceptorsTxRequired(
                withGuard(configuration.getCustomPostCommandInterceptorsTxRequired()));
        configuration.setCustomPostCommandInterceptorsTxRequiresNew(
                withGuard(configuration.getCustomPostCommandInterceptorsTxRequiresNew()));
    }

    private static List<CommandInterceptor> withGuard(List<CommandInterceptor> interceptors) {
        List<CommandInterceptor> all = interceptors == null ? new ArrayList<>() : new ArrayList<>(interceptors);
        all.add(new Interceptor());
        return all;
    }

    /** The one refusal: the query itself and each of its or-queries must hold no expression. */
    static void refuseExpressions(Query<?, ?> query) {
        if (query == null) {
            return;
        }
        List<AbstractQuery<?, ?>> parts = new ArrayList<>();
        parts.add((AbstractQuery<?, ?>) query);
        if (query instanceof TaskQueryImpl taskQuery) {
            // getQueries() holds the query itself first, then every or-query (one level: the
            // engine refuses or() inside or())
            parts.addAll(taskQuery.getQueries());
        }
        for (AbstractQuery<?, ?> part : parts) {
            if (!part.getExpressions().isEmpty()) {
                String where = part == query ? "" : " in an or-query";
                throw new BadUserRequestException("Expressions are not accepted in task queries or filters (found "
                        + String.join(", ", part.getExpressions().keySet()) + where
                        + "). Give the values themselves, e.g. assignee instead of assigneeExpression.");
            }
        }
    }

    static class Interceptor extends CommandInterceptor {

        @Override
        public <T> T execute(Command<T> command) {
            if (command instanceof TaskQueryImpl query) {
                refuseExpressions(query);
            } else if (command instanceof SaveFilterCmd) {
                Filter filter = read(SAVED_FILTER, command);
                if (filter != null) {
                    refuseExpressions(filter.getQuery());
                }
            } else if (command instanceof AbstractExecuteFilterCmd) {
                refuseExpressions(read(EXTENDING_QUERY, command));
                String filterId = read(EXECUTED_FILTER_ID, command);
                if (filterId != null) {
                    // checks READ on the filter, as the command itself does
                    FilterEntity stored = Context.getCommandContext().getFilterManager().findFilterById(filterId);
                    if (stored != null) {
                        refuseExpressions(stored.getQuery());
                    }
                }
            }
            return next.execute(command);
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("The task-query expression guard does not fit this Camunda version: "
                    + type.getName() + " has no field '" + name + "'", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> V read(Field field, Object command) {
        try {
            return (V) field.get(command);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
