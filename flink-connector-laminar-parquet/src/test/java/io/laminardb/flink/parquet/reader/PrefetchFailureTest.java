package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.FlinkInputFile;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A prefetch that fails surfaces on the fetcher thread, naming the file and the row group. */
class PrefetchFailureTest {

    @TempDir Path dir;

    @Test
    void aFailedPrefetchFailsTheReadNamingTheFileAndRowGroup() throws Exception {
        Path file = dir.resolve("t.parquet");
        TradeFiles.write(file, 0, 10_000, 5_000);
        List<ParquetSplit> splits;
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            splits =
                    new SplitPlanner(executor, Long.MAX_VALUE)
                            .plan(
                                    new FileDiscovery(file.toString(), false)
                                            .discover(FileOrder.NAME));
        } finally {
            executor.shutdownNow();
        }
        ParquetSplit split = splits.get(0);
        long secondRowGroup =
                ParquetFooters.read(new FlinkInputFile(split.path()))
                        .getBlocks()
                        .get(1)
                        .getStartingPos();
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(file.toString()).columns("id", "ts").build();
        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        FooterCache footers = new FooterCache();
        try (SplitCursor warm =
                new SplitCursor(split, source.getReadPlan(), null, 1000, metrics, footers)) {
            // caches the footer
        }
        // The file loses the second row group's chunks: the first still reads, the prefetch of
        // the second hits the end of the file.
        try (RandomAccessFile truncated = new RandomAccessFile(file.toFile(), "rw")) {
            truncated.setLength(secondRowGroup + 10);
        }
        List<Long> ids = new ArrayList<>();
        try (PrefetchThread prefetch = new PrefetchThread();
                SplitCursor cursor =
                        new SplitCursor(
                                split,
                                source.getReadPlan(),
                                null,
                                metrics,
                                footers,
                                SplitReadSettings.defaults(1000)
                                        .withRangeReads(new RangeReadSettings(0, 64L << 20)),
                                prefetch)) {
            assertThatThrownBy(() -> SplitReads.drain(cursor, split, 0, r -> ids.add(r.getLong(0))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("prefetch")
                    .hasMessageContaining(split.path().toString())
                    .hasMessageContaining("row group 1");
        }
        assertThat(ids).hasSize(5_000);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(i);
        }
    }
}
