package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader's storage counters ({@code storageRequests}, {@code storageBytesRead}) over a real S3
 * server (S3Proxy through Flink's S3 plugin): a full read fetches about the file once, a projection
 * of one column fetches less.
 */
class StorageIoCountersITCase {

    private static final String PATH = "s3://counted/trades/t.parquet";

    @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer("io-access", "io-secret");

    @TempDir static Path dir;

    private static long fileSize;
    private static ExecutorService executor;

    @BeforeAll
    static void upload() throws Exception {
        Path local = dir.resolve("t.parquet");
        TradeFiles.write(local, 0, 20_000, 5_000);
        byte[] bytes = Files.readAllBytes(local);
        fileSize = bytes.length;
        S3.createBucket("counted");
        S3.put("counted", "trades/t.parquet", bytes);
        FlinkFsPlugins.initializeFileSystems(FlinkFsPlugins.s3Config(S3));
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void reset() {
        executor.shutdownNow();
        org.apache.flink.core.fs.FileSystem.initialize(new Configuration(), null);
    }

    /** Reads every row group of the file's one split, returning the metrics. */
    private static ParquetSourceReaderMetrics readAll(RowType columns) throws Exception {
        List<ParquetSplit> splits =
                new SplitPlanner(executor, Long.MAX_VALUE)
                        .plan(new FileDiscovery(PATH, false).discover(FileOrder.NAME));
        assertThat(splits).hasSize(1);
        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        int rowGroups = 0;
        try (RowGroupScanner scanner =
                new RowGroupScanner(
                        splits.get(0),
                        columns,
                        null,
                        columns,
                        metrics,
                        new FooterCache(),
                        SplitReadSettings.defaults(1024),
                        null)) {
            while (scanner.next() != null) {
                rowGroups++;
            }
        }
        assertThat(rowGroups).isEqualTo(4);
        return metrics;
    }

    @Test
    void requestsAndBytesAreCountedAndAProjectionFetchesLess() throws Exception {
        RowType all = LaminarParquetSource.forRowData().path(PATH).build().getRowType();
        assertThat(all.getFieldCount()).isGreaterThan(3);
        ParquetSourceReaderMetrics full = readAll(all);
        ParquetSourceReaderMetrics idOnly =
                readAll(new RowType(List.of(new RowType.RowField("id", new BigIntType()))));

        // the footer (read once, the reader's footer cache is empty) and every column chunk
        assertThat(full.storageRequestsCount()).isGreaterThan(1);
        assertThat(full.storageBytesReadCount())
                .isGreaterThan(fileSize / 2)
                .isLessThanOrEqualTo(2 * fileSize);
        assertThat(idOnly.storageRequestsCount()).isGreaterThan(1);
        assertThat(idOnly.storageBytesReadCount())
                .isGreaterThan(0)
                .isLessThan(full.storageBytesReadCount() / 2);
    }
}
