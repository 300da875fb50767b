package io.laminardb.flink.parquet.testutils;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;

/** What the SQL tests share: a MiniCluster, a table environment, a query's rows. */
public final class SqlTables {

    private SqlTables() {}

    /** A MiniCluster of one task manager with this many slots. */
    public static MiniClusterExtension cluster(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    /** A table environment in Flink's streaming or batch runtime mode. */
    public static TableEnvironment env(boolean streaming) {
        return TableEnvironment.create(
                streaming
                        ? EnvironmentSettings.inStreamingMode()
                        : EnvironmentSettings.inBatchMode());
    }

    /** Every row of the query's result (a streaming query's changes, in order). */
    public static List<Row> collect(TableEnvironment tEnv, String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
