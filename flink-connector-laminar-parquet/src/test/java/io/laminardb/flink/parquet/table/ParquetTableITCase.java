package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

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
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SQL over Parquet files on a MiniCluster, in streaming and batch runtime mode. */
class ParquetTableITCase {

    private static final int ROWS_PER_DAY = 1000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path dir;

    private static Path root;

    @BeforeAll
    static void writeFiles() throws Exception {
        root = dir.resolve("trades");
        TradeFiles.write(root.resolve("day=2024-01-01/a.parquet"), 0, ROWS_PER_DAY, 250);
        TradeFiles.write(root.resolve("day=2024-01-02/b.parquet"), ROWS_PER_DAY, ROWS_PER_DAY, 250);
    }

    private static TableEnvironment env(boolean streaming) {
        EnvironmentSettings settings =
                streaming
                        ? EnvironmentSettings.inStreamingMode()
                        : EnvironmentSettings.inBatchMode();
        TableEnvironment tEnv = TableEnvironment.create(settings);
        tEnv.getConfig().set("parallelism.default", "2");
        tEnv.executeSql(
                "CREATE TABLE trades ("
                        + " id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE, qty INT,"
                        + " note STRING, `day` DATE"
                        + ") PARTITIONED BY (`day`) WITH ("
                        + " 'connector' = 'parquet', 'path' = '"
                        + root.toUri()
                        + "', 'batch.size' = '100', 'storage.s3.secret-key' = 'TOPSECRET')");
        return tEnv;
    }

    private static List<Row> query(TableEnvironment tEnv, String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
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
                query(
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
                query(
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
        assertThat(query(tEnv, "SELECT id FROM trades WHERE note IS NULL AND id < 50"))
                .containsExactlyInAnyOrder(
                        Row.of(0L), Row.of(10L), Row.of(20L), Row.of(30L), Row.of(40L));
        assertThat(
                        query(
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
        assertThat(query(tEnv, "SELECT id FROM trades WHERE price >= 109.98"))
                .containsExactlyInAnyOrderElementsOf(
                        ids(id -> TradeFiles.price(id) >= 109.98).stream()
                                .map(Row::of)
                                .collect(Collectors.toList()));
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void countStarReadsNoColumn(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        List<Row> rows = query(tEnv, "SELECT COUNT(*) FROM trades");
        // Streaming emits the running count as updates; the last one is the total.
        Row last = rows.get(rows.size() - 1);
        assertThat(last.getField(0)).isEqualTo(2L * ROWS_PER_DAY);
    }

    @Test
    void explainShowsPushedProjectionAndFilterAndNoSecret() {
        TableEnvironment tEnv = env(false);
        String plan =
                tEnv.explainSql(
                        "SELECT id, price FROM trades WHERE qty > 490 AND symbol = 'IBM'"
                                + " AND `day` = DATE '2024-01-01'");
        assertThat(plan)
                .contains("filter=[")
                .contains("project=[id, price]")
                .contains("490")
                .contains("IBM")
                .doesNotContain("TOPSECRET");
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
        assertThat(query(tEnv, decimal))
                .containsExactlyInAnyOrderElementsOf(
                        rows(ids(id -> TradeFiles.qty(id) > 489.5 && id < 1500)));
        String dbl = "SELECT id FROM trades WHERE qty <= CAST(2.5 AS DOUBLE)";
        assertThat(tEnv.explainSql(dbl)).contains("filter=[").doesNotContain("where=[");
        assertThat(query(tEnv, dbl))
                .containsExactlyInAnyOrderElementsOf(rows(ids(id -> TradeFiles.qty(id) <= 2.5)));
        // A cast that loses values (DOUBLE to INT) stays with Flink, and the answer is right.
        String lossy = "SELECT id FROM trades WHERE CAST(price AS INT) = 109 AND id < 1000";
        assertThat(tEnv.explainSql(lossy)).contains("where=[").contains("CAST(price");
        assertThat(query(tEnv, lossy))
                .containsExactlyInAnyOrderElementsOf(
                        rows(ids(id -> (int) TradeFiles.price(id) == 109 && id < 1000)));
    }

    private static List<Row> rows(List<Long> ids) {
        return ids.stream().map(Row::of).collect(Collectors.toList());
    }

    @Test
    void doublesArePushedButAlsoCheckedByFlink() {
        String plan = env(false).explainSql("SELECT id FROM trades WHERE price > 109.0");
        assertThat(plan).contains("filter=[").contains("where=[");
    }

    @Test
    void declaredColumnTheFilesLackIsNotSupportedYet() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE t (id BIGINT, extra STRING) WITH ('connector' = 'parquet',"
                        + " 'path' = '"
                        + root.toUri()
                        + "', 'hive.partitioning' = 'false')");
        assertThatThrownBy(() -> query(tEnv, "SELECT id, extra FROM t"))
                .hasStackTraceContaining("extra");
    }
}
