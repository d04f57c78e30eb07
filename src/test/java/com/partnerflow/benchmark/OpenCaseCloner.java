package com.partnerflow.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes 100,000 open cases in seconds for the task-list figures: copies, in PostgreSQL, the runtime
 * rows of cases opened through the application (executions, the agent's task, its identity links
 * and the authorizations the engine made for it, process and task-local variables) under new ids, each copy created a second further back.
 * Opening 100,000 cases through the application costs about 20 ms of CPU each (half an hour on two
 * cores); the task list reads only these rows, so copies of real cases are the same load for it.
 * What a copy lacks (its case row, history, message subscription) no task-list query reads.
 */
final class OpenCaseCloner {

    /** Per table: the columns that hold ids of rows copied together, suffixed in every copy. */
    private static final Map<String, Set<String>> ID_COLUMNS = new LinkedHashMap<>();
    /** Per table: which of its rows belong to the template cases. */
    private static final Map<String, String> OF_TEMPLATE = Map.of(
            "act_ru_execution", "proc_inst_id_ IN (SELECT proc_inst_id_ FROM clone_template)",
            "act_ru_task", "id_ IN (SELECT id_ FROM clone_template)",
            "act_ru_identitylink", "task_id_ IN (SELECT id_ FROM clone_template)",
            "act_ru_authorization", "resource_id_ IN (SELECT id_ FROM clone_template)",
            "act_ru_variable", "proc_inst_id_ IN (SELECT proc_inst_id_ FROM clone_template)");

    static {
        // in insertion order: the foreign keys point backwards
        ID_COLUMNS.put("act_ru_execution", Set.of("id_", "proc_inst_id_", "parent_id_", "root_proc_inst_id_",
                "business_key_"));
        ID_COLUMNS.put("act_ru_task", Set.of("id_", "execution_id_", "proc_inst_id_"));
        ID_COLUMNS.put("act_ru_identitylink", Set.of("id_", "task_id_", "proc_inst_id_"));
        // the per-task grants: without them the copies would be tasks no agent holds, a lighter query
        ID_COLUMNS.put("act_ru_authorization", Set.of("id_", "resource_id_"));
        ID_COLUMNS.put("act_ru_variable", Set.of("id_", "execution_id_", "proc_inst_id_", "task_id_", "var_scope_"));
    }

    private OpenCaseCloner() {
    }

    /**
     * Copies every process instance waiting at {@code taskDefinitionKey} {@code copies} times, in one
     * transaction. Answers the number of such tasks afterwards.
     */
    static long cloneWaitingAt(BenchmarkSupport.Database db, String taskDefinitionKey, int copies) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement template = c.prepareStatement("CREATE TEMP TABLE clone_template ON COMMIT DROP AS"
                    + " SELECT id_, proc_inst_id_ FROM act_ru_task WHERE task_def_key_ = ?")) {
                template.setString(1, taskDefinitionKey);
                template.execute();
            }
            try (Statement s = c.createStatement()) {
                for (Map.Entry<String, Set<String>> table : ID_COLUMNS.entrySet()) {
                    s.execute(copyStatement(c, table.getKey(), table.getValue(), copies));
                }
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                for (String table : ID_COLUMNS.keySet()) {
                    s.execute("ANALYZE " + table);
                }
            }
            return db.single("SELECT count(*) FROM act_ru_task WHERE task_def_key_ = ?", taskDefinitionKey);
        } catch (SQLException e) {
            throw new IllegalStateException("cloning the open cases failed", e);
        }
    }

    private static String copyStatement(Connection c, String table, Set<String> idColumns, int copies)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String column = r.getString(1);
                    columns.add(column);
                    if (idColumns.contains(column)) {
                        values.add(column + " || '-c' || g");
                    } else if (table.equals("act_ru_task") && column.equals("create_time_")) {
                        values.add("create_time_ - g * interval '1 second'");
                    } else {
                        values.add(column);
                    }
                }
            }
        }
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + String.join(", ", values)
                + " FROM " + table + " CROSS JOIN generate_series(1, " + copies + ") AS g WHERE "
                + OF_TEMPLATE.get(table);
    }
}
