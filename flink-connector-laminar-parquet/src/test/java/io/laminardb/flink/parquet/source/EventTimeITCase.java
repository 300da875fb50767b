package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code eventTimeColumn}: every record carries its row's event time as its timestamp. */
class EventTimeITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @TempDir Path dir;

    @Test
    void recordsCarryTheColumnAsTimestamp() throws Exception {
        TradeFiles.write(dir.resolve("a.parquet"), 0, 500, 100);
        TradeFiles.write(dir.resolve("b.parquet"), 500, 300, 100);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.toUri().toString())
                        .columns("id", "ts")
                        .eventTimeColumn("ts")
                        .batchSize(64)
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<long[]> stamped =
                env.fromSource(source, WatermarkStrategy.forMonotonousTimestamps(), "parquet")
                        .process(
                                new ProcessFunction<RowData, long[]>() {
                                    @Override
                                    public void processElement(
                                            RowData row, Context ctx, Collector<long[]> out) {
                                        out.collect(new long[] {row.getLong(0), ctx.timestamp()});
                                    }
                                });
        List<long[]> rows = new ArrayList<>();
        try (CloseableIterator<long[]> it = stamped.executeAndCollect()) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(800);
        for (long[] row : rows) {
            assertThat(row[1]).as("timestamp of id %d", row[0]).isEqualTo(TradeFiles.ts(row[0]));
        }
    }
}
