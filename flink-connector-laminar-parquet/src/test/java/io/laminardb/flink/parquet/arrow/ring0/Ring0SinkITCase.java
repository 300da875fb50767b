package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.AllTypesFiles;
import io.laminardb.flink.parquet.arrow.ArrowBatch;
import io.laminardb.flink.parquet.arrow.ArrowBatchSerializer;
import io.laminardb.flink.parquet.arrow.ArrowValues;
import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parquet -> Ring 0 in jobs on a MiniCluster: Arrow batches from {@code forArrow()} and rows from
 * {@code forRowData()} reach an in-process callback, every row once, with checkpoints and a slow
 * consumer; each subtask's consumer is flushed after its last batch, then closed.
 */
class Ring0SinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir static Path dir;

    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, List<String>> events = new ConcurrentHashMap<>();

    @BeforeAll
    static void writeFiles() throws Exception {
        AllTypesFiles.writeTwoPartitions(dir);
    }

    @AfterEach
    void cleanUp() {
        CallbackConsumer.unregister("test");
        assertThat(ArrowBatchSerializer.allocator().getAllocatedMemory()).isZero();
    }

    private void register(long sleepMillis) {
        CallbackConsumer.register(
                "test",
                new CallbackConsumer.Callback() {
                    @Override
                    public void accept(int subtask, ArrowBatch batch) throws Exception {
                        Thread.sleep(sleepMillis);
                        for (List<Object> row : ArrowValues.rows(batch.root())) {
                            received.add(row.toString());
                        }
                        events.computeIfAbsent(subtask, s -> new ArrayList<>()).add("batch");
                    }

                    @Override
                    public void flush(int subtask) {
                        events.computeIfAbsent(subtask, s -> new ArrayList<>()).add("flush");
                    }
                });
    }

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(50);
        env.getConfig().enableObjectReuse();
        return env;
    }

    private static List<String> expectedRows() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).build();
        Function<RowData, List<Object>> converter = ArrowValues.rowConverter(source.getRowType());
        List<String> rows = new ArrayList<>();
        env().fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .executeAndCollect("expected")
                .forEachRemaining(row -> rows.add(converter.apply(row).toString()));
        return rows;
    }

    private void assertEverySubtaskFlushedAfterItsLastBatch() {
        assertThat(events).isNotEmpty();
        events.forEach(
                (subtask, list) -> assertThat(list).as("subtask %s", subtask).endsWith("flush"));
    }

    @Test
    void arrowBatchesFromTheSourceReachTheCallback() throws Exception {
        register(0);
        StreamExecutionEnvironment env = env();
        env.fromSource(
                        LaminarParquetSource.forArrow().path(dir.toString()).batchSize(128).build(),
                        WatermarkStrategy.noWatermarks(),
                        "arrow")
                .sinkTo(Ring0Sink.forArrow(new CallbackConsumer("test")).withRingCapacity(2));
        env.execute("parquet -> ring0 (arrow)");
        assertThat(received).containsExactlyInAnyOrderElementsOf(expectedRows());
        assertEverySubtaskFlushedAfterItsLastBatch();
    }

    @Test
    void rowsAreConvertedAtTheBoundaryWithASlowConsumer() throws Exception {
        register(3);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).build();
        StreamExecutionEnvironment env = env();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .sinkTo(
                        Ring0Sink.forRowData(source.getRowType(), 100, new CallbackConsumer("test"))
                                .withRingCapacity(1));
        env.execute("parquet -> ring0 (rows)");
        assertThat(received).containsExactlyInAnyOrderElementsOf(expectedRows());
        assertEverySubtaskFlushedAfterItsLastBatch();
    }
}
