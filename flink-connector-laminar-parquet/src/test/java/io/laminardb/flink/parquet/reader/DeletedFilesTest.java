package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file deleted before it is read is skipped with a warning and a metric, in both modes: by the
 * planner when it is gone before its footer is read ({@code deletedFilesSkipped}), by the reader
 * when it is gone before its split is read ({@code deletedSplitsSkipped}). The other files are read
 * whole, and the skipped split finishes, so the job goes on.
 */
class DeletedFilesTest {

    @TempDir Path dir;

    private final ExecutorService footerReaders = Executors.newSingleThreadExecutor();

    @AfterEach
    void shutDown() {
        footerReaders.shutdownNow();
    }

    @Test
    void aFileDeletedAfterItWasListedIsLeftOutOfThePlanAndCounted() throws Exception {
        Path a = dir.resolve("a.parquet");
        TradeFiles.write(a, 0, 30, 30);
        TradeFiles.write(dir.resolve("b.parquet"), 100, 30, 30);
        List<DiscoveredFile> listed =
                new FileDiscovery(dir.toString(), false).discover(FileOrder.NAME);
        Files.delete(a);

        SplitPlanner planner = new SplitPlanner(footerReaders, 1);
        List<ParquetSplit> splits = planner.plan(listed);

        assertThat(splits)
                .extracting(ParquetSplit::path)
                .allMatch(p -> p.toString().endsWith("b.parquet"));
        assertThat(splits).hasSize(1);
        assertThat(planner.deletedFilesSkipped()).isOne();
        assertThat(planner.corruptFilesSkipped()).isZero();
    }

    @Test
    void aFileDeletedAfterItWasPlannedIsSkippedByTheReaderAndCounted() throws Exception {
        Path a = dir.resolve("a.parquet");
        TradeFiles.write(a, 0, 30, 30);
        TradeFiles.write(dir.resolve("b.parquet"), 100, 30, 30);
        List<ParquetSplit> splits =
                new SplitPlanner(footerReaders, 1)
                        .plan(new FileDiscovery(dir.toString(), false).discover(FileOrder.NAME));
        assertThat(splits).hasSize(2);
        Files.delete(a);

        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        Set<String> finished = new HashSet<>();
        List<Long> ids = readIds(splits, metrics, finished, () -> {});

        List<Long> expected = new ArrayList<>();
        for (long id = 100; id < 130; id++) {
            expected.add(id);
        }
        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(finished)
                .containsExactlyInAnyOrder(splits.get(0).splitId(), splits.get(1).splitId());
        assertThat(metrics.deletedSplitsSkippedCount()).isOne();
    }

    @Test
    void aFileDeletedBetweenTwoOfItsSplitsIsSkippedThoughItsFooterIsCached() throws Exception {
        Path a = dir.resolve("a.parquet");
        TradeFiles.write(a, 0, 60, 30); // two row groups: two splits of one file
        List<ParquetSplit> splits =
                new SplitPlanner(footerReaders, 1)
                        .plan(new FileDiscovery(dir.toString(), false).discover(FileOrder.NAME));
        assertThat(splits).hasSize(2);

        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        Set<String> finished = new HashSet<>();
        List<Long> ids =
                readIds(
                        splits,
                        metrics,
                        finished,
                        () -> {
                            if (finished.size() == 1 && Files.exists(a)) {
                                // the first split is read: its footer is in the reader's cache
                                Files.delete(a);
                            }
                        });

        List<Long> expected = new ArrayList<>();
        for (long id = 0; id < 30; id++) {
            expected.add(id);
        }
        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(finished)
                .containsExactlyInAnyOrder(splits.get(0).splitId(), splits.get(1).splitId());
        assertThat(metrics.deletedSplitsSkippedCount()).isOne();
    }

    /** A step run after each fetch. */
    private interface AfterFetch {
        void run() throws Exception;
    }

    /**
     * Reads the splits' {@code id} column with one split reader until every split finished (adding
     * the finished ones to {@code finished}), running {@code afterFetch} after each fetch.
     */
    private List<Long> readIds(
            List<ParquetSplit> splits,
            ParquetSourceReaderMetrics metrics,
            Set<String> finished,
            AfterFetch afterFetch)
            throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).columns("id").build();
        ParquetSplitReader reader =
                new ParquetSplitReader(
                        source.getReadPlan(), metrics, SplitReadSettings.defaults(10));
        reader.handleSplitsChanges(new SplitsAddition<>(splits));
        List<Long> ids = new ArrayList<>();
        for (int fetches = 0; finished.size() < splits.size() && fetches < 100; fetches++) {
            RecordsWithSplitIds<ParquetBatch> records = reader.fetch();
            finished.addAll(records.finishedSplits());
            while (records.nextSplit() != null) {
                ParquetBatch batch;
                while ((batch = records.nextRecordFromSplit()) != null) {
                    for (int k = 0; k < batch.numRows(); k++) {
                        ids.add(batch.row(k).getLong(0));
                    }
                }
            }
            afterFetch.run();
        }
        reader.close();
        return ids;
    }
}
