package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.plan.MetadataColumn;
import io.laminardb.flink.parquet.testutils.ArrivingFiles;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Continuous mode on a MiniCluster: files arriving while the job runs (renamed into place, written
 * slowly in place, in a partition directory that appears later) are each read exactly once, files
 * that must never be read (hidden, {@code _temporary}) are not, a file deleted before it is read is
 * skipped and the job goes on, and a reader waiting for new files does not hold back event time.
 */
class ContinuousReadITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void filesArrivingWhileTheJobRunsAreReadOnceEach() throws Exception {
        ArrivingFiles files = new ArrivingFiles(dir);
        files.renameIntoPlace("day=2024-01-01/a.parquet", 0, 500);
        files.renameIntoPlace("day=2024-01-01/b.parquet", 500, 500);
        LaminarParquetSource<RowData> source = continuousSource().build();
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        RowType type = source.getRowType();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Map<Long, String> seen = new HashMap<>();
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .executeAndCollect("continuous")) {
            read(rows, type, seen, 1_000);

            // Never read: hidden files and directories, _temporary, a file's in-progress name.
            TradeFiles.write(dir.resolve("day=2024-01-01/.hidden.parquet"), 9_000, 10, 10);
            TradeFiles.write(dir.resolve("day=2024-01-01/_SUCCESS.parquet"), 9_100, 10, 10);
            TradeFiles.write(
                    dir.resolve("day=2024-01-01/_temporary/0/part-0.parquet"), 9_200, 10, 10);
            // Read once each: a file renamed into place, a file in a new partition directory,
            // and one written slowly in place (it has no footer for a while).
            files.renameIntoPlace("day=2024-01-01/c.parquet", 1_000, 300);
            files.renameIntoPlace("day=2024-01-02/d.parquet", 1_300, 200);
            files.writeSlowlyInPlace("day=2024-01-02/e.parquet", 1_500, 500, 1_000);
            read(rows, type, seen, 2_000);

            // A sentinel written last: every row read before it is accounted for, so a row read
            // twice would have shown up by now.
            files.renameIntoPlace("day=2024-01-03/z.parquet", 10_000, 10);
            read(rows, type, seen, 2_010);
        }

        for (long id = 0; id < 2_000; id++) {
            assertThat(seen).containsKey(id);
        }
        assertThat(seen.get(0L)).isEqualTo("2024-01-01");
        assertThat(seen.get(1_300L)).isEqualTo("2024-01-02");
        assertThat(seen.get(1_999L)).isEqualTo("2024-01-02");
        assertThat(seen.keySet()).noneMatch(id -> id >= 9_000 && id < 10_000);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFileDeletedBeforeItIsReadIsSkippedAndTheJobGoesOn() throws Exception {
        ArrivingFiles files = new ArrivingFiles(dir);
        files.renameIntoPlace("day=2024-01-01/a.parquet", 0, 500);
        Path b = files.renameIntoPlace("day=2024-01-01/b.parquet", 500, 500);
        LaminarParquetSource<RowData> source =
                continuousSource().fileOrder(FileOrder.NAME).batchSize(10).build();
        RowType type = source.getRowType();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Map<Long, String> seen = new HashMap<>();
        Gate.reset();
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .map(new Gate(), source.getProducedType())
                        .executeAndCollect("continuous, a file deleted")) {
            // The first row of a.parquet is held in the pipeline: the one reader is still in
            // a.parquet (its fetcher waits on a full queue of 10-row batches) when b.parquet,
            // listed at the same time, is deleted.
            assertThat(Gate.entered.await(60, TimeUnit.SECONDS)).isTrue();
            Files.delete(b);
            Gate.release.countDown();
            read(rows, type, seen, 500);

            // The job goes on: a file arriving later is read.
            files.renameIntoPlace("day=2024-01-02/c.parquet", 1_000, 100);
            read(rows, type, seen, 600);
        }

        for (long id = 0; id < 500; id++) {
            assertThat(seen).containsKey(id);
        }
        for (long id = 1_000; id < 1_100; id++) {
            assertThat(seen).containsKey(id);
        }
        assertThat(seen.keySet()).noneMatch(id -> id >= 500 && id < 1_000);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReaderWaitingForNewFilesDoesNotHoldBackEventTime() throws Exception {
        // 600 trades one second apart: ten one-minute windows. One split, two readers: the
        // reader without a split must not keep the windows from closing.
        Files.createDirectories(dir.resolve("day=2024-01-01"));
        TradeFiles.write(dir.resolve("day=2024-01-01/a.parquet"), 0, 600, 600);
        LaminarParquetSource<RowData> source =
                continuousSource().eventTimeColumn("ts").batchSize(50).build();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.getConfig().setAutoWatermarkInterval(20);
        List<String> windows = new ArrayList<>();
        try (CloseableIterator<String> counts =
                env.fromSource(
                                source,
                                WatermarkStrategy.<RowData>forMonotonousTimestamps(),
                                "parquet")
                        // slow, so that periodic watermarks are emitted while the split is read
                        .map(new Slowly())
                        .returns(source.getProducedType())
                        .windowAll(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                        .process(new CountPerWindow())
                        .executeAndCollect("windows")) {
            // The last window holds the newest trade, so the watermark stays inside it; the nine
            // before it close while the job waits for new files.
            for (int w = 0; w < 9; w++) {
                assertThat(counts.hasNext()).isTrue();
                windows.add(counts.next());
            }
        }

        assertThat(windows)
                .containsExactly(
                        "0:60", "1:60", "2:60", "3:60", "4:60", "5:60", "6:60", "7:60", "8:60");
    }

    /**
     * A projection, a filter on a file column and on the partition column, and a metadata column
     * apply to files that arrive later as to the first ones: the new partition directory the filter
     * rules out is not read at all, and the rows of the others are exactly those that pass, with
     * their values, partition and file name. One reader, files in name order: when the sentinel's
     * rows are in, every file listed before it was read.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void projectionFiltersAndMetadataColumnsApplyToNewFiles() throws Exception {
        ArrivingFiles files = new ArrivingFiles(dir);
        files.renameIntoPlace("day=2024-01-01/a.parquet", 0, 400);
        LaminarParquetSource<RowData> source =
                continuousSource()
                        .columns("id", "symbol", "price", "day")
                        .metadataColumn(MetadataColumn.FILE_NAME)
                        .filter(
                                ParquetFilter.and(
                                        ParquetFilter.eq("symbol", "GOOG"),
                                        ParquetFilter.notEq("day", "2024-01-02")))
                        .build();
        RowType type = source.getRowType();
        assertThat(type.getFieldNames())
                .containsExactly("id", "symbol", "price", "day", "file.name");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Map<Long, String> seen = new HashMap<>();
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .executeAndCollect("continuous filtered")) {
            readFiltered(rows, seen, 50);
            files.renameIntoPlace("day=2024-01-02/b.parquet", 400, 400); // ruled out by day
            files.renameIntoPlace("day=2024-01-03/c.parquet", 800, 400);
            files.renameIntoPlace("day=2024-01-03/z.parquet", 10_000, 16); // the sentinel
            readFiltered(rows, seen, 50 + 50 + 2);
        }

        Map<Long, String> expected = new HashMap<>();
        for (long id = 0; id < 1_200; id++) {
            if (TradeFiles.symbol(id).equals("GOOG") && (id < 400 || id >= 800)) {
                expected.put(id, (id < 400 ? "2024-01-01 a" : "2024-01-03 c") + ".parquet");
            }
        }
        expected.put(10_002L, "2024-01-03 z.parquet");
        expected.put(10_010L, "2024-01-03 z.parquet");
        assertThat(seen).isEqualTo(expected);
    }

    /** Reads filtered rows until {@code total} were seen, checking each row's values. */
    private static void readFiltered(
            CloseableIterator<RowData> rows, Map<Long, String> seen, int total) {
        while (seen.size() < total) {
            assertThat(rows.hasNext()).isTrue();
            RowData row = rows.next();
            long id = row.getLong(0);
            assertThat(row.getString(1).toString()).isEqualTo(TradeFiles.symbol(id));
            assertThat(row.getDouble(2)).isEqualTo(TradeFiles.price(id));
            String previous = seen.put(id, row.getString(3) + " " + row.getString(4));
            assertThat(previous).as("id %s read twice", id).isNull();
        }
    }

    private LaminarParquetSourceBuilder<RowData> continuousSource() {
        return LaminarParquetSource.forRowData()
                .path(dir.toString())
                .partitionColumn("day", VarCharType.STRING_TYPE)
                .mode(SourceMode.CONTINUOUS)
                .pollInterval(Duration.ofMillis(100))
                .settleWindow(Duration.ofMinutes(5));
    }

    /** Reads rows until {@code total} distinct ids were seen; a repeated id fails. */
    private static void read(
            CloseableIterator<RowData> rows, RowType type, Map<Long, String> seen, int total) {
        int day = type.getFieldIndex("day");
        while (seen.size() < total) {
            assertThat(rows.hasNext()).isTrue();
            RowData row = rows.next();
            TradeRows.assertTrade(row, type);
            String previous = seen.put(row.getLong(0), row.getString(day).toString());
            assertThat(previous).as("id %s read twice", row.getLong(0)).isNull();
        }
    }

    /** Holds the first row until the test releases it. */
    private static final class Gate implements MapFunction<RowData, RowData> {
        static CountDownLatch entered;
        static CountDownLatch release;

        static void reset() {
            entered = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }

        @Override
        public RowData map(RowData row) throws InterruptedException {
            if (entered.getCount() > 0) {
                entered.countDown();
                release.await();
            }
            return row;
        }
    }

    /** Passes rows on, one per millisecond. */
    private static final class Slowly implements MapFunction<RowData, RowData> {
        @Override
        public RowData map(RowData row) throws InterruptedException {
            Thread.sleep(1);
            return row;
        }
    }

    /** "window index:rows" per one-minute window, counted from 2024-01-01T00:00. */
    private static final class CountPerWindow
            extends ProcessAllWindowFunction<RowData, String, TimeWindow> {
        @Override
        public void process(Context context, Iterable<RowData> rows, Collector<String> out) {
            long count = 0;
            for (RowData ignored : rows) {
                count++;
            }
            long index = (context.window().getStart() - TradeFiles.EPOCH_MILLIS_2024) / 60_000;
            out.collect(index + ":" + count);
        }
    }
}
