package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.annotation.Nullable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A split checkpointed while its next row group is being fetched ahead resumes at exactly the next
 * row: reading up to a position, closing (the prefetch is dropped), and reading on from that
 * position gives every row of the file once, in order.
 */
class PrefetchResumeTest {

    private static final int ROWS = 20_000;

    @TempDir static Path dir;
    private static ParquetSplit split;

    @BeforeAll
    static void write() throws Exception {
        TradeFiles.write(dir.resolve("t.parquet"), 0, ROWS, 5_000);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<ParquetSplit> splits =
                    new SplitPlanner(executor, Long.MAX_VALUE)
                            .plan(
                                    new FileDiscovery(dir.toString(), false)
                                            .discover(FileOrder.NAME));
            assertThat(splits).hasSize(1);
            split = splits.get(0);
        } finally {
            executor.shutdownNow();
        }
    }

    /** Reads from the split's position, stopping after {@code stopAfter} rows (0: to the end). */
    @Nullable
    private static ParquetSplit readFrom(
            ParquetSplit from, int batchSize, int stopAfter, List<Long> ids) throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).columns("id", "qty").build();
        try (PrefetchThread prefetch = new PrefetchThread();
                SplitCursor cursor =
                        new SplitCursor(
                                from,
                                source.getReadPlan(),
                                null,
                                new ParquetSourceReaderMetrics(
                                        UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                                new FooterCache(),
                                SplitReadSettings.defaults(batchSize)
                                        .withRangeReads(new RangeReadSettings(1L << 20, 64L << 20)),
                                prefetch)) {
            return SplitReads.drain(
                    cursor,
                    from,
                    stopAfter,
                    row -> {
                        assertThat(row.getInt(1)).isEqualTo((int) (1 + row.getLong(0) % 500));
                        ids.add(row.getLong(0));
                    });
        }
    }

    private static void assertEveryRowOnceInOrder(List<Long> ids) {
        assertThat(ids).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(ids.get(i)).isEqualTo(i);
        }
    }

    @Test
    void resumesMidRowGroupWithPrefetchOn() throws Exception {
        List<Long> ids = new ArrayList<>();
        // 7,007 rows: inside row group 1, while row group 2 is fetched ahead
        ParquetSplit checkpoint = readFrom(split, 7, 7_000, ids);
        assertThat(checkpoint).isNotNull();
        assertThat(checkpoint.nextRowGroup()).isEqualTo(1);
        assertThat(checkpoint.rowsToSkip()).isEqualTo(ids.size() - 5_000);
        assertThat(readFrom(checkpoint, 7, 0, ids)).isNull();
        assertEveryRowOnceInOrder(ids);
    }

    @Test
    void resumesAtARowGroupBoundaryAndAgainAfterTheRestore() throws Exception {
        List<Long> ids = new ArrayList<>();
        ParquetSplit first = readFrom(split, 1000, 5_000, ids);
        assertThat(first.nextRowGroup()).isEqualTo(1);
        assertThat(first.rowsToSkip()).isZero();
        ParquetSplit second = readFrom(first, 333, 8_000, ids);
        assertThat(second).isNotNull();
        assertThat(readFrom(second, 4096, 0, ids)).isNull();
        assertEveryRowOnceInOrder(ids);
    }
}
