package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.testutils.NestedOrderFiles;
import io.laminardb.flink.parquet.testutils.RenderedValues;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that fails several times in the middle of reading, each time after a checkpoint taken
 * mid-split, and still emits every row exactly once with its exact content: flat rows, and rows of
 * nesting within nesting (arrays of rows holding arrays, maps of rows holding arrays), whose
 * readers skip to the restored row.
 */
class ExactlyOnceFailoverITCase {

    private static final int FILES = 6;
    private static final int ROWS_PER_FILE = 20_000;
    private static final int TOTAL = FILES * ROWS_PER_FILE;
    private static final int FAILURES = 4;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir Path dir;

    /** The data sets read; each row's content is a function of its id (column 0). */
    enum DataSet {
        TRADES,
        NESTED_ORDERS
    }

    @ParameterizedTest
    @EnumSource(DataSet.class)
    void everyRowExactlyOnceAcrossFailovers(DataSet data) throws Exception {
        for (int f = 0; f < FILES; f++) {
            Path file = dir.resolve("part-" + f + ".parquet");
            if (data == DataSet.TRADES) {
                TradeFiles.write(file, (long) f * ROWS_PER_FILE, ROWS_PER_FILE, 3_000);
            } else {
                NestedOrderFiles.write(file, (long) f * ROWS_PER_FILE, ROWS_PER_FILE, 3_000);
            }
        }
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).batchSize(97).build();
        RowType type = source.getRowType();

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, FAILURES + 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(3);
        env.enableCheckpointing(100);

        FailingMapper.reset();
        Map<Long, Integer> seen = new HashMap<>();
        try (CloseableIterator<RowData> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .map(new FailingMapper(type))
                        .returns(InternalTypeInfo.of(type))
                        .executeAndCollect()) {
            while (it.hasNext()) {
                RowData row = it.next();
                if (data == DataSet.TRADES) {
                    TradeRows.assertTrade(row, type);
                } else {
                    assertThat(RenderedValues.render(row, type))
                            .isEqualTo(NestedOrderFiles.expected(row.getLong(0)));
                }
                seen.merge(row.getLong(0), 1, Integer::sum);
            }
        }

        assertThat(FailingMapper.failures.get()).as("failures injected").isEqualTo(FAILURES);
        assertThat(seen).hasSize(TOTAL);
        assertThat(seen.values()).allMatch(count -> count == 1, "every id exactly once");
        for (long id = 0; id < TOTAL; id++) {
            assertThat(seen).containsKey(id);
        }
    }

    /**
     * Passes rows through (as deep copies), slowly (until the last failure) so that checkpoints
     * land mid-split, and throws once after each of the first {@link #FAILURES} checkpoints that
     * completed since the last failure: every restore starts from a position inside a split.
     */
    static final class FailingMapper implements MapFunction<RowData, RowData>, CheckpointListener {
        static final AtomicInteger failures = new AtomicInteger();
        static final AtomicInteger checkpointsSinceFailure = new AtomicInteger();

        private final RowDataSerializer copies;
        private long seenHere;

        FailingMapper(RowType type) {
            this.copies = new RowDataSerializer(type);
        }

        static void reset() {
            failures.set(0);
            checkpointsSinceFailure.set(0);
        }

        @Override
        public RowData map(RowData row) throws Exception {
            // Slow until every failure is injected, so the job cannot end before them.
            if (++seenHere % 10 == 0 && failures.get() < FAILURES) {
                Thread.sleep(1);
            }
            if (checkpointsSinceFailure.get() >= 2 && failures.get() < FAILURES) {
                synchronized (FailingMapper.class) {
                    if (checkpointsSinceFailure.get() >= 2 && failures.get() < FAILURES) {
                        checkpointsSinceFailure.set(0);
                        failures.incrementAndGet();
                        throw new RuntimeException("Injected failure " + failures.get());
                    }
                }
            }
            return copies.copy(row);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointsSinceFailure.incrementAndGet();
        }
    }
}
