package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.AllTypesFiles;
import io.laminardb.flink.parquet.arrow.ArrowValues;
import io.laminardb.flink.parquet.metrics.Ring0WriterMetrics;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.testutils.SlowLocalFileSystem;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code INSERT INTO} an {@code 'arrow-ipc'} table from a {@code 'parquet'} table of every type:
 * the committed Arrow IPC files, read back by Arrow Java and by Arrow's JavaScript implementation
 * (npm {@code apache-arrow}), hold the Parquet rows row for row; in batch mode, and in streaming
 * mode with checkpoints and a failure injected after a checkpoint completed (exactly once); and
 * with an output so slow that the query waits for it (back-pressure through the ring, no row lost,
 * the ring never over its capacity).
 */
class ArrowIpcSqlSinkITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir static Path input;
    @TempDir Path output;

    private static RowType rowType;
    private static List<List<Object>> expected;

    /** The output directory the failing function watches for a committed file. */
    private static volatile String watched;

    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @BeforeAll
    static void writeFiles() throws Exception {
        AllTypesFiles.writeTwoPartitions(input);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(input.toString()).build();
        rowType = source.getRowType();
        Function<RowData, List<Object>> converter = ArrowValues.rowConverter(rowType);
        expected = new ArrayList<>();
        StreamExecutionEnvironment.getExecutionEnvironment()
                .fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .executeAndCollect("expected")
                .forEachRemaining(row -> expected.add(converter.apply(row)));
        assertThat(expected).hasSize(2200);
    }

    /** Passes the id on; slows the job, and fails once after a file was committed. */
    public static final class FailOnce extends ScalarFunction {
        public int eval(int id) throws Exception {
            Thread.sleep(1);
            if (!FAILED.get() && id % 10 == 0) {
                try (Stream<Path> files = Files.list(Path.of(watched))) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".arrows"))
                            && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure");
                    }
                }
            }
            return id;
        }
    }

    private static String columns() {
        return rowType.getFields().stream()
                .map(f -> "`" + f.getName() + "` " + f.getType().asSerializableString())
                .collect(Collectors.joining(",\n  "));
    }

    private void createTables(TableEnvironment tEnv) {
        createTables(tEnv, output.toString(), 100);
    }

    private void createTables(TableEnvironment tEnv, String outputPath, int batchSize) {
        tEnv.executeSql(
                "CREATE TABLE pq (\n  "
                        + columns()
                        + "\n) PARTITIONED BY (region) WITH ('connector' = 'parquet', 'path' = '"
                        + input
                        + "')");
        tEnv.executeSql(
                "CREATE TABLE arrow_out (\n  "
                        + columns()
                        + "\n) WITH ('connector' = 'arrow-ipc', 'path' = '"
                        + outputPath
                        + "', 'sink.batch-size' = '"
                        + batchSize
                        + "', 'sink.ring-capacity' = '2')");
    }

    @Test
    void batchInsertWritesEveryParquetRow() throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("parallelism.default", "2");
        createTables(tEnv);
        tEnv.executeSql("INSERT INTO arrow_out SELECT * FROM pq").await();
        checkOutput();
    }

    @Test
    void aSlowOutputBackPressuresTheInsertAndLosesNothing() throws Exception {
        // The output lets 4 KiB through per 5 ms: under 1 MB/s, about 45 ms per batch here.
        SlowLocalFileSystem.setWriteDelayMillis(5);
        try {
            TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
            tEnv.getConfig().set("parallelism.default", "2");
            createTables(tEnv, SlowLocalFileSystem.uri(output), 100);
            TableResult result = tEnv.executeSql("INSERT INTO arrow_out SELECT * FROM pq");
            result.await();
            JobID job = result.getJobClient().orElseThrow().getJobID();
            long slept = SlowLocalFileSystem.sleptMillis();
            // 2200 rows in 22 batches over 2 subtasks: the writers offered far faster than the
            // output took, so they spent most of the output's time waiting on a full ring
            // (the task thread blocked: back-pressure upstream), and no ring ever held more than
            // its capacity of 2 batches (memory bounded by 2 batches per subtask and the one at
            // the consumer).
            assertThat(slept).as("time the output slept").isGreaterThan(500);
            Map<String, Metric> waited =
                    REPORTER.findMetrics(job, Ring0WriterMetrics.FULL_WAIT_TIME_MS);
            assertThat(waited).as("subtasks reporting %s", waited.keySet()).hasSize(2);
            // Not counted: the first 3 batches of each subtask (into the ring and the consumer)
            // and the wait for the last ones at the end of input (a flush, not a full ring).
            assertThat(sum(waited))
                    .as("ms waited on a full ring, of %s ms the output slept", slept)
                    .isGreaterThan(slept / 4);
            Map<String, Metric> maxQueued =
                    REPORTER.findMetrics(job, Ring0WriterMetrics.MAX_BATCHES_QUEUED);
            assertThat(maxQueued).hasSize(2);
            List<Integer> maxima = new ArrayList<>();
            for (Metric max : maxQueued.values()) {
                maxima.add((Integer) ((Gauge<?>) max).getValue());
            }
            assertThat(maxima).allMatch(max -> max <= 2).contains(2);
        } finally {
            SlowLocalFileSystem.setWriteDelayMillis(0);
        }
        checkOutput();
    }

    private static long sum(Map<String, Metric> gauges) {
        long sum = 0;
        for (Metric gauge : gauges.values()) {
            sum += ((Number) ((Gauge<?>) gauge).getValue()).longValue();
        }
        return sum;
    }

    @Test
    void streamingInsertWithAFailureCommitsEveryRowOnce() throws Exception {
        FAILED.set(false);
        watched = output.toString();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        createTables(tEnv);
        tEnv.createTemporarySystemFunction("fail_once", FailOnce.class);
        String select =
                rowType.getFieldNames().stream()
                        .map(n -> n.equals("id") ? "fail_once(id)" : "`" + n + "`")
                        .collect(Collectors.joining(", "));
        tEnv.executeSql("INSERT INTO arrow_out SELECT " + select + " FROM pq").await();
        assertThat(FAILED).as("the failure was injected").isTrue();
        checkOutput();
    }

    private void checkOutput() throws Exception {
        List<Path> committed = files(".arrows");
        assertThat(committed).isNotEmpty();
        assertThat(files(".inprogress")).as("in-progress files left").isEmpty();
        List<List<Object>> read = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (Path file : committed) {
                try (InputStream in = Files.newInputStream(file);
                        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
                    while (reader.loadNextBatch()) {
                        read.addAll(ArrowValues.rows(reader.getVectorSchemaRoot()));
                    }
                }
            }
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);

        List<String> fromJavaScript = ArrowIpcExactlyOnceITCase.readWithArrowJs(committed);
        List<String> expectedSubset =
                expected.stream()
                        .map(r -> r.get(0) + "|" + r.get(11) + "|" + r.get(7) + "|" + r.get(5))
                        .collect(Collectors.toList());
        assertThat(fromJavaScript).containsExactlyInAnyOrderElementsOf(expectedSubset);
    }

    private List<Path> files(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
