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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads shaped for object stores, on a file of 4 row groups of 5,000 rows: the storage requests per
 * split for projections of adjacent and of distant columns with coalescing gaps 0 and large, with
 * prefetch on and off, and every row's values each time.
 */
class ShapedReadsTest {

    static final int ROWS = 20_000;
    static final int ROW_GROUPS = 4;
    static final long HUGE_GAP = 1L << 30;

    @TempDir static Path dir;
    static ExecutorService executor;
    static ParquetSplit split;

    @BeforeAll
    static void write() throws Exception {
        TradeFiles.write(dir.resolve("t.parquet"), 0, ROWS, 5_000);
        executor = Executors.newSingleThreadExecutor();
        List<ParquetSplit> splits =
                new SplitPlanner(executor, Long.MAX_VALUE)
                        .plan(new FileDiscovery(dir.toString(), false).discover(FileOrder.NAME));
        assertThat(splits).hasSize(1);
        split = splits.get(0);
        assertThat(split.endRowGroup() - split.firstRowGroup()).isEqualTo(ROW_GROUPS);
    }

    @AfterAll
    static void shutDown() {
        executor.shutdownNow();
    }

    /** A read of the split: its rows (two columns as Java values) and its metrics. */
    static final class Read {
        final List<List<Object>> rows = new ArrayList<>();
        final ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        long requests;
        long bytes;
        boolean prefetchThreadStarted;
    }

    /**
     * Reads the split's columns {@code a} and {@code b} with the footer already cached, so that the
     * requests counted are the row groups' alone.
     */
    static Read read(String a, String b, RangeReadSettings io) throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).columns(a, b).build();
        FooterCache footers = new FooterCache();
        Read read = new Read();
        try (SplitCursor warm =
                new SplitCursor(
                        split,
                        source.getReadPlan(),
                        null,
                        1000,
                        new ParquetSourceReaderMetrics(
                                UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                        footers)) {
            // opening it reads the footer into the cache
        }
        PrefetchThread prefetch = new PrefetchThread();
        try (SplitCursor cursor =
                new SplitCursor(
                        split,
                        source.getReadPlan(),
                        null,
                        read.metrics,
                        footers,
                        SplitReadSettings.defaults(1000).withRangeReads(io),
                        prefetch)) {
            SplitReads.drain(cursor, split, 0, row -> read.rows.add(values(row, a, b)));
            read.requests = cursor.splitIo().requests();
            read.bytes = cursor.splitIo().bytes();
        } finally {
            read.prefetchThreadStarted = prefetch.started();
            prefetch.close();
        }
        return read;
    }

    private static List<Object> values(RowData row, String... columns) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            switch (columns[i]) {
                case "id":
                    values.add(row.getLong(i));
                    break;
                case "ts":
                    values.add(row.getTimestamp(i, 3).getMillisecond());
                    break;
                case "price":
                    values.add(row.getDouble(i));
                    break;
                case "qty":
                    values.add(row.getInt(i));
                    break;
                default:
                    throw new IllegalArgumentException(columns[i]);
            }
        }
        return values;
    }

    /** The file's content for the columns, row by row. */
    static List<List<Object>> expected(String a, String b) {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            List<Object> row = new ArrayList<>();
            for (String column : new String[] {a, b}) {
                switch (column) {
                    case "id":
                        row.add(id);
                        break;
                    case "ts":
                        row.add(TradeFiles.ts(id));
                        break;
                    case "price":
                        row.add(TradeFiles.price(id));
                        break;
                    case "qty":
                        row.add(TradeFiles.qty(id));
                        break;
                    default:
                        throw new IllegalArgumentException(column);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void twoAdjacentColumnsAreOneRequestPerRowGroupWhateverTheGap() throws Exception {
        for (long gap : new long[] {0, HUGE_GAP}) {
            Read read = read("id", "ts", new RangeReadSettings(gap, 0));
            assertThat(read.requests).as("gap %s", gap).isEqualTo(ROW_GROUPS);
            assertThat(read.rows).isEqualTo(expected("id", "ts"));
            assertThat(read.prefetchThreadStarted).isFalse();
        }
    }

    @Test
    void distantColumnsAreTwoRequestsPerRowGroupWithGapZeroAndOneWithALargeGap() throws Exception {
        Read apart = read("id", "price", new RangeReadSettings(0, 0));
        Read joined = read("id", "price", new RangeReadSettings(HUGE_GAP, 0));
        assertThat(apart.requests).isEqualTo(2 * ROW_GROUPS);
        assertThat(joined.requests).isEqualTo(ROW_GROUPS);
        // the joined ranges also fetch the chunks between (ts, symbol)
        assertThat(joined.bytes).isGreaterThan(apart.bytes);
        assertThat(apart.rows).isEqualTo(expected("id", "price"));
        assertThat(joined.rows).isEqualTo(expected("id", "price"));
    }

    @Test
    void anUnsetGapJoinsOnlyNearbyChunksOnALocalDisk() throws Exception {
        // the chunks between id and price (ts, symbol) take more than 8 KiB in each row group, and
        // much less than the 1 MiB joined on object stores
        Read local = read("id", "price", new RangeReadSettings((Long) null, 0));
        Read apart = read("id", "price", new RangeReadSettings(0, 0));
        assertThat(local.requests).isEqualTo(2 * ROW_GROUPS);
        assertThat(local.bytes).isEqualTo(apart.bytes);
        assertThat(local.rows).isEqualTo(expected("id", "price"));
    }

    @Test
    void prefetchFetchesEveryRowGroupAfterTheFirstAndTheRowsAreTheSame() throws Exception {
        Read on = read("price", "qty", new RangeReadSettings(0, 64L << 20));
        Read off = read("price", "qty", new RangeReadSettings(0, 0));
        assertThat(on.prefetchThreadStarted).isTrue();
        assertThat(on.metrics.rowGroupsPrefetchedCount()).isEqualTo(ROW_GROUPS - 1);
        assertThat(off.metrics.rowGroupsPrefetchedCount()).isZero();
        assertThat(on.requests).isEqualTo(off.requests).isEqualTo(ROW_GROUPS);
        assertThat(on.bytes).isEqualTo(off.bytes);
        assertThat(on.rows).isEqualTo(off.rows).isEqualTo(expected("price", "qty"));
    }

    @Test
    void aRowGroupLargerThanThePrefetchBoundIsReadInPlace() throws Exception {
        Read read = read("id", "ts", new RangeReadSettings(HUGE_GAP, 1));
        assertThat(read.metrics.rowGroupsPrefetchedCount()).isZero();
        assertThat(read.prefetchThreadStarted).isFalse();
        assertThat(read.requests).isEqualTo(ROW_GROUPS);
        assertThat(read.rows).isEqualTo(expected("id", "ts"));
    }

    @Test
    void theSplitReaderCountsSplitsAndTheLastSplitsRequests() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.toString()).columns("id", "ts").build();
        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        List<Long> ids = new ArrayList<>();
        ParquetSplitReader reader =
                new ParquetSplitReader(
                        source.getReadPlan(),
                        metrics,
                        SplitReadSettings.defaults(4096)
                                .withRangeReads(new RangeReadSettings(0, 64L << 20)));
        try {
            SplitReads.readSplit(reader, split, row -> ids.add(row.getLong(0)));
        } finally {
            reader.close();
        }
        assertThat(ids).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(ids.get(i)).isEqualTo(i);
        }
        assertThat(metrics.splitsReadCount()).isOne();
        // the footer (however many requests it takes) and one request per row group
        assertThat(metrics.lastSplitRequests()).isGreaterThan(ROW_GROUPS);
        assertThat(metrics.lastSplitRequests()).isEqualTo(metrics.storageRequestsCount());
        assertThat(metrics.lastSplitBytes()).isEqualTo(metrics.storageBytesReadCount());
        assertThat(metrics.rowGroupsPrefetchedCount()).isEqualTo(ROW_GROUPS - 1);
    }
}
