package io.laminardb.flink.parquet.azure;

import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.SourceMode;
import io.laminardb.flink.parquet.testutils.AzuriteServer;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What {@link AzureReadITCase} ({@code wasb://}) and {@link AzureTlsReadITCase} ({@code wasbs://})
 * check. Reads from a real Azure Blob Storage server (Azurite, its own process on 127.0.0.1)
 * through Flink's Azure file system plugin (flink-azure-fs-hadoop, loaded from the plugins
 * directory), with the account key given to each source ({@code storage.azure.account.key.*}) while
 * the cluster's configuration knows no Azure account: a bounded SQL read with projection, a filter
 * and Hive partition pruning, a continuous read that picks up a blob uploaded while the job runs,
 * and a wrong key failing fast; the key is never printed.
 */
abstract class AzureReadChecks {

    private static final int ROWS_PER_DAY = 1000;
    private static final String CONTAINER = "lake";

    @RegisterExtension
    final LoggerAuditingExtension ourLogs = new LoggerAuditingExtension("io.laminardb", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension flinkLogs =
            new LoggerAuditingExtension("org.apache.flink", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension hadoopLogs =
            new LoggerAuditingExtension("org.apache.hadoop", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension azureLogs =
            new LoggerAuditingExtension("com.microsoft.azure", Level.INFO);

    @TempDir static java.nio.file.Path dir;

    /** Writes blobs with the account key, as a separate client would. */
    private static FileSystem uploader;

    /** The subclass's server (a static extension of the subclass). */
    abstract AzuriteServer azurite();

    /** Uploads the test data: call from the subclass's {@code @BeforeAll}. */
    static void upload(AzuriteServer azurite) throws Exception {
        Configuration withKey = new Configuration();
        withKey.setString(azurite.accountKeyOption(), azurite.accountKey());
        FlinkFsPlugins.initializeFileSystems(withKey);
        uploader = new Path(azurite.wasbRoot(CONTAINER)).getFileSystem();
        // creates the container
        assertThat(uploader.mkdirs(new Path(azurite.wasbRoot(CONTAINER) + "trades"))).isTrue();
        java.nio.file.Path local = dir.resolve("trades");
        TradeFiles.writeTwoDays(local, ROWS_PER_DAY);
        put(azurite, "trades/day=2024-01-01/a.parquet", local.resolve("day=2024-01-01/a.parquet"));
        put(azurite, "trades/day=2024-01-02/b.parquet", local.resolve("day=2024-01-02/b.parquet"));
        // The cluster's configuration has no Azure account: only the sources' settings reach it.
        FlinkFsPlugins.initializeFileSystems(new Configuration());
    }

    @AfterAll
    static void resetFileSystems() {
        FileSystem.initialize(new Configuration(), null);
    }

    private static void put(AzuriteServer azurite, String key, java.nio.file.Path file)
            throws Exception {
        try (OutputStream out =
                uploader.create(new Path(azurite.wasbRoot(CONTAINER) + key), WriteMode.OVERWRITE)) {
            Files.copy(file, out);
        }
    }

    private String tableOptions(String key) {
        return "'storage." + azurite().accountKeyOption() + "' = '" + key + "'";
    }

    private void assertNoSecret(String what, String text) {
        assertThat(text).as(what).doesNotContain(azurite().accountKey());
    }

    private void assertNoSecretInLogs() {
        assertThat(flinkLogs.getMessages()).as("Flink's log messages captured").isNotEmpty();
        for (LoggerAuditingExtension logs : List.of(ourLogs, flinkLogs, hadoopLogs, azureLogs)) {
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
    void sqlProjectionFilterAndPartitionPruning() throws Exception {
        AzuriteServer azurite = azurite();
        TableEnvironment tEnv = SqlTables.env(false);
        tEnv.executeSql(
                "CREATE TABLE trades (id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE,"
                        + " qty INT, note STRING, `day` DATE) PARTITIONED BY (`day`) WITH ("
                        + " 'connector' = 'parquet', 'path' = '"
                        + azurite.wasbRoot(CONTAINER)
                        + "trades/', "
                        + tableOptions(azurite.accountKey())
                        + ")");
        String query =
                "SELECT id, ts, price, note, `day` FROM trades WHERE qty < 30 AND symbol <> 'IBM'"
                        + " AND `day` = DATE '2024-01-02'";
        List<Row> rows = SqlTables.collect(tEnv, query);

        List<Long> expected =
                LongStream.range(ROWS_PER_DAY, 2L * ROWS_PER_DAY)
                        .filter(
                                id ->
                                        TradeFiles.qty(id) < 30
                                                && !"IBM".equals(TradeFiles.symbol(id)))
                        .boxed()
                        .collect(Collectors.toList());
        assertThat(expected).hasSizeGreaterThan(20);
        Map<Long, Row> byId = new TreeMap<>();
        for (Row row : rows) {
            assertThat(byId.put((Long) row.getField(0), row)).as("each row once").isNull();
        }
        assertThat(byId.keySet()).containsExactlyElementsOf(expected);
        byId.forEach(
                (id, row) -> {
                    assertThat(row.getField(1))
                            .isEqualTo(
                                    LocalDateTime.ofEpochSecond(
                                            TradeFiles.ts(id) / 1000, 0, ZoneOffset.UTC));
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
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void continuousReadPicksUpANewBlob() throws Exception {
        AzuriteServer azurite = azurite();
        String root = azurite.wasbRoot(CONTAINER) + "live/";
        java.nio.file.Path local = dir.resolve("live");
        TradeFiles.write(local.resolve("a.parquet"), 5_000, 300, 100);
        TradeFiles.write(local.resolve("b.parquet"), 5_300, 200, 100);
        put(azurite, "live/day=2024-02-01/a.parquet", local.resolve("a.parquet"));

        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(root)
                        .storageOption(azurite.accountKeyOption(), azurite.accountKey())
                        .partitionColumn("day", VarCharType.STRING_TYPE)
                        .columns("id", "symbol", "qty", "note", "day")
                        .mode(SourceMode.CONTINUOUS)
                        .pollInterval(Duration.ofMillis(200))
                        .build();
        RowType type = source.getRowType();
        assertNoSecret("source config", source.getConfig().toString());
        // what a job's graph prints: the execution plan, the job and vertex configurations
        StreamExecutionEnvironment planEnv = StreamExecutionEnvironment.getExecutionEnvironment();
        planEnv.fromSource(source, WatermarkStrategy.noWatermarks(), "wasb live").print();
        assertNoSecret("execution plan", planEnv.getExecutionPlan());
        JobGraph jobGraph = planEnv.getStreamGraph(false).getJobGraph();
        assertNoSecret("job configuration", jobGraph.getJobConfiguration().toString());
        for (JobVertex vertex : jobGraph.getVertices()) {
            assertNoSecret("vertex", vertex.getName() + vertex.getConfiguration());
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Map<Long, String> days = new HashMap<>();
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "wasb live")
                        .executeAndCollect("wasb continuous")) {
            read(rows, type, days, 300);
            // a blob in a partition that did not exist when the job started
            put(azurite, "live/day=2024-02-02/b.parquet", local.resolve("b.parquet"));
            read(rows, type, days, 500);
        }
        for (long id = 5_000; id < 5_500; id++) {
            assertThat(days.get(id)).isEqualTo(id < 5_300 ? "2024-02-01" : "2024-02-02");
        }
        assertNoSecretInLogs();
    }

    /** Reads rows until {@code total} distinct ids were seen, checking each; repeats fail. */
    private static void read(
            CloseableIterator<RowData> rows, RowType type, Map<Long, String> days, int total) {
        int dayPos = type.getFieldNames().indexOf("day");
        while (days.size() < total) {
            assertThat(rows.hasNext()).isTrue();
            RowData row = rows.next();
            TradeRows.assertTrade(row, type);
            String previous = days.put(row.getLong(0), row.getString(dayPos).toString());
            assertThat(previous).as("id %s read twice", row.getLong(0)).isNull();
        }
    }

    @Test
    void aWrongKeyFailsFastNamingThePathNeverAKey() {
        AzuriteServer azurite = azurite();
        String wrongKey = azurite.accountKey().substring(4) + "AAAA";
        Throwable error =
                catchThrowable(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(azurite.wasbRoot(CONTAINER) + "trades/")
                                        .storageOption(azurite.accountKeyOption(), wrongKey)
                                        .build());
        assertThat(error).isNotNull();
        String text = ExceptionUtils.stringifyException(error);
        assertThat(text)
                .contains(azurite.wasbRoot(CONTAINER) + "trades")
                .containsAnyOf("403", "AuthorizationFailure", "Server failed to authenticate");
        assertNoSecret("error", text);
        assertThat(text).doesNotContain(wrongKey);

        // an unknown Azure key fails naming the key and the keys allowed, never its value
        String typo =
                ExceptionUtils.stringifyException(
                        catchThrowable(
                                () ->
                                        LaminarParquetSource.forRowData()
                                                .path(azurite.wasbRoot(CONTAINER))
                                                .storageOption(
                                                        "azure.acount.key." + azurite.accountHost(),
                                                        azurite.accountKey())
                                                .build()));
        assertThat(typo)
                .contains("Unknown storage option 'storage.azure.acount.key.")
                .contains("storage.azure.account.key.<account>");
        assertNoSecret("typo error", typo);
        assertNoSecretInLogs();
    }
}
