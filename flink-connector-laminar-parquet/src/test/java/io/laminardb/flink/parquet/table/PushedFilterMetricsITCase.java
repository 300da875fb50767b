package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.metrics.ParquetEnumeratorMetrics;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A filter pushed from SQL skips row groups: the source's metrics say how many. */
class PushedFilterMetricsITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir static Path dir;

    @BeforeAll
    static void writeFiles() throws Exception {
        // 2 files x 4 row groups of 250 rows; ids ascend, so statistics tell the groups apart.
        TradeFiles.write(dir.resolve("t/a.parquet"), 0, 1000, 250);
        TradeFiles.write(dir.resolve("t/b.parquet"), 1000, 1000, 250);
    }

    @Test
    void statisticsSkipRowGroups() throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("parallelism.default", "1");
        tEnv.executeSql(
                "CREATE TABLE t (id BIGINT, qty INT) WITH ('connector' = 'parquet', 'path' = '"
                        + dir.resolve("t").toUri()
                        + "')");
        TableResult result = tEnv.executeSql("SELECT id FROM t WHERE id >= 1100 AND id < 1200");
        List<Long> ids = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(row -> ids.add((Long) row.getField(0)));
        }
        assertThat(ids).hasSize(100).allMatch(id -> id >= 1100 && id < 1200);
        JobID job = result.getJobClient().orElseThrow().getJobID();

        assertThat(value(job, ParquetEnumeratorMetrics.ROW_GROUPS_TOTAL)).isEqualTo(8);
        assertThat(value(job, ParquetEnumeratorMetrics.ROW_GROUPS_PRUNED_BY_STATISTICS))
                .isEqualTo(7);
        assertThat(value(job, ParquetSourceReaderMetrics.ROW_GROUPS_READ)).isEqualTo(1);
    }

    private static long value(JobID job, String name) {
        Map<String, Metric> metrics = REPORTER.findMetrics(job, name);
        assertThat(metrics).as("metric %s", name).isNotEmpty();
        long sum = 0;
        for (Metric metric : metrics.values()) {
            if (metric instanceof Counter) {
                sum += ((Counter) metric).getCount();
            } else {
                sum += ((Number) ((Gauge<?>) metric).getValue()).longValue();
            }
        }
        return sum;
    }
}
