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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watermark alignment as docs/datastream.md shows it: the source runs with {@code
 * withWatermarkAlignment}, a reader far ahead of its group is held back (its split paused) until
 * the other reader has finished, and every row is read once with its timestamp.
 */
class WatermarkAlignmentITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    private static final int ROWS = 1000;

    /** The ids of the file far ahead in event time (a day and more). */
    private static final long AHEAD = 100_000;

    @TempDir Path dir;

    @Test
    void aReaderAheadOfItsGroupIsPausedAndEveryRowIsRead() throws Exception {
        readAligned(SourceMode.BOUNDED);
    }

    /**
     * The same in continuous mode, where the reader that finished a.parquet waits for new files and
     * marks itself idle: the paused reader must then resume (an idle reader does not hold the
     * group's watermark back), or the test times out.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReaderAheadOfItsGroupIsPausedAndResumesInContinuousMode() throws Exception {
        readAligned(SourceMode.CONTINUOUS);
    }

    private void readAligned(SourceMode mode) throws Exception {
        TradeFiles.write(dir.resolve("a.parquet"), 0, ROWS, ROWS);
        TradeFiles.write(dir.resolve("b.parquet"), AHEAD, ROWS, ROWS);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.toUri().toString())
                        .columns("id", "ts")
                        .eventTimeColumn("ts")
                        .batchSize(16)
                        .mode(mode)
                        .pollInterval(Duration.ofMillis(100))
                        .build();
        WatermarkStrategy<RowData> watermarks =
                WatermarkStrategy.<RowData>forMonotonousTimestamps()
                        .withWatermarkAlignment(
                                "parquet", Duration.ofSeconds(1), Duration.ofMillis(20));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.getConfig().setAutoWatermarkInterval(20);
        // Chained to the source: about 1 ms per row, so each reader needs a second or more.
        DataStream<long[]> read =
                env.fromSource(source, watermarks, "parquet")
                        .process(
                                new ProcessFunction<RowData, long[]>() {
                                    @Override
                                    public void processElement(
                                            RowData row, Context ctx, Collector<long[]> out)
                                            throws Exception {
                                        Thread.sleep(1);
                                        out.collect(
                                                new long[] {
                                                    row.getLong(0),
                                                    ctx.timestamp(),
                                                    System.nanoTime()
                                                });
                                    }
                                });
        List<long[]> rows = new ArrayList<>();
        try (CloseableIterator<long[]> it = read.executeAndCollect()) {
            // A continuous read never ends: take the rows of both files, then stop it.
            while (rows.size() < 2 * ROWS && it.hasNext()) {
                rows.add(it.next());
            }
        }

        assertThat(rows).hasSize(2 * ROWS);
        assertThat(rows.stream().mapToLong(r -> r[0]).distinct().count()).isEqualTo(2L * ROWS);
        for (long[] row : rows) {
            assertThat(row[1]).as("timestamp of id %d", row[0]).isEqualTo(TradeFiles.ts(row[0]));
        }
        // Unaligned, both readers read at the same pace and end together. Aligned, the reader of
        // b.parquet is paused once the group's watermark is known, and resumes only when a.parquet
        // is read (its reader's watermark then ends the group's minimum).
        long aEnds = rows.stream().filter(r -> r[0] < AHEAD).mapToLong(r -> r[2]).max().getAsLong();
        long bRowsAfter = rows.stream().filter(r -> r[0] >= AHEAD && r[2] > aEnds).count();
        assertThat(bRowsAfter)
                .as("rows of b.parquet read after the last row of a.parquet")
                .isGreaterThan(ROWS / 4);
    }
}
