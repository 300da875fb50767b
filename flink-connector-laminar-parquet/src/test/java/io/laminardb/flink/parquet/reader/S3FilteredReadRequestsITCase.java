package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.FileRange;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.CountingBlobStore;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.hadoop.metadata.IndexReference;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

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
 * What a filtered read asks of a real S3 server (S3Proxy; GETs and body bytes counted at the server
 * by {@code CountingBlobStore}) for the parts parquet-java reads through the file's stream: the
 * dictionaries that prune row groups, the page index (column and offset indexes) and the pages the
 * page index keeps. The server must see what the reader counts ({@code storageRequests}, {@code
 * storageBytesRead}), and no more than the footer and the page index say must be read: at most one
 * GET per 64 KiB of each structure read (S3A's read-ahead, the least a GET asks for in its random
 * policy), and those structures' bytes plus at most one read-ahead per such GET. Reading through
 * the stream with seek-then-read, as before positioned reads, turns each forward seek of up to 1
 * MiB (from one column's kept pages to the next column's, from one index to the next) into reading
 * and dropping the bytes in between, one more GET per 64 KiB skipped. Every row read is checked.
 *
 * <p>The file: four row groups of 25,000 rows, pages of 1,000 rows, uncompressed; {@code symbol} is
 * dictionary-encoded with four symbols in even row groups and four others in odd ones, so that a
 * symbol of the even ones lies within the odd ones' statistics but not in their dictionaries.
 */
class S3FilteredReadRequestsITCase {

    private static final int ROWS = 100_000;
    private static final int ROW_GROUP_ROWS = 25_000;
    private static final String PATH = "s3://filtered/t/t.parquet";

    /** S3A's read-ahead (its least GET in the random seek policy), 64 KiB. */
    private static final long S3A_READ_AHEAD = 64 * 1024;

    private static final String[] SYMBOLS = {
        "AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "IBM"
    };

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message t {\n"
                            + "  required int64 id;\n"
                            + "  required binary symbol (STRING);\n"
                            + "  required double price;\n"
                            + "  required binary payload (STRING);\n"
                            + "}");

    /** Rows 10,000–11,999 and 30,000–31,999 with symbol MSFT (in even row groups only). */
    private static final ParquetFilter FILTER =
            ParquetFilter.and(
                    ParquetFilter.eq("symbol", "MSFT"),
                    ParquetFilter.or(
                            ParquetFilter.and(
                                    ParquetFilter.gte("id", 10_000L),
                                    ParquetFilter.lt("id", 12_000L)),
                            ParquetFilter.and(
                                    ParquetFilter.gte("id", 30_000L),
                                    ParquetFilter.lt("id", 32_000L))));

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer("filtered-access", "filtered-secret");

    @TempDir static Path dir;

    private static Path file;
    private static ParquetMetadata footer;
    private static StorageSettings storage;
    private static ExecutorService executor;

    static String symbol(long id) {
        int rowGroup = (int) (id / ROW_GROUP_ROWS);
        return SYMBOLS[(int) (id % 4) + (rowGroup % 2 == 0 ? 0 : 4)];
    }

    static double price(long id) {
        return 100 + (id % 1000) / 100.0;
    }

    static String payload(long id) {
        return String.format("payload-%052d", id);
    }

    static boolean matches(long id) {
        return "MSFT".equals(symbol(id))
                && ((id >= 10_000 && id < 12_000) || (id >= 30_000 && id < 32_000));
    }

    @BeforeAll
    static void upload() throws Exception {
        file = dir.resolve("t.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                        .withDictionaryEncoding(false)
                        .withDictionaryEncoding("symbol", true)
                        .withRowGroupRowCountLimit(ROW_GROUP_ROWS)
                        .withPageRowCountLimit(1000)
                        .build()) {
            for (long id = 0; id < ROWS; id++) {
                writer.write(
                        groups.newGroup()
                                .append("id", id)
                                .append("symbol", symbol(id))
                                .append("price", price(id))
                                .append("payload", payload(id)));
            }
        }
        S3.createBucket("filtered");
        S3.put("filtered", "t/t.parquet", Files.readAllBytes(file));
        FlinkFsPlugins.initializeFileSystems(new Configuration());
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            footer = reader.getFooter();
        }
        assertThat(footer.getBlocks()).hasSize(ROWS / ROW_GROUP_ROWS);
        storage = StorageSettings.of(PATH, S3.storageOptions());
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void reset() {
        if (executor != null) {
            executor.shutdownNow();
        }
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void filteredReadFetchesWhatTheFooterAndPageIndexSayAndNoMore() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(PATH)
                        .columns("id", "symbol", "payload")
                        .filter(FILTER)
                        .storageOption("s3.endpoint", S3.endpoint())
                        .storageOption("s3.path.style.access", "true")
                        .storageOption("s3.access-key", S3.accessKey())
                        .storageOption("s3.secret-key", S3.secretKey())
                        .build();
        List<ParquetSplit> splits =
                new SplitPlanner(
                                executor,
                                Long.MAX_VALUE,
                                FILTER,
                                source.getReadSchema().readType(),
                                CorruptFilePolicy.FAIL,
                                storage)
                        .plan(new FileDiscovery(PATH, false, storage).discover(FileOrder.NAME));
        // statistics keep row groups 0 and 1 (ids), the dictionary prunes 1 (no MSFT)
        assertThat(splits).hasSize(1);
        ParquetSplit split = splits.get(0);
        assertThat(split.firstRowGroup()).isZero();
        assertThat(split.endRowGroup()).isEqualTo(2);

        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        ParquetSplitReader reader =
                new ParquetSplitReader(
                        source.getReadPlan(),
                        metrics,
                        SplitReadSettings.defaults(4096).withStorage(storage));
        CountingBlobStore.Counts before = S3.counts();
        List<Long> ids = new ArrayList<>();
        try {
            SplitReads.readSplit(reader, split, row -> ids.add(checkRow(row)));
        } finally {
            reader.close();
        }
        CountingBlobStore.Counts server = S3.counts().minus(before);

        List<Long> expectedIds = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            if (matches(id)) {
                expectedIds.add(id);
            }
        }
        assertThat(ids).containsExactlyElementsOf(expectedIds);
        assertThat(metrics.rowGroupsPrunedCount()).as("row groups pruned by dictionary").isOne();
        assertThat(metrics.pagesSkippedCount()).isPositive();

        List<FileRange> needed = neededRanges();
        long neededBytes = FileRange.totalLength(needed);
        long neededGets = footerRequests();
        for (FileRange range : needed) {
            neededGets += (range.length() + S3A_READ_AHEAD - 1) / S3A_READ_AHEAD;
        }
        System.out.printf(
                "filtered read: server %d GETs, %d bytes; reader %d requests, %d bytes;"
                        + " needed %d structures, %d bytes (%d GETs at most); file %d bytes%n",
                server.gets(),
                server.bodyBytes(),
                metrics.storageRequestsCount(),
                metrics.storageBytesReadCount(),
                needed.size(),
                neededBytes,
                neededGets,
                Files.size(file));
        assertThat(server.gets())
                .as("GETs at the server against the reader's storageRequests")
                .isEqualTo(metrics.storageRequestsCount());
        assertThat(server.bodyBytes())
                .as("bytes sent by the server against the reader's storageBytesRead")
                .isEqualTo(metrics.storageBytesReadCount());
        assertThat(server.gets())
                .as("GETs at the server against the structures to read, %s", needed)
                .isLessThanOrEqualTo(neededGets);
        assertThat(server.bodyBytes())
                .as("bytes sent against the structures to read, %s", needed)
                .isLessThanOrEqualTo(tailBytes() + neededBytes + S3A_READ_AHEAD * neededGets);
    }

    /** Checks a row's values by its id; returns the id. */
    private static long checkRow(RowData row) {
        long id = row.getLong(0);
        assertThat(matches(id)).as("row %d matches", id).isTrue();
        assertThat(row.getString(1).toString()).as("symbol of %d", id).isEqualTo(symbol(id));
        assertThat(row.getString(2).toString()).as("payload of %d", id).isEqualTo(payload(id));
        return id;
    }

    /**
     * What parquet-java must read after the footer, as the footer and page index give it: the
     * dictionary page of the filter's dictionary column ({@code symbol}) of each row group the
     * statistics keep (0 and 1); of row group 0, which the dictionary keeps, the column indexes of
     * the filter's columns, the offset indexes of the projected columns, and the pages of the
     * projected columns that hold rows of 10,000–11,999 (with {@code symbol}'s dictionary page,
     * read again with them). Sorted, overlaps joined.
     */
    private static List<FileRange> neededRanges() throws Exception {
        List<FileRange> ranges = new ArrayList<>();
        Set<String> projected = Set.of("id", "symbol", "payload");
        Set<String> filtered = Set.of("id", "symbol");
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            for (int g = 0; g < 2; g++) {
                BlockMetaData block = footer.getBlocks().get(g);
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    String name = chunk.getPath().toDotString();
                    if (name.equals("symbol")) {
                        assertThat(chunk.hasDictionaryPage()).isTrue();
                        ranges.add(dictionaryPage(chunk));
                    }
                    if (g != 0) {
                        continue;
                    }
                    if (filtered.contains(name)) {
                        ranges.add(range(chunk.getColumnIndexReference()));
                    }
                    if (projected.contains(name)) {
                        ranges.add(range(chunk.getOffsetIndexReference()));
                        OffsetIndex pages = reader.readOffsetIndex(chunk);
                        for (int p = 0; p < pages.getPageCount(); p++) {
                            long first = pages.getFirstRowIndex(p);
                            long last = pages.getLastRowIndex(p, block.getRowCount());
                            if (last >= 10_000 && first < 12_000) {
                                ranges.add(
                                        new FileRange(
                                                pages.getOffset(p),
                                                pages.getCompressedPageSize(p)));
                            }
                        }
                    }
                }
            }
        }
        return FileRange.coalesce(ranges, 0);
    }

    private static FileRange dictionaryPage(ColumnChunkMetaData chunk) {
        return new FileRange(
                chunk.getStartingPos(), chunk.getFirstDataPageOffset() - chunk.getStartingPos());
    }

    private static FileRange range(IndexReference reference) {
        assertThat(reference).isNotNull();
        return new FileRange(reference.getOffset(), reference.getLength());
    }

    /** The footer's tail read: the last 64 KiB of the file (the whole file when smaller). */
    private static long tailBytes() throws Exception {
        return Math.min(Files.size(file), ParquetFooters.TAIL_READ_BYTES) + footerRest();
    }

    /** The part of the footer beyond the tail, read with a second request. */
    private static long footerRest() throws Exception {
        long tail = Math.min(Files.size(file), ParquetFooters.TAIL_READ_BYTES);
        return Math.max(0, footerLength() + 8 - tail);
    }

    private static long footerLength() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** Requests for the footer: one ranged read of its tail, a second for a longer footer. */
    private static long footerRequests() throws Exception {
        return footerRest() > 0 ? 2 : 1;
    }
}
