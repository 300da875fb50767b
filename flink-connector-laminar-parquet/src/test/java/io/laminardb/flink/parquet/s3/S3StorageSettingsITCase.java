package io.laminardb.flink.parquet.s3;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;
import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Per-source storage settings against two real S3 servers (two S3Proxy instances, each with its own
 * endpoint and key pair) while the cluster's configuration knows neither: two tables of one job
 * read one bucket each, a DataStream source reads with {@code storageOption}, permanent failures
 * fail fast naming the path and the cause, and no secret is printed anywhere.
 */
class S3StorageSettingsITCase {

    private static final int ROWS = 1000;
    private static final String EAST_SECRET = "east-SECRET-7f3q";
    private static final String WEST_SECRET = "west-SECRET-k2v9";
    private static final String WRONG_SECRET = "wrong-SECRET-x8p1";

    @RegisterExtension
    @Order(1)
    static final S3ProxyServer EAST = new S3ProxyServer("east-ACCESS-1", EAST_SECRET);

    @RegisterExtension
    @Order(2)
    static final S3ProxyServer WEST = new S3ProxyServer("west-ACCESS-2", WEST_SECRET);

    @RegisterExtension
    @Order(3)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    /** Log messages at INFO and above, per test: ours, Flink's, and those of Hadoop S3A. */
    @RegisterExtension
    final LoggerAuditingExtension ourLogs = new LoggerAuditingExtension("io.laminardb", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension flinkLogs =
            new LoggerAuditingExtension("org.apache.flink", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension hadoopLogs =
            new LoggerAuditingExtension("org.apache.hadoop", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension awsLogs =
            new LoggerAuditingExtension("com.amazonaws", Level.INFO);

    @TempDir static Path dir;

    @BeforeAll
    static void upload() throws Exception {
        TradeFiles.write(dir.resolve("east/day=2024-01-01/a.parquet"), 0, ROWS, 300);
        TradeFiles.write(dir.resolve("west/day=2024-01-02/b.parquet"), ROWS, ROWS, 300);
        EAST.createBucket("east");
        EAST.putTree("east", "trades/", dir.resolve("east"));
        WEST.createBucket("west");
        WEST.putTree("west", "trades/", dir.resolve("west"));
        // The cluster's configuration has no S3 settings: only the sources' own settings reach
        // the stores.
        FlinkFsPlugins.initializeFileSystems(new Configuration());
    }

    @AfterAll
    static void resetFileSystems() {
        FileSystem.initialize(new Configuration(), null);
    }

    private static String tableOptions(S3ProxyServer s3, String secret) {
        return "'storage.s3.endpoint' = '"
                + s3.endpoint()
                + "', 'storage.s3.path.style.access' = 'true', 'storage.s3.access-key' = '"
                + s3.accessKey()
                + "', 'storage.s3.secret-key' = '"
                + secret
                + "'";
    }

    private static void createTable(
            TableEnvironment tEnv, String name, String path, S3ProxyServer s3, String secret) {
        tEnv.executeSql(
                "CREATE TABLE "
                        + name
                        + " (id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE, qty INT,"
                        + " note STRING, `day` DATE) PARTITIONED BY (`day`) WITH ("
                        + " 'connector' = 'parquet', 'path' = '"
                        + path
                        + "', "
                        + tableOptions(s3, secret)
                        + ")");
    }

    private static void assertNoSecret(String what, String text) {
        assertThat(text)
                .as(what)
                .doesNotContain(EAST_SECRET)
                .doesNotContain(WEST_SECRET)
                .doesNotContain(WRONG_SECRET);
    }

    private void assertNoSecretInLogs() {
        assertThat(flinkLogs.getMessages()).as("Flink's log messages captured").isNotEmpty();
        for (LoggerAuditingExtension logs : List.of(ourLogs, flinkLogs, hadoopLogs, awsLogs)) {
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

    @Test
    void twoTablesReadTwoStoresWithTwoKeyPairsInOneJob() throws Exception {
        TableEnvironment tEnv = SqlTables.env(false);
        createTable(tEnv, "east_trades", "s3://east/trades/", EAST, EAST_SECRET);
        createTable(tEnv, "west_trades", "s3a://west/trades/", WEST, WEST_SECRET);
        String query =
                "SELECT 'east' AS origin, id, price, symbol, `day` FROM east_trades WHERE qty > 470"
                        + " UNION ALL "
                        + "SELECT 'west' AS origin, id, price, symbol, `day` FROM west_trades"
                        + " WHERE qty > 470";

        Map<Long, Row> byId = new TreeMap<>();
        for (Row row : SqlTables.collect(tEnv, query)) {
            assertThat(byId.put((Long) row.getField(1), row)).as("each row once").isNull();
        }
        List<Long> expected =
                LongStream.range(0, 2L * ROWS)
                        .filter(id -> TradeFiles.qty(id) > 470)
                        .boxed()
                        .collect(Collectors.toList());
        assertThat(expected).hasSizeGreaterThan(40);
        assertThat(byId.keySet()).containsExactlyElementsOf(expected);
        for (Map.Entry<Long, Row> e : byId.entrySet()) {
            long id = e.getKey();
            Row row = e.getValue();
            boolean east = id < ROWS;
            assertThat(row.getField(0)).isEqualTo(east ? "east" : "west");
            assertThat(row.getField(2)).isEqualTo(TradeFiles.price(id));
            assertThat(row.getField(3)).isEqualTo(TradeFiles.symbol(id));
            assertThat(row.getField(4))
                    .isEqualTo(east ? LocalDate.of(2024, 1, 1) : LocalDate.of(2024, 1, 2));
        }

        // Not in EXPLAIN (with the JSON execution plan), nor in the logs of the whole job.
        String explain =
                tEnv.explainSql(
                        query, ExplainDetail.JSON_EXECUTION_PLAN, ExplainDetail.ESTIMATED_COST);
        assertThat(explain).contains("east_trades").contains("west_trades");
        assertNoSecret("EXPLAIN", explain);
        assertNoSecretInLogs();
    }

    @Test
    void dataStreamSourceWithStorageOptions() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path("s3://west/trades/")
                        .storageOption("s3.endpoint", WEST.endpoint())
                        .storageOption("s3.path.style.access", "true")
                        .storageOption("s3.access-key", WEST.accessKey())
                        .storageOption("s3.secret-key", WEST_SECRET)
                        .columns("id", "note")
                        .filter(ParquetFilter.eq("symbol", "NVDA"))
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "west trades").print();

        // What a job's graph prints: the execution plan, the job and vertex configurations.
        assertNoSecret("source config", source.getConfig().toString());
        assertNoSecret("storage settings", source.getConfig().storage().toString());
        assertNoSecret("execution plan", env.getExecutionPlan());
        JobGraph jobGraph = env.getStreamGraph(false).getJobGraph();
        assertNoSecret("job configuration", jobGraph.getJobConfiguration().toString());
        for (JobVertex vertex : jobGraph.getVertices()) {
            assertNoSecret("vertex", vertex.getName() + vertex.getConfiguration());
        }

        Map<Long, String> notes = new TreeMap<>();
        try (CloseableIterator<RowData> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "west trades")
                        .executeAndCollect()) {
            it.forEachRemaining(
                    row ->
                            notes.put(
                                    row.getLong(0),
                                    row.isNullAt(1) ? null : row.getString(1).toString()));
        }
        List<Long> expected = new ArrayList<>();
        for (long id = ROWS; id < 2 * ROWS; id++) {
            if ("NVDA".equals(TradeFiles.symbol(id))) {
                expected.add(id);
            }
        }
        assertThat(notes.keySet()).containsExactlyElementsOf(expected);
        notes.forEach((id, note) -> assertThat(note).isEqualTo(TradeFiles.note(id)));
        assertNoSecretInLogs();
    }

    /** Builds a source for the path with the given secret; returns what it failed with. */
    private static Throwable buildFailure(String path, S3ProxyServer s3, String secret) {
        long start = System.nanoTime();
        Throwable error =
                catchThrowable(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(path)
                                        .storageOption("s3.endpoint", s3.endpoint())
                                        .storageOption("s3.path.style.access", "true")
                                        .storageOption("s3.access-key", s3.accessKey())
                                        .storageOption("s3.secret-key", secret)
                                        .build());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(error).as("building a source of " + path + " must fail").isNotNull();
        assertThat(seconds).as("fails fast (seconds)").isLessThan(30);
        assertNoSecret("error", ExceptionUtils.stringifyException(error));
        return error;
    }

    @Test
    void permanentFailuresFailFastNamingThePathAndTheCause() {
        assertThat(
                        ExceptionUtils.stringifyException(
                                buildFailure("s3://east/trades/", EAST, WRONG_SECRET)))
                .contains("s3://east/trades/")
                .containsAnyOf("403", "SignatureDoesNotMatch", "AccessDenied");
        assertThat(
                        ExceptionUtils.stringifyException(
                                buildFailure("s3://no-such-bucket/trades/", EAST, EAST_SECRET)))
                .contains("s3://no-such-bucket/trades")
                .containsAnyOf("does not exist", "NoSuchBucket");
        assertThat(
                        ExceptionUtils.stringifyException(
                                buildFailure(
                                        "s3://east/trades/day=2024-01-01/missing.parquet",
                                        EAST,
                                        EAST_SECRET)))
                .contains(
                        "The source path does not exist: s3://east/trades/day=2024-01-01/missing.parquet");
        // one store's key pair does not open the other's bucket
        assertThat(
                        ExceptionUtils.stringifyException(
                                buildFailure("s3://west/trades/", WEST, EAST_SECRET)))
                .contains("s3://west/trades/");
        assertNoSecretInLogs();
    }

    @Test
    void sqlFailuresNameTheTableAndTheKeyNeverTheSecret() {
        TableEnvironment tEnv = SqlTables.env(false);
        createTable(tEnv, "wrong_secret", "s3://east/trades/", EAST, WRONG_SECRET);
        Throwable denied = catchThrowable(() -> tEnv.explainSql("SELECT id FROM wrong_secret"));
        assertThat(denied).isNotNull();
        String deniedText = ExceptionUtils.stringifyException(denied);
        assertNoSecret("planning error", deniedText);
        assertThat(deniedText).contains("s3://east/trades");

        tEnv.executeSql(
                "CREATE TABLE typo (id BIGINT) WITH ('connector' = 'parquet', 'path' ="
                        + " 's3://east/trades/', 'storage.s3.secret-key' = '"
                        + EAST_SECRET
                        + "', 'storage.s3.acess-key' = 'east-ACCESS-1')");
        String typo =
                ExceptionUtils.stringifyException(
                        catchThrowable(() -> tEnv.explainSql("SELECT id FROM typo")));
        assertThat(typo)
                .contains("Unknown storage option 'storage.s3.acess-key'")
                .contains("Parquet table");
        assertNoSecret("planning error", typo);
        assertNoSecretInLogs();
    }
}
