package io.laminardb.flink.parquet.gcs;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.GcsServiceAccount;
import io.laminardb.flink.parquet.testutils.GcsTestServer;
import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Reads {@code gs://} through Flink's GCS file system plugin (flink-gs-fs-hadoop, loaded from the
 * plugins directory) from {@link GcsTestServer}, the GCS JSON API's read path on 127.0.0.1, with
 * every setting given per source ({@code storage.gs.*}) while the cluster's configuration has none:
 * a partitioned data set read in SQL (projection, a filter, partition pruning) and in the
 * DataStream API, every value checked; no secret printed; only the calls the server implements are
 * made.
 */
class GcsReadITCase {

    private static final int ROWS_PER_DAY = 1000;

    /** The service account the server knows. */
    private static GcsServiceAccount serviceAccount;

    /** The private key, PKCS#8 in base64 (what the key file holds). */
    private static String privateKey;

    /** Another service account, whose key the server does not know. */
    private static GcsServiceAccount stranger;

    @RegisterExtension
    @Order(1)
    static final GcsTestServer GCS = new GcsTestServer();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @RegisterExtension
    final LoggerAuditingExtension ourLogs = new LoggerAuditingExtension("io.laminardb", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension flinkLogs =
            new LoggerAuditingExtension("org.apache.flink", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension hadoopLogs =
            new LoggerAuditingExtension("org.apache.hadoop", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension googleLogs =
            new LoggerAuditingExtension("com.google", Level.INFO);

    @TempDir static Path dir;

    @BeforeAll
    static void upload() throws Exception {
        Path local = dir.resolve("trades");
        TradeFiles.write(local.resolve("day=2024-01-01/a.parquet"), 0, ROWS_PER_DAY, 250);
        TradeFiles.write(
                local.resolve("day=2024-01-02/b.parquet"), ROWS_PER_DAY, ROWS_PER_DAY / 2, 250);
        TradeFiles.write(
                local.resolve("day=2024-01-02/c.parquet"),
                ROWS_PER_DAY + ROWS_PER_DAY / 2,
                ROWS_PER_DAY / 2,
                250);
        serviceAccount = GcsServiceAccount.create(dir.resolve("reader.json"), GCS);
        privateKey = serviceAccount.privateKeyBase64();
        stranger = GcsServiceAccount.create(dir.resolve("stranger.json"), GCS);
        GCS.requireServiceAccount(serviceAccount.keys().getPublic());
        GCS.createBucket("lake");
        assertThat(GCS.putTree("lake", "trades/", local)).hasSize(3);
        // The cluster's configuration has no GCS settings: only the sources' own reach the store.
        FlinkFsPlugins.initializeFileSystems(new Configuration());
    }

    @AfterAll
    static void resetFileSystems() {
        System.out.println(
                "GCS calls: "
                        + new java.util.TreeMap<>(
                                GCS.calls().stream()
                                        .collect(
                                                Collectors.groupingBy(
                                                        c -> c, Collectors.counting()))));
        FileSystem.initialize(new Configuration(), null);
    }

    /** The per-source settings, without {@code storage.}: the service account's key file. */
    private static Map<String, String> settings() {
        return serviceAccount.settings();
    }

    private static LocalDate day(long id) {
        return id < ROWS_PER_DAY ? LocalDate.of(2024, 1, 1) : LocalDate.of(2024, 1, 2);
    }

    private void assertNoSecret(String what, String text) {
        // a piece of the private key's encoding (the key file's content), and the access tokens
        assertThat(text).as(what).doesNotContain(privateKey.substring(100, 140));
        for (String token : GCS.issuedTokens()) {
            assertThat(text).as(what).doesNotContain(token);
        }
    }

    private void assertNoSecretInLogs() {
        assertThat(flinkLogs.getMessages()).as("Flink's log messages captured").isNotEmpty();
        for (LoggerAuditingExtension logs : List.of(ourLogs, flinkLogs, hadoopLogs, googleLogs)) {
            assertNoSecret("logs", String.join("\n", logs.getMessages()));
            logs.getEvents().stream()
                    .filter(e -> e.getThrown() != null)
                    .forEach(
                            e ->
                                    assertNoSecret(
                                            "logged error",
                                            ExceptionUtils.stringifyException(e.getThrown())));
        }
    }

    private static void assertOnlyImplementedCalls() {
        assertThat(GCS.unknownRequests())
                .as("requests the test server does not implement")
                .isEmpty();
        // a token for the service account, object metadata, listings with prefix and delimiter,
        // ranged media downloads; none without a token
        assertThat(GCS.calls()).contains("token", "object", "list", "media");
        assertThat(GCS.calls()).doesNotContain("unauthorized");
        assertThat(GCS.issuedTokens()).isNotEmpty();
    }

    @Test
    void sqlReadsAPartitionedDataSet() throws Exception {
        StringBuilder options = new StringBuilder();
        settings()
                .forEach(
                        (k, v) ->
                                options.append(", 'storage.")
                                        .append(k)
                                        .append("' = '")
                                        .append(v)
                                        .append("'"));
        TableEnvironment tEnv = SqlTables.env(false);
        tEnv.executeSql(
                "CREATE TABLE trades (id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE,"
                        + " qty INT, note STRING, `day` DATE) PARTITIONED BY (`day`) WITH ("
                        + " 'connector' = 'parquet', 'path' = 'gs://lake/trades/'"
                        + options
                        + ")");
        String query =
                "SELECT id, symbol, price, note, `day` FROM trades WHERE qty > 440"
                        + " AND `day` = DATE '2024-01-02'";
        Map<Long, Row> byId = new TreeMap<>();
        for (Row row : SqlTables.collect(tEnv, query)) {
            assertThat(byId.put((Long) row.getField(0), row)).as("each row once").isNull();
        }
        List<Long> expected =
                LongStream.range(ROWS_PER_DAY, 2L * ROWS_PER_DAY)
                        .filter(id -> TradeFiles.qty(id) > 440)
                        .boxed()
                        .collect(Collectors.toList());
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(byId.keySet()).containsExactlyElementsOf(expected);
        byId.forEach(
                (id, row) -> {
                    assertThat(row.getField(1)).isEqualTo(TradeFiles.symbol(id));
                    assertThat(row.getField(2)).isEqualTo(TradeFiles.price(id));
                    assertThat(row.getField(3)).isEqualTo(TradeFiles.note(id));
                    assertThat(row.getField(4)).isEqualTo(LocalDate.of(2024, 1, 2));
                });

        String explain =
                tEnv.explainSql(
                        query, ExplainDetail.JSON_EXECUTION_PLAN, ExplainDetail.ESTIMATED_COST);
        assertThat(explain).contains("trades");
        assertNoSecret("EXPLAIN", explain);
        assertNoSecretInLogs();
        assertOnlyImplementedCalls();
    }

    @Test
    void dataStreamReadsEveryPartitionWithAFilter() throws Exception {
        var builder =
                LaminarParquetSource.forRowData()
                        .path("gs://lake/trades/")
                        .columns("id", "ts", "price", "note", "day")
                        .filter(ParquetFilter.eq("symbol", "GOOG"));
        settings().forEach(builder::storageOption);
        LaminarParquetSource<RowData> source = builder.build();
        RowType type = source.getRowType();
        assertNoSecret("source config", source.getConfig().toString());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<RowData> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "gs");
        Map<Long, RowData> byId = new TreeMap<>();
        try (CloseableIterator<RowData> it = rows.executeAndCollect()) {
            it.forEachRemaining(row -> byId.put(row.getLong(0), row));
        }
        List<Long> expected =
                LongStream.range(0, 2L * ROWS_PER_DAY)
                        .filter(id -> "GOOG".equals(TradeFiles.symbol(id)))
                        .boxed()
                        .collect(Collectors.toList());
        assertThat(byId.keySet()).containsExactlyElementsOf(expected);
        byId.forEach(
                (id, row) -> {
                    TradeRows.assertTrade(row, type);
                    assertThat(LocalDate.ofEpochDay(row.getInt(4))).isEqualTo(day(id));
                });
        assertNoSecretInLogs();
        assertOnlyImplementedCalls();
    }

    @Test
    void aMissingBucketOrObjectFailsWhenTheSourceIsBuiltNamingThePath() {
        for (String path :
                List.of(
                        "gs://no-such-bucket/trades/",
                        "gs://lake/trades/day=2024-01-03/x.parquet")) {
            var builder = LaminarParquetSource.forRowData().path(path);
            settings().forEach(builder::storageOption);
            Throwable error = catchThrowable(builder::build);
            assertThat(error).as(path).isNotNull();
            String text = ExceptionUtils.stringifyException(error);
            assertThat(text)
                    .contains(path.substring(0, path.length() - 1))
                    .contains("does not exist");
            assertNoSecret("error", text);
        }
        assertThat(GCS.unknownRequests())
                .as("requests the test server does not implement")
                .isEmpty();

        // another service account's key: the token endpoint refuses it
        var strangerSource = LaminarParquetSource.forRowData().path("gs://lake/trades/");
        stranger.settings().forEach(strangerSource::storageOption);
        String refused = ExceptionUtils.stringifyException(catchThrowable(strangerSource::build));
        assertThat(refused).contains("gs://lake/trades").contains("invalid_grant");
        assertNoSecret("error", refused);
        assertNoSecretInLogs();
    }
}
