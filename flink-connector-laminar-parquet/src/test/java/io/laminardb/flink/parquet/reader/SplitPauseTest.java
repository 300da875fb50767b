package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watermark alignment pauses and resumes splits through {@link
 * ParquetSplitReader#pauseOrResumeSplits}: a paused split is not read until it is resumed, and then
 * goes on from where it stopped.
 */
class SplitPauseTest {

    @TempDir Path dir;

    private ParquetSplit a;
    private ParquetSplit b;
    private ParquetSplitReader reader;

    @BeforeEach
    void setUp() throws Exception {
        TradeFiles.write(dir.resolve("a.parquet"), 0, 30, 30);
        TradeFiles.write(dir.resolve("b.parquet"), 100, 30, 30);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).columns("id").build();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        List<ParquetSplit> splits;
        try {
            splits =
                    new SplitPlanner(executor, 1)
                            .plan(
                                    new FileDiscovery(dir.toString(), false)
                                            .discover(FileOrder.NAME));
        } finally {
            executor.shutdownNow();
        }
        assertThat(splits).hasSize(2);
        a = splits.get(0);
        b = splits.get(1);
        reader =
                new ParquetSplitReader(
                        source.getReadPlan(),
                        new ParquetSourceReaderMetrics(
                                UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                        SplitReadSettings.defaults(10));
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(a, b)));
    }

    @Test
    void aPausedSplitThatIsNotStartedIsPassedOverUntilResumed() throws Exception {
        reader.pauseOrResumeSplits(List.of(a), List.of());

        List<String> read = readUntilIdle();

        assertThat(read).hasSize(30).allMatch(r -> r.startsWith(b.splitId() + ":"));
        assertThat(read.get(0)).isEqualTo(b.splitId() + ":100");

        reader.pauseOrResumeSplits(List.of(), List.of(a));

        assertThat(readUntilIdle()).hasSize(30).allMatch(r -> r.startsWith(a.splitId() + ":"));
    }

    @Test
    void thePausedSplitBeingReadStopsAndGoesOnWhereItWas() throws Exception {
        List<String> first = fetch();
        assertThat(first).isNotEmpty().hasSizeLessThan(30);
        assertThat(first).containsExactly(ids(a, 0, first.size()));

        reader.pauseOrResumeSplits(List.of(a), List.of());
        // Nothing is read while the split being read is paused, not even the next split.
        assertThat(readUntilIdle()).isEmpty();

        reader.pauseOrResumeSplits(List.of(), List.of(a));
        List<String> rest = readUntilIdle();

        List<String> expected = new ArrayList<>(List.of(ids(a, first.size(), 30)));
        expected.addAll(List.of(ids(b, 100, 130)));
        assertThat(rest).containsExactlyElementsOf(expected);
    }

    // ------------------------------------------------------------------------------------------

    /** The records of one fetch as "splitId:id". */
    private List<String> fetch() throws Exception {
        RecordsWithSplitIds<ParquetBatch> records = reader.fetch();
        List<String> read = new ArrayList<>();
        String split;
        while ((split = records.nextSplit()) != null) {
            ParquetBatch batch;
            while ((batch = records.nextRecordFromSplit()) != null) {
                for (int k = 0; k < batch.numRows(); k++) {
                    read.add(split + ":" + batch.row(k).getLong(0));
                }
            }
        }
        return read;
    }

    /** Fetches until three fetches in a row return no record. */
    private List<String> readUntilIdle() throws Exception {
        List<String> read = new ArrayList<>();
        int empty = 0;
        while (empty < 3) {
            List<String> fetched = fetch();
            empty = fetched.isEmpty() ? empty + 1 : 0;
            read.addAll(fetched);
        }
        return read;
    }

    private static String[] ids(ParquetSplit split, long from, long to) {
        String[] ids = new String[(int) (to - from)];
        for (long id = from; id < to; id++) {
            ids[(int) (id - from)] = split.splitId() + ":" + id;
        }
        return ids;
    }
}
