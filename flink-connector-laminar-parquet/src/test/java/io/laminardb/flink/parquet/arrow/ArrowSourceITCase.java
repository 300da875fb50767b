package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code forArrow()} in jobs on a MiniCluster: the batches a downstream operator receives hold the
 * rows {@code forRowData()} emits, whether it is chained with object reuse (the batch itself),
 * chained without (a copy by {@link ArrowBatchSerializer}) or behind a rebalance (Arrow IPC over
 * the network). Every operator closes what it receives; readers close their allocators with leak
 * checking (a leak fails the job), and the serializer's allocator holds nothing afterwards.
 */
class ArrowSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir static Path dir;

    @BeforeAll
    static void writeFiles() throws Exception {
        AllTypesFile.write(dir.resolve("region=eu/a.parquet"), 0, 1500);
        AllTypesFile.write(dir.resolve("region=us/b.parquet"), 1500, 700);
    }

    @AfterEach
    void nothingLeftInTheSerializersAllocator() {
        assertThat(ArrowBatchSerializer.allocator().getAllocatedMemory()).isZero();
    }

    private static StreamExecutionEnvironment env(boolean objectReuse) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        } else {
            env.getConfig().disableObjectReuse();
        }
        return env;
    }

    private static List<String> rowDataRows() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).build();
        Function<RowData, List<Object>> converter = ArrowValues.rowConverter(source.getRowType());
        List<String> rows = new ArrayList<>();
        env(true)
                .fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .executeAndCollect("rowdata")
                .forEachRemaining(row -> rows.add(converter.apply(row).toString()));
        return rows;
    }

    /** Each row of a batch as text, marked with whether the batch came from the serializer. */
    private static final class BatchRows implements FlatMapFunction<ArrowBatch, String> {
        @Override
        public void flatMap(ArrowBatch batch, Collector<String> out) {
            try (batch) {
                boolean madeBySerializer =
                        batch.root().getVector(0).getAllocator()
                                == ArrowBatchSerializer.allocator();
                for (List<Object> row : ArrowValues.rows(batch.root())) {
                    out.collect(madeBySerializer + "|" + row);
                }
            }
        }
    }

    private static List<String> arrowRows(boolean objectReuse, boolean rebalance) throws Exception {
        DataStream<ArrowBatch> batches =
                env(objectReuse)
                        .fromSource(
                                LaminarParquetSource.forArrow()
                                        .path(dir.toString())
                                        .batchSize(300)
                                        .build(),
                                WatermarkStrategy.noWatermarks(),
                                "arrow");
        if (rebalance) {
            batches = batches.rebalance();
        }
        List<String> rows = new ArrayList<>();
        batches.flatMap(new BatchRows())
                .returns(Types.STRING)
                .executeAndCollect("arrow reuse=" + objectReuse + " rebalance=" + rebalance)
                .forEachRemaining(rows::add);
        return rows;
    }

    private static List<String> marked(boolean madeBySerializer, List<String> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(madeBySerializer + "|" + r));
        return out;
    }

    @Test
    void chainedWithObjectReuseTheOperatorGetsTheBatchItself() throws Exception {
        List<String> expected = rowDataRows();
        assertThat(expected).hasSize(2200);
        assertThat(arrowRows(true, false))
                .containsExactlyInAnyOrderElementsOf(marked(false, expected));
    }

    @Test
    void chainedWithoutObjectReuseTheOperatorGetsACopy() throws Exception {
        assertThat(arrowRows(false, false))
                .containsExactlyInAnyOrderElementsOf(marked(true, rowDataRows()));
    }

    @Test
    void behindARebalanceBatchesCrossTheNetworkAsArrowIpc() throws Exception {
        assertThat(arrowRows(true, true))
                .containsExactlyInAnyOrderElementsOf(marked(true, rowDataRows()));
    }
}
