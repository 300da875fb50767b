package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SQL over Parquet files on a MiniCluster, in streaming and batch runtime mode. */
class ParquetTableITCase {

    private static final int ROWS_PER_DAY = 1000;

    @RegisterExtension static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @TempDir static Path dir;

    private static Path root;

    /** For metadata: x has 3 row groups of 1,000 rows, y one of 6,000 rows in pages of 1,000. */
    private static Path meta;

    @BeforeAll
    static void writeFiles() throws Exception {
        root = dir.resolve("trades");
        TradeFiles.write(root.resolve("day=2024-01-01/a.parquet"), 0, ROWS_PER_DAY, 250);
        TradeFiles.write(root.resolve("day=2024-01-02/b.parquet"), ROWS_PER_DAY, ROWS_PER_DAY, 250);
        meta = dir.resolve("meta");
        TradeFiles.write(meta.resolve("x.parquet"), 0, 3_000, 1_000);
        TradeFiles.write(meta.resolve("y.parquet"), 3_000, 6_000, 6_000);
    }

    private static TableEnvironment env(boolean streaming) {
        TableEnvironment tEnv = SqlTables.env(streaming);
        tEnv.getConfig().set("parallelism.default", "2");
        tEnv.executeSql(
                "CREATE TABLE trades ("
                        + " id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE, qty INT,"
                        + " note STRING, `day` DATE"
                        + ") PARTITIONED BY (`day`) WITH ("
                        + " 'connector' = 'parquet', 'path' = '"
                        + root.toUri()
                        + "', 'batch.size' = '100')");
        return tEnv;
    }

    private static List<Long> ids(LongPredicate predicate) {
        return LongStream.range(0, 2L * ROWS_PER_DAY)
                .filter(predicate)
                .boxed()
                .collect(Collectors.toList());
    }

    private static LocalDate day(long id) {
        return id < ROWS_PER_DAY ? LocalDate.of(2024, 1, 1) : LocalDate.of(2024, 1, 2);
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void projectionAndFilterByValue(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        List<Row> rows =
                SqlTables.collect(
                        tEnv,
                        "SELECT price, id, symbol, `day`, ts FROM trades"
                                + " WHERE qty > 490 AND symbol = 'IBM'");
        List<Long> expected =
                ids(id -> TradeFiles.qty(id) > 490 && "IBM".equals(TradeFiles.symbol(id)));
        assertThat(expected).isNotEmpty();
        assertThat(rows).hasSize(expected.size());
        for (Row row : rows) {
            long id = (Long) row.getField(1);
            assertThat(expected).contains(id);
            assertThat(row.getArity()).isEqualTo(5);
            assertThat(row.getField(0)).isEqualTo(TradeFiles.price(id));
            assertThat(row.getField(2)).isEqualTo("IBM");
            assertThat(row.getField(3)).isEqualTo(day(id));
            assertThat(row.getField(4))
                    .isEqualTo(
                            LocalDateTime.ofEpochSecond(
                                    TradeFiles.ts(id) / 1000, 0, ZoneOffset.UTC));
        }
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void partitionColumnFiltersAndValues(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        List<Row> rows =
                SqlTables.collect(
                        tEnv,
                        "SELECT id, `day`, note FROM trades"
                                + " WHERE `day` = DATE '2024-01-02' AND id < 1012");
        assertThat(rows)
                .containsExactlyInAnyOrderElementsOf(
                        ids(id -> id >= 1000 && id < 1012).stream()
                                .map(id -> Row.of(id, day(id), TradeFiles.note(id)))
                                .collect(Collectors.toList()));
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void nullsInOrAndDoubles(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        assertThat(SqlTables.collect(tEnv, "SELECT id FROM trades WHERE note IS NULL AND id < 50"))
                .containsExactlyInAnyOrder(
                        Row.of(0L), Row.of(10L), Row.of(20L), Row.of(30L), Row.of(40L));
        assertThat(
                        SqlTables.collect(
                                tEnv,
                                "SELECT id FROM trades WHERE symbol IN ('AAPL', 'MSFT', 'IBM',"
                                        + " 'NVDA', 'TSLA') AND NOT (id >= 20) AND (qty = 1 OR"
                                        + " id BETWEEN 5 AND 9)"))
                .containsExactlyInAnyOrderElementsOf(
                        ids(
                                        id ->
                                                id < 20
                                                        && List.of(
                                                                        "AAPL", "MSFT", "IBM",
                                                                        "NVDA", "TSLA")
                                                                .contains(TradeFiles.symbol(id))
                                                        && (TradeFiles.qty(id) == 1
                                                                || (id >= 5 && id <= 9)))
                                .stream()
                                .map(Row::of)
                                .collect(Collectors.toList()));
        assertThat(SqlTables.collect(tEnv, "SELECT id FROM trades WHERE price >= 109.98"))
                .containsExactlyInAnyOrderElementsOf(
                        ids(id -> TradeFiles.price(id) >= 109.98).stream()
                                .map(Row::of)
                                .collect(Collectors.toList()));
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void countStarReadsNoColumn(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        List<Row> rows = SqlTables.collect(tEnv, "SELECT COUNT(*) FROM trades");
        // Streaming emits the running count as updates; the last one is the total.
        Row last = rows.get(rows.size() - 1);
        assertThat(last.getField(0)).isEqualTo(2L * ROWS_PER_DAY);
    }

    @Test
    void explainShowsPushedProjectionAndFilter() {
        TableEnvironment tEnv = env(false);
        String plan =
                tEnv.explainSql(
                        "SELECT id, price FROM trades WHERE qty > 490 AND symbol = 'IBM'"
                                + " AND `day` = DATE '2024-01-01'");
        assertThat(plan)
                .contains("filter=[")
                .contains("project=[id, price]")
                .contains("490")
                .contains("IBM");
        // EXPLAIN with storage secrets: s3/S3StorageSettingsITCase.
        // Everything was translated, so nothing is left for a Calc to filter.
        assertThat(plan).doesNotContain("where=[");
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void castsThePlannerInsertsAreLookedThrough(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        // qty INT against a DECIMAL and a DOUBLE literal: the planner casts the column.
        String decimal = "SELECT id FROM trades WHERE qty > 489.5 AND id < 1500";
        String plan = tEnv.explainSql(decimal);
        assertThat(plan).contains("filter=[").contains("489.5").doesNotContain("where=[");
        assertThat(SqlTables.collect(tEnv, decimal))
                .containsExactlyInAnyOrderElementsOf(
                        rows(ids(id -> TradeFiles.qty(id) > 489.5 && id < 1500)));
        String dbl = "SELECT id FROM trades WHERE qty <= CAST(2.5 AS DOUBLE)";
        assertThat(tEnv.explainSql(dbl)).contains("filter=[").doesNotContain("where=[");
        assertThat(SqlTables.collect(tEnv, dbl))
                .containsExactlyInAnyOrderElementsOf(rows(ids(id -> TradeFiles.qty(id) <= 2.5)));
        // A cast that loses values (DOUBLE to INT) stays with Flink, and the answer is right.
        String lossy = "SELECT id FROM trades WHERE CAST(price AS INT) = 109 AND id < 1000";
        assertThat(tEnv.explainSql(lossy)).contains("where=[").contains("CAST(price");
        assertThat(SqlTables.collect(tEnv, lossy))
                .containsExactlyInAnyOrderElementsOf(
                        rows(ids(id -> (int) TradeFiles.price(id) == 109 && id < 1000)));
    }

    private static List<Row> rows(List<Long> ids) {
        return ids.stream().map(Row::of).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void limitIsPushedAndStillExact(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        String sql = "SELECT id, symbol FROM trades WHERE qty > 100 LIMIT 7";
        assertThat(tEnv.explainSql(sql)).contains("limit=[7]");
        List<Row> rows = SqlTables.collect(tEnv, sql);
        assertThat(rows).hasSize(7);
        for (Row row : rows) {
            long id = (Long) row.getField(0);
            assertThat(TradeFiles.qty(id)).isGreaterThan(100);
            assertThat(row.getField(1)).isEqualTo(TradeFiles.symbol(id));
        }
    }

    @Test
    void watermarkIsPushedAndWindowsAreComplete() throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set("parallelism.default", "2");
        tEnv.executeSql(
                "CREATE TABLE timed (id BIGINT, ts TIMESTAMP(3), qty INT, `day` DATE,"
                        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
                        + " PARTITIONED BY (`day`) WITH ('connector' = 'parquet', 'path' = '"
                        + root.toUri()
                        + "', 'batch.size' = '100', 'event.time.column' = 'ts')");
        String sql =
                "SELECT window_start, COUNT(*), SUM(qty) FROM TABLE(TUMBLE(TABLE timed,"
                        + " DESCRIPTOR(ts), INTERVAL '10' MINUTE)) GROUP BY window_start,"
                        + " window_end";
        assertThat(tEnv.explainSql(sql)).contains("watermark=[");
        List<Row> rows = SqlTables.collect(tEnv, sql);
        // ids are seconds since 2024-01-01: 2000 ids fill 3 whole 10-minute windows and a part.
        assertThat(rows).hasSize(4);
        long total = 0;
        for (Row row : rows) {
            LocalDateTime start = (LocalDateTime) row.getField(0);
            long first = start.toEpochSecond(ZoneOffset.UTC) - TradeFiles.EPOCH_MILLIS_2024 / 1000;
            long last = Math.min(first + 600, 2L * ROWS_PER_DAY);
            assertThat(row.getField(1)).isEqualTo(last - first);
            assertThat(((Number) row.getField(2)).longValue())
                    .isEqualTo(LongStream.range(first, last).map(id -> TradeFiles.qty(id)).sum());
            total += last - first;
        }
        assertThat(total).isEqualTo(2L * ROWS_PER_DAY);
    }

    @Test
    void metadataOnlyQueryReadsACheapColumnTheFilesHave() throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        // The first column is NOT NULL and in no file: reading it would fail the query.
        tEnv.executeSql(
                "CREATE TABLE counted (extra BIGINT NOT NULL, nested ROW<a INT>, id BIGINT,"
                        + " fname STRING METADATA FROM 'file.name' VIRTUAL) WITH"
                        + " ('connector' = 'parquet', 'hive.partitioning' = 'false', 'path' = '"
                        + root.toUri()
                        + "')");
        assertThat(SqlTables.collect(tEnv, "SELECT fname, COUNT(*) FROM counted GROUP BY fname"))
                .containsExactlyInAnyOrder(
                        Row.of("a.parquet", (long) ROWS_PER_DAY),
                        Row.of("b.parquet", (long) ROWS_PER_DAY));
    }

    @Test
    void aTypeTheFilesCannotBeReadAsFailsBeforeTheJobRuns() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE wrong (id BIGINT, qty BOOLEAN) WITH ('connector' = 'parquet',"
                        + " 'hive.partitioning' = 'false', 'path' = '"
                        + root.toUri()
                        + "')");
        // Checked on the first file while the plan is translated: no job is submitted.
        assertThatThrownBy(() -> tEnv.executeSql("SELECT id, qty FROM wrong"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "Cannot read Parquet table 'default_catalog.default_database.wrong'")
                .hasMessageContaining("Cannot read column 'qty' of Parquet file")
                .hasMessageContaining("a.parquet as the declared type BOOLEAN")
                .hasMessageContaining("int32 qty");
    }

    @Test
    void sourceParallelismIsTheJobsUnlessSet() {
        // parallelism.default is 2 in env(): an unset 'parallelism' follows it.
        String plan =
                env(false).explainSql("SELECT id FROM trades", ExplainDetail.JSON_EXECUTION_PLAN);
        assertThat(plan).contains("ParquetSource").contains("\"parallelism\" : 2");
        assertThat(plan).doesNotContain("\"parallelism\" : 1");
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE three (id BIGINT) WITH ('connector' = 'parquet', 'path' = '"
                        + root.toUri()
                        + "', 'scan.parallelism' = '3')");
        assertThat(tEnv.explainSql("SELECT id FROM three", ExplainDetail.JSON_EXECUTION_PLAN))
                .contains("\"parallelism\" : 3");
    }

    @Test
    void doublesArePushedButAlsoCheckedByFlink() {
        String plan = env(false).explainSql("SELECT id FROM trades WHERE price > 109.0");
        assertThat(plan).contains("filter=[").contains("where=[");
    }

    @Test
    void aDeclaredColumnTheFilesLackIsNull() throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE t (id BIGINT, extra STRING) WITH ('connector' = 'parquet',"
                        + " 'path' = '"
                        + root.toUri()
                        + "', 'hive.partitioning' = 'false')");
        assertThat(SqlTables.collect(tEnv, "SELECT id, extra FROM t WHERE id < 3"))
                .containsExactlyInAnyOrder(Row.of(0L, null), Row.of(1L, null), Row.of(2L, null));
        assertThat(
                        SqlTables.collect(
                                tEnv, "SELECT id FROM t WHERE extra IS NOT NULL OR extra = 'x'"))
                .isEmpty();
    }

    @Test
    void aDeclaredNotNullColumnTheFilesLackFailsNamingIt() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE t (id BIGINT, extra STRING NOT NULL) WITH ('connector' = 'parquet',"
                        + " 'path' = '"
                        + root.toUri()
                        + "', 'hive.partitioning' = 'false')");
        assertThatThrownBy(() -> SqlTables.collect(tEnv, "SELECT id, extra FROM t"))
                .hasStackTraceContaining("has no column 'extra'");
    }

    private static TableEnvironment metadataEnv(boolean streaming) {
        TableEnvironment tEnv = SqlTables.env(streaming);
        tEnv.getConfig().set("parallelism.default", "2");
        tEnv.executeSql(
                "CREATE TABLE m (id BIGINT, symbol STRING, qty INT,"
                        + " `file.name` STRING METADATA VIRTUAL,"
                        + " rg INT METADATA FROM 'row_group' VIRTUAL,"
                        + " ri BIGINT METADATA FROM 'row_index' VIRTUAL,"
                        + " fsize BIGINT METADATA FROM 'file.size' VIRTUAL,"
                        + " mtime TIMESTAMP_LTZ(3) METADATA FROM 'file.modification-time' VIRTUAL,"
                        + " fpath STRING METADATA FROM 'file.path' VIRTUAL"
                        + ") WITH ('connector' = 'parquet', 'path' = '"
                        + meta.toUri()
                        + "', 'hive.partitioning' = 'false', 'batch.size' = '100')");
        return tEnv;
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void metadataColumnsGiveEachRowsFileAndPositionUnderPushdown(boolean streaming)
            throws Exception {
        TableEnvironment tEnv = metadataEnv(streaming);
        // Row groups of x pruned, pages of y skipped: positions are still those in the files.
        List<Row> rows =
                SqlTables.collect(
                        tEnv,
                        "SELECT ri, `file.name`, id, rg FROM m"
                                + " WHERE id BETWEEN 1500 AND 1600 OR id BETWEEN 7100 AND 7200");
        assertThat(rows).hasSize(202);
        for (Row row : rows) {
            long id = (Long) row.getField(2);
            assertThat(row.getField(1)).isEqualTo(id < 3_000 ? "x.parquet" : "y.parquet");
            assertThat(row.getField(0)).isEqualTo(id < 3_000 ? id : id - 3_000);
            assertThat(row.getField(3)).isEqualTo(id < 3_000 ? (int) (id / 1_000) : 0);
        }
        // Metadata without the filter's column in the projection.
        assertThat(SqlTables.collect(tEnv, "SELECT ri, fsize, fpath, mtime FROM m WHERE id < 3"))
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.range(0, 3)
                                .mapToObj(
                                        ri -> {
                                            try {
                                                Path x = meta.resolve("x.parquet");
                                                return Row.of(
                                                        ri,
                                                        java.nio.file.Files.size(x),
                                                        "file:" + x,
                                                        java.nio.file.Files.getLastModifiedTime(x)
                                                                .toInstant()
                                                                .truncatedTo(
                                                                        java.time.temporal
                                                                                .ChronoUnit
                                                                                .MILLIS));
                                            } catch (java.io.IOException e) {
                                                throw new java.io.UncheckedIOException(e);
                                            }
                                        })
                                .collect(Collectors.toList()));
    }

    @Test
    void onlyMetadataColumnsReadNoOtherColumn() throws Exception {
        TableEnvironment tEnv = metadataEnv(false);
        assertThat(
                        SqlTables.collect(
                                tEnv,
                                "SELECT `file.name`, COUNT(*), MAX(ri) FROM m GROUP BY `file.name`"))
                .containsExactlyInAnyOrder(
                        Row.of("x.parquet", 3_000L, 2_999L), Row.of("y.parquet", 6_000L, 5_999L));
    }

    @Test
    void explainShowsMetadataProjectionAndFilter() {
        String plan = metadataEnv(false).explainSql("SELECT id, ri, rg FROM m WHERE qty > 490");
        assertThat(plan)
                .contains("metadata=[row_group, row_index]")
                .contains("filter=[")
                .doesNotContain("where=[");
    }
}
