package io.laminardb.flink.parquet.s3;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.SourceMode;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;
import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded reads from a real S3 server (S3Proxy on 127.0.0.1) through Flink's S3 file system plugin,
 * configured for the whole JVM as a Flink cluster's is: projection, a filter and Hive partitions,
 * in the DataStream API and in SQL, every value checked against what was uploaded; and a continuous
 * read of objects uploaded while the job runs.
 */
class S3ReadITCase {

    private static final int ROWS_PER_DAY = 1000;

    @RegisterExtension
    @Order(1)
    static final S3ProxyServer S3 = new S3ProxyServer("cluster-access", "cluster-secret");

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @TempDir static Path dir;

    @BeforeAll
    static void uploadTrades() throws Exception {
        Path local = dir.resolve("trades");
        TradeFiles.writeTwoDays(local, ROWS_PER_DAY);
        S3.createBucket("lake");
        assertThat(S3.putTree("lake", "trades/", local))
                .containsExactly(
                        "trades/day=2024-01-01/a.parquet", "trades/day=2024-01-02/b.parquet");
        FlinkFsPlugins.initializeFileSystems(FlinkFsPlugins.s3Config(S3));
    }

    @AfterAll
    static void resetFileSystems() {
        org.apache.flink.core.fs.FileSystem.initialize(new Configuration(), null);
    }

    private static LocalDate day(long id) {
        return id < ROWS_PER_DAY ? LocalDate.of(2024, 1, 1) : LocalDate.of(2024, 1, 2);
    }

    private static List<Long> ids(LongPredicate predicate) {
        return LongStream.range(0, 2L * ROWS_PER_DAY)
                .filter(predicate)
                .boxed()
                .collect(Collectors.toList());
    }

    @Test
    void dataStreamProjectionFilterAndPartitions() throws Exception {
        for (String scheme : List.of("s3", "s3a")) {
            LaminarParquetSource<RowData> source =
                    LaminarParquetSource.forRowData()
                            .path(scheme + "://lake/trades/")
                            .columns("price", "id", "day")
                            .filter(
                                    ParquetFilter.and(
                                            ParquetFilter.gt("qty", 450),
                                            ParquetFilter.eq("symbol", "MSFT")))
                            .build();
            RowType type = source.getRowType();
            assertThat(type.getFieldNames()).containsExactly("price", "id", "day");

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            Map<Long, RowData> byId = new TreeMap<>();
            try (CloseableIterator<RowData> it =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "s3")
                            .executeAndCollect()) {
                it.forEachRemaining(row -> byId.put(row.getLong(1), row));
            }

            List<Long> expected =
                    ids(id -> TradeFiles.qty(id) > 450 && "MSFT".equals(TradeFiles.symbol(id)));
            assertThat(expected).isNotEmpty();
            assertThat(byId.keySet()).as(scheme).containsExactlyElementsOf(expected);
            for (Map.Entry<Long, RowData> e : byId.entrySet()) {
                long id = e.getKey();
                RowData row = e.getValue();
                assertThat(row.getDouble(0)).isEqualTo(TradeFiles.price(id));
                assertThat(LocalDate.ofEpochDay(row.getInt(2))).isEqualTo(day(id));
            }
        }
    }

    @Test
    void sqlProjectionFilterAndPartitionPruning() throws Exception {
        TableEnvironment tEnv = SqlTables.env(false);
        tEnv.executeSql(
                "CREATE TABLE trades (id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE,"
                        + " qty INT, note STRING, `day` DATE) PARTITIONED BY (`day`) WITH ("
                        + " 'connector' = 'parquet', 'path' = 's3://lake/trades/')");
        List<Row> rows =
                SqlTables.collect(
                        tEnv,
                        "SELECT id, ts, note, `day` FROM trades WHERE qty < 20 AND symbol <> 'IBM'"
                                + " AND `day` = DATE '2024-01-02'");
        List<Long> expected =
                ids(
                        id ->
                                id >= ROWS_PER_DAY
                                        && TradeFiles.qty(id) < 20
                                        && !"IBM".equals(TradeFiles.symbol(id)));
        assertThat(expected).isNotEmpty();
        List<Long> got = new ArrayList<>();
        for (Row row : rows) {
            long id = (Long) row.getField(0);
            got.add(id);
            assertThat(row.getField(1))
                    .isEqualTo(
                            LocalDateTime.ofEpochSecond(
                                    TradeFiles.ts(id) / 1000, 0, ZoneOffset.UTC));
            assertThat(row.getField(2)).isEqualTo(TradeFiles.note(id));
            assertThat(row.getField(3)).isEqualTo(LocalDate.of(2024, 1, 2));
        }
        got.sort(null);
        assertThat(got).containsExactlyElementsOf(expected);
    }

    /**
     * Continuous mode over S3: objects uploaded while the job runs, in a known prefix and in a
     * partition prefix that did not exist when the job started, are each read once. An S3 object
     * appears whole, so the "listed unchanged twice" rule holds it back for one poll only; the
     * modification times S3Proxy lists all lie within the default settle window (10 min) of the
     * newest, whatever their granularity, so objects with equal or older times are still read.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void continuousReadPicksUpNewObjectsAndPrefixes() throws Exception {
        Path local = dir.resolve("live");
        TradeFiles.write(local.resolve("a.parquet"), 10_000, 300, 100);
        TradeFiles.write(local.resolve("b.parquet"), 10_300, 200, 100);
        TradeFiles.write(local.resolve("c.parquet"), 10_500, 250, 100);
        S3.put(
                "lake",
                "live/day=2024-03-01/a.parquet",
                Files.readAllBytes(local.resolve("a.parquet")));

        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path("s3://lake/live/")
                        .partitionColumn("day", VarCharType.STRING_TYPE)
                        .columns("id", "symbol", "qty", "note", "day")
                        .mode(SourceMode.CONTINUOUS)
                        .pollInterval(Duration.ofMillis(200))
                        .build();
        RowType type = source.getRowType();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Map<Long, String> days = new HashMap<>();
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "s3 live")
                        .executeAndCollect("s3 continuous")) {
            readDistinct(rows, type, days, 300);
            // a new object in a prefix already read
            S3.put(
                    "lake",
                    "live/day=2024-03-01/b.parquet",
                    Files.readAllBytes(local.resolve("b.parquet")));
            readDistinct(rows, type, days, 500);
            // a new object in a partition prefix that did not exist when the job started
            S3.put(
                    "lake",
                    "live/day=2024-03-02/c.parquet",
                    Files.readAllBytes(local.resolve("c.parquet")));
            readDistinct(rows, type, days, 750);
        }
        assertThat(days).hasSize(750);
        for (long id = 10_000; id < 10_750; id++) {
            assertThat(days.get(id))
                    .as("id %s", id)
                    .isEqualTo(id < 10_500 ? "2024-03-01" : "2024-03-02");
        }
    }

    /** Reads rows until {@code total} distinct ids were seen, checking each value; repeats fail. */
    private static void readDistinct(
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
}
