package io.laminardb.flink.parquet.s3;

import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.testutils.CountingBlobStore;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;
import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a source with storage settings of its own fetches from S3, counted at the server (S3Proxy on
 * 127.0.0.1): a full scan fetches the file about once, and a projection about its column chunks,
 * not a GET to the end of the object per chunk, which S3A's default seek policy would start (see
 * {@code ObjectStoreReadDefaults}). Every value read is checked.
 */
class S3BytesFetchedITCase {

    private static final int ROWS = 200_000;
    private static final int ROW_GROUP_ROWS = 50_000;

    /** The least S3A asks for per GET in its random policy (its read-ahead range). */
    private static final long READ_AHEAD = 64 * 1024;

    @RegisterExtension
    @Order(1)
    static final S3ProxyServer S3 = new S3ProxyServer("bytes-access", "bytes-secret");

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(1);

    @TempDir static Path dir;

    private static Path file;

    @BeforeAll
    static void upload() throws Exception {
        // Uncompressed and plain: megabytes of column chunks, so that what is fetched beyond
        // them shows.
        file = dir.resolve("trades.parquet");
        TradeFiles.write(
                file,
                0,
                ROWS,
                ROW_GROUP_ROWS,
                CompressionCodecName.UNCOMPRESSED,
                false,
                ParquetProperties.WriterVersion.PARQUET_1_0);
        S3.createBucket("bytes");
        S3.put("bytes", "trades/trades.parquet", Files.readAllBytes(file));
        FlinkFsPlugins.initializeFileSystems(new Configuration());
    }

    @AfterAll
    static void resetFileSystems() {
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void aFullScanFetchesTheFileOnce() throws Exception {
        long fileSize = Files.size(file);
        CountingBlobStore.Counts fetched = read(source(), "id", "qty");

        assertThat(fetched.bodyBytes())
                .as("bytes sent for a file of %,d bytes in %d GETs", fileSize, fetched.gets())
                .isGreaterThanOrEqualTo(fileSize - READ_AHEAD)
                .isLessThanOrEqualTo(fileSize + fetched.gets() * READ_AHEAD)
                .isLessThan(fileSize * 11 / 10);
    }

    @Test
    void aProjectionFetchesItsColumnChunks() throws Exception {
        long chunks = columnChunkBytes(Set.of("id", "qty"));
        CountingBlobStore.Counts fetched = read(source().columns("id", "qty"), "id", "qty");

        assertThat(chunks).isLessThan(Files.size(file) / 3);
        assertThat(fetched.bodyBytes())
                .as(
                        "bytes sent for column chunks of %,d bytes (file %,d) in %d GETs",
                        chunks, Files.size(file), fetched.gets())
                .isGreaterThanOrEqualTo(chunks)
                .isLessThanOrEqualTo(chunks + fetched.gets() * READ_AHEAD);
    }

    private static LaminarParquetSourceBuilder<RowData> source() {
        return LaminarParquetSource.forRowData()
                .path("s3://bytes/trades/")
                .storageOption("s3.endpoint", S3.endpoint())
                .storageOption("s3.path.style.access", "true")
                .storageOption("s3.access-key", S3.accessKey())
                .storageOption("s3.secret-key", S3.secretKey());
    }

    /**
     * Runs the source, checks that every row arrives once with its {@code id} and {@code qty}, and
     * returns what the server was asked while the job ran.
     */
    private static CountingBlobStore.Counts read(
            LaminarParquetSourceBuilder<RowData> builder, String idColumn, String qtyColumn)
            throws Exception {
        LaminarParquetSource<RowData> source = builder.build();
        int id = source.getRowType().getFieldIndex(idColumn);
        int qty = source.getRowType().getFieldIndex(qtyColumn);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        boolean[] seen = new boolean[ROWS];
        CountingBlobStore.Counts before = S3.counts();
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "s3 trades")
                        .executeAndCollect()) {
            while (rows.hasNext()) {
                RowData row = rows.next();
                long rowId = row.getLong(id);
                assertThat(seen[(int) rowId]).as("row %d once", rowId).isFalse();
                seen[(int) rowId] = true;
                assertThat(row.getInt(qty)).isEqualTo(TradeFiles.qty(rowId));
            }
        }
        CountingBlobStore.Counts fetched = S3.counts().minus(before);
        for (int i = 0; i < ROWS; i++) {
            assertThat(seen[i]).as("row %d read", i).isTrue();
        }
        return fetched;
    }

    private static long columnChunkBytes(Set<String> columns) throws Exception {
        long bytes = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    if (columns.contains(chunk.getPath().toDotString())) {
                        bytes += chunk.getTotalSize();
                    }
                }
            }
        }
        return bytes;
    }
}
