package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.FileRange;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.CountingBlobStore;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GET requests a real S3 server (S3Proxy, counted at the server by {@code CountingBlobStore})
 * sees for each split, against what the reader reports ({@code lastSplitRequests}, {@code
 * storageRequests}) and against the design, derived from the file's footer: for the first split of
 * a file one ranged read of the footer's tail (two when the footer is longer than the tail), then
 * per row group one request per range of the projected column chunks after coalescing ({@link
 * FileRange#coalesce} with {@code read.coalesce-gap}); for a later split of the same file, which
 * finds the footer in the reader's cache, only the chunk ranges. Exact, not bounded: each projected
 * chunk is larger than S3A's read-ahead, so no range is served from a GET opened for another one.
 * Every row read is checked.
 */
class S3RequestsPerSplitITCase {

    private static final int ROWS = 100_000;
    private static final int ROW_GROUP_ROWS = 25_000;
    private static final String PATH = "s3://requests/trades/t.parquet";

    /** S3A's read-ahead (its least GET in the random seek policy), 64 KiB. */
    private static final long S3A_READ_AHEAD = 64 * 1024;

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer("requests-access", "requests-secret");

    @TempDir static Path dir;

    private static Path file;
    private static ParquetMetadata footer;
    private static StorageSettings storage;
    private static List<ParquetSplit> splits;
    private static ExecutorService executor;

    /** Rows checked in the current test. */
    private static long rowsChecked;

    @BeforeAll
    static void upload() throws Exception {
        // Uncompressed and plain: every column chunk is larger than S3A's read-ahead.
        file = dir.resolve("t.parquet");
        TradeFiles.write(
                file,
                0,
                ROWS,
                ROW_GROUP_ROWS,
                CompressionCodecName.UNCOMPRESSED,
                false,
                ParquetProperties.WriterVersion.PARQUET_1_0);
        S3.createBucket("requests");
        S3.put("requests", "trades/t.parquet", Files.readAllBytes(file));
        FlinkFsPlugins.initializeFileSystems(new Configuration());
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            footer = reader.getFooter();
        }
        assertThat(footer.getBlocks()).hasSize(ROWS / ROW_GROUP_ROWS);
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                assertThat(chunk.getTotalSize()).isGreaterThan(S3A_READ_AHEAD);
            }
        }
        storage = StorageSettings.of(PATH, S3.storageOptions());
        executor = Executors.newSingleThreadExecutor();
        // two splits of two row groups each
        splits =
                new SplitPlanner(
                                executor,
                                Files.size(file) / 2,
                                null,
                                null,
                                CorruptFilePolicy.FAIL,
                                storage)
                        .plan(new FileDiscovery(PATH, false, storage).discover(FileOrder.NAME));
        assertThat(splits).hasSize(2);
        assertThat(splits.get(0).firstRowGroup()).isZero();
        assertThat(splits.get(1).endRowGroup()).isEqualTo(footer.getBlocks().size());
    }

    @AfterAll
    static void reset() {
        executor.shutdownNow();
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void distantColumnsWithGapZeroAreTwoRequestsPerRowGroup() throws Exception {
        assertRequestsPerSplit("id", "price", new RangeReadSettings(0, 64L << 20));
    }

    @Test
    void distantColumnsWithTheDefaultGapAreOneRequestPerRowGroup() throws Exception {
        assertRequestsPerSplit("id", "price", RangeReadSettings.DEFAULT);
    }

    @Test
    void adjacentColumnsWithoutPrefetchAreOneRequestPerRowGroup() throws Exception {
        assertRequestsPerSplit("qty", "price", new RangeReadSettings(0, 0));
    }

    /**
     * Reads the two splits, one after the other with one reader, and checks for each that the GETs
     * the server saw, the reader's {@code lastSplitRequests} and the requests the design makes of
     * the footer are the same number; and every row's values.
     */
    private static void assertRequestsPerSplit(String a, String b, RangeReadSettings io)
            throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(PATH)
                        .columns(a, b)
                        .storageOption("s3.endpoint", S3.endpoint())
                        .storageOption("s3.path.style.access", "true")
                        .storageOption("s3.access-key", S3.accessKey())
                        .storageOption("s3.secret-key", S3.secretKey())
                        .build();
        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        ParquetSplitReader reader =
                new ParquetSplitReader(
                        source.getReadPlan(),
                        metrics,
                        SplitReadSettings.defaults(4096).withStorage(storage).withRangeReads(io));
        // the gap the reader uses on this file system (unset: the one of distributed file systems)
        long gap =
                io.coalesceGap(
                        storage.fileSystem(new org.apache.flink.core.fs.Path(PATH))
                                .isDistributedFS());
        boolean[] seen = new boolean[ROWS];
        rowsChecked = 0;
        long requestsBefore = 0;
        try {
            for (int s = 0; s < splits.size(); s++) {
                ParquetSplit split = splits.get(s);
                long expected =
                        (s == 0 ? footerRequests() : 0) + chunkRequests(split, Set.of(a, b), gap);
                CountingBlobStore.Counts before = S3.counts();
                SplitReads.readSplit(reader, split, row -> checkRow(row, a, b, seen));
                long gets = S3.counts().minus(before).gets();

                assertThat(metrics.splitsReadCount()).isEqualTo(s + 1);
                assertThat(gets)
                        .as("GETs at the server for split %s (%s, %s, gap %d)", split, a, b, gap)
                        .isEqualTo(metrics.lastSplitRequests())
                        .isEqualTo(expected);
                assertThat(metrics.storageRequestsCount() - requestsBefore)
                        .isEqualTo(metrics.lastSplitRequests());
                requestsBefore = metrics.storageRequestsCount();
            }
        } finally {
            reader.close();
        }
        for (int i = 0; i < ROWS; i++) {
            assertThat(seen[i]).as("row %d read", i).isTrue();
        }
    }

    /**
     * Requests for a file's footer: one ranged read of its tail, one more when the footer (its
     * length is in the file's last 8 bytes, before "PAR1") does not fit in the tail.
     */
    private static long footerRequests() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        long footerLength =
                ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        long tail = Math.min(bytes.length, ParquetFooters.TAIL_READ_BYTES);
        return footerLength + 8 <= tail ? 1 : 2;
    }

    /** One request per coalesced range of the projected chunks of each row group of the split. */
    private static long chunkRequests(ParquetSplit split, Set<String> columns, long gap) {
        long requests = 0;
        for (int rg = split.firstRowGroup(); rg < split.endRowGroup(); rg++) {
            List<FileRange> chunks = new ArrayList<>();
            for (ColumnChunkMetaData chunk : footer.getBlocks().get(rg).getColumns()) {
                if (columns.contains(chunk.getPath().toDotString())) {
                    chunks.add(new FileRange(chunk.getStartingPos(), chunk.getTotalSize()));
                }
            }
            requests += FileRange.coalesce(chunks, gap).size();
        }
        return requests;
    }

    /**
     * Checks a row's two values. With {@code id} read, each id must come once and the other column
     * must hold its value; without it, the row's id is its position in the file (one reader reads
     * the splits in file order), and both values must be those of that id.
     */
    private static void checkRow(RowData row, String a, String b, boolean[] seen) {
        long id = "id".equals(a) ? row.getLong(0) : rowsChecked;
        rowsChecked++;
        assertThat(seen[(int) id]).as("row %d once", id).isFalse();
        seen[(int) id] = true;
        for (int i = 0; i < 2; i++) {
            String column = i == 0 ? a : b;
            switch (column) {
                case "id":
                    break;
                case "price":
                    assertThat(row.getDouble(i))
                            .as("price of %d", id)
                            .isEqualTo(TradeFiles.price(id));
                    break;
                case "qty":
                    assertThat(row.getInt(i)).as("qty of %d", id).isEqualTo(TradeFiles.qty(id));
                    break;
                default:
                    throw new IllegalArgumentException(column);
            }
        }
    }
}
