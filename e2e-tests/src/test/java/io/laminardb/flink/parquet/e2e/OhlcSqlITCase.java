package io.laminardb.flink.parquet.e2e;

import io.laminardb.flink.parquet.quickstart.ExampleJob;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trade OHLC query (1-minute tumbling windows, open / high / low / close / volume per symbol)
 * over Parquet files that DuckDB wrote, compared row for row with the answer DuckDB computed. The
 * query is the quickstart's ({@code tools/quickstart/.../ohlc.sql}, what the README's first command
 * runs).
 *
 * <p>The data set and the expected CSV are test resources written by {@code
 * src/test/duckdb/generate-ohlc.mjs} (see there): Hive-partitioned {@code dt=.../hr=...}
 * directories (partition columns only in the paths), several row groups per file, rows shuffled
 * within each minute and ties on the timestamp at window edges, so open and close must be chosen by
 * {@code (ts, id)} and not by arrival order.
 */
class OhlcSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One row of the result, in the CSV's column order. */
    record Bar(
            String symbol,
            LocalDateTime windowStart,
            LocalDateTime windowEnd,
            BigDecimal open,
            BigDecimal high,
            BigDecimal low,
            BigDecimal close,
            long volume) {

        static Bar of(Row row) {
            return new Bar(
                    (String) row.getField("symbol"),
                    (LocalDateTime) row.getField("window_start"),
                    (LocalDateTime) row.getField("window_end"),
                    (BigDecimal) row.getField("open"),
                    (BigDecimal) row.getField("high"),
                    (BigDecimal) row.getField("low"),
                    (BigDecimal) row.getField("close"),
                    ((Number) Objects.requireNonNull(row.getField("volume"))).longValue());
        }

        static Bar parse(String line) {
            String[] f = line.split(",", -1);
            return new Bar(
                    f[0],
                    LocalDateTime.parse(f[1], CSV_TIME),
                    LocalDateTime.parse(f[2], CSV_TIME),
                    new BigDecimal(f[3]),
                    new BigDecimal(f[4]),
                    new BigDecimal(f[5]),
                    new BigDecimal(f[6]),
                    Long.parseLong(f[7]));
        }
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(
                Objects.requireNonNull(
                                OhlcSqlITCase.class.getClassLoader().getResource(name),
                                "test resource " + name)
                        .toURI());
    }

    static List<Bar> expected() throws Exception {
        List<String> lines = Files.readAllLines(resource("ohlc/expected-ohlc.csv"));
        assertThat(lines.get(0))
                .isEqualTo("symbol,window_start,window_end,open,high,low,close,volume");
        return lines.subList(1, lines.size()).stream().map(Bar::parse).toList();
    }

    static TableEnvironment tradesTable(boolean streaming) throws Exception {
        TableEnvironment tEnv =
                TableEnvironment.create(
                        streaming
                                ? EnvironmentSettings.inStreamingMode()
                                : EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("parallelism.default", "2");
        tEnv.executeSql(
                "CREATE TABLE trades (\n"
                        + "  id BIGINT,\n"
                        + "  ts TIMESTAMP(3),\n"
                        + "  symbol STRING,\n"
                        + "  price DECIMAL(10, 2),\n"
                        + "  qty INT,\n"
                        + "  side STRING,\n"
                        + "  dt DATE,\n"
                        + "  hr STRING,\n"
                        + "  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE\n"
                        + ") PARTITIONED BY (dt, hr) WITH (\n"
                        + "  'connector' = 'parquet',\n"
                        + "  'path' = '"
                        + resource("ohlc/trades").toUri()
                        + "',\n"
                        + "  'batch.size' = '1000'\n"
                        + ")");
        return tEnv;
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void ohlcMatchesDuckDb(boolean streaming) throws Exception {
        TableEnvironment tEnv = tradesTable(streaming);
        List<Bar> actual = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(ExampleJob.ohlcQuery()).collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                // Windows fire once: the result is insert-only, no retractions.
                assertThat(row.getKind()).isEqualTo(RowKind.INSERT);
                actual.add(Bar.of(row));
            }
        }
        actual.sort(Comparator.comparing(Bar::symbol).thenComparing(Bar::windowStart));
        assertThat(actual).containsExactlyElementsOf(expected());
    }
}
