package io.laminardb.flink.parquet.s3;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.testutils.CountingBlobStore;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;
import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.WrappingProxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code s3p://} through Flink's Presto S3 plugin ({@code flink-s3-fs-presto}, loaded from the
 * plugins directory beside the Hadoop one) against a real S3 server (S3Proxy on 127.0.0.1): with
 * the cluster's S3 configuration, and with the source's own {@code storage.s3.*} settings against a
 * second server whose endpoint and key pair the cluster does not know. Every row's values are
 * checked against what was uploaded.
 */
class S3PrestoReadITCase {

    private static final int ROWS_PER_DAY = 1000;

    /** Flink's Presto S3 file system, the plugin's file system for s3p://. */
    private static final String PRESTO_FILE_SYSTEM =
            "org.apache.flink.fs.s3presto.FlinkS3PrestoFileSystem";

    @RegisterExtension
    @Order(1)
    static final S3ProxyServer CLUSTER_S3 =
            new S3ProxyServer("presto-cluster-access", "presto-cluster-secret");

    @RegisterExtension
    @Order(2)
    static final S3ProxyServer OWN_S3 = new S3ProxyServer("presto-own-access", "presto-own-SECRET");

    @RegisterExtension
    @Order(3)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @TempDir static Path dir;

    @BeforeAll
    static void upload() throws Exception {
        Path local = dir.resolve("trades");
        TradeFiles.writeTwoDays(local, ROWS_PER_DAY);
        // Each server has its own bucket: a source reaching the wrong one finds no bucket.
        CLUSTER_S3.createBucket("presto");
        CLUSTER_S3.putTree("presto", "trades/", local);
        OWN_S3.createBucket("own");
        assertThat(OWN_S3.putTree("own", "trades/", local))
                .containsExactly(
                        "trades/day=2024-01-01/a.parquet", "trades/day=2024-01-02/b.parquet");
        // The cluster's S3 configuration points at one server only; the other is reached through
        // the sources' own settings.
        FlinkFsPlugins.initializeFileSystems(FlinkFsPlugins.s3Config(CLUSTER_S3));
    }

    @AfterAll
    static void resetFileSystems() {
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void dataStreamWithTheClustersConfiguration() throws Exception {
        assertThat(fileSystemClass(StorageSettings.CLUSTER, "s3p://presto/trades/"))
                .isEqualTo(PRESTO_FILE_SYSTEM);
        CountingBlobStore.Counts before = CLUSTER_S3.counts();
        assertEveryRow(LaminarParquetSource.forRowData().path("s3p://presto/trades/"));
        assertThat(CLUSTER_S3.counts().minus(before).gets()).isPositive();
    }

    @Test
    void dataStreamWithTheSourcesOwnSettings() throws Exception {
        Map<String, String> settings = OWN_S3.storageOptions();
        assertThat(fileSystemClass(StorageSettings.of("s3p://own/", settings), "s3p://own/trades/"))
                .isEqualTo(PRESTO_FILE_SYSTEM);
        LaminarParquetSourceBuilder<RowData> builder =
                LaminarParquetSource.forRowData().path("s3p://own/trades/");
        settings.forEach(builder::storageOption);
        CountingBlobStore.Counts before = OWN_S3.counts();
        assertEveryRow(builder);
        assertThat(OWN_S3.counts().minus(before).gets()).isPositive();
    }

    /** The class of the file system a source with these settings opens the path with. */
    private static String fileSystemClass(StorageSettings settings, String path) throws Exception {
        FileSystem fs = settings.fileSystem(new org.apache.flink.core.fs.Path(path));
        while (fs instanceof WrappingProxy) {
            fs = (FileSystem) ((WrappingProxy<?>) fs).getWrappedDelegate();
        }
        return fs.getClass().getName();
    }

    @Test
    void sqlWithTheSourcesOwnSettingsProjectionFilterAndPartitions() throws Exception {
        TableEnvironment tEnv = SqlTables.env(false);
        tEnv.executeSql(
                "CREATE TABLE trades (id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE,"
                        + " qty INT, note STRING, `day` DATE) PARTITIONED BY (`day`) WITH ("
                        + " 'connector' = 'parquet', 'path' = 's3p://own/trades/',"
                        + " 'storage.s3.endpoint' = '"
                        + OWN_S3.endpoint()
                        + "', 'storage.s3.path.style.access' = 'true',"
                        + " 'storage.s3.access-key' = '"
                        + OWN_S3.accessKey()
                        + "', 'storage.s3.secret-key' = '"
                        + OWN_S3.secretKey()
                        + "')");
        List<Row> rows =
                SqlTables.collect(
                        tEnv,
                        "SELECT id, ts, price, note, `day` FROM trades WHERE qty < 60"
                                + " AND `day` = DATE '2024-01-02'");
        List<Long> expected = ids(id -> id >= ROWS_PER_DAY && TradeFiles.qty(id) < 60);
        assertThat(expected).isNotEmpty();
        List<Long> got = new ArrayList<>();
        for (Row row : rows) {
            long id = (Long) row.getField(0);
            got.add(id);
            assertThat(row.getField(1))
                    .isEqualTo(
                            LocalDateTime.ofEpochSecond(
                                    TradeFiles.ts(id) / 1000, 0, ZoneOffset.UTC));
            assertThat(row.getField(2)).isEqualTo(TradeFiles.price(id));
            assertThat(row.getField(3)).isEqualTo(TradeFiles.note(id));
            assertThat(row.getField(4)).isEqualTo(LocalDate.of(2024, 1, 2));
        }
        got.sort(null);
        assertThat(got).containsExactlyElementsOf(expected);
    }

    /**
     * Runs the source with every column and a filter on {@code qty}, and checks that exactly the
     * matching rows arrive, each once, every value as written.
     */
    private static void assertEveryRow(LaminarParquetSourceBuilder<RowData> builder)
            throws Exception {
        LaminarParquetSource<RowData> source = builder.filter(ParquetFilter.lt("qty", 200)).build();
        RowType type = source.getRowType();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Map<Long, LocalDate> days = new TreeMap<>();
        int id = type.getFieldNames().indexOf("id");
        int day = type.getFieldNames().indexOf("day");
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "s3p")
                        .executeAndCollect()) {
            while (rows.hasNext()) {
                RowData row = rows.next();
                TradeRows.assertTrade(row, type);
                LocalDate previous =
                        days.put(row.getLong(id), LocalDate.ofEpochDay(row.getInt(day)));
                assertThat(previous).as("id %s read twice", row.getLong(id)).isNull();
            }
        }
        List<Long> expected = ids(i -> TradeFiles.qty(i) < 200);
        assertThat(days.keySet()).containsExactlyElementsOf(expected);
        days.forEach(
                (rowId, d) ->
                        assertThat(d)
                                .as("day of id %s", rowId)
                                .isEqualTo(LocalDate.of(2024, 1, rowId < ROWS_PER_DAY ? 1 : 2)));
    }

    private static List<Long> ids(LongPredicate predicate) {
        return LongStream.range(0, 2L * ROWS_PER_DAY)
                .filter(predicate)
                .boxed()
                .collect(Collectors.toList());
    }
}
