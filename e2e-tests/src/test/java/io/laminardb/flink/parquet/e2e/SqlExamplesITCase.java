package io.laminardb.flink.parquet.e2e;

import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * The SQL examples of the connector's specification, in Flink SQL, over data sets written here with
 * parquet-java, each checked value by value against what the data set holds: a bounded directory
 * read with {@code columns} and {@code event.time.column} (and an event-time window), a single-file
 * read, and a Hive-partitioned sensor history read with {@code parallelism = 4}.
 */
class SqlExamplesITCase {

    private static final int TRADE_FILES = 3;
    private static final int TRADES_PER_FILE = 1200;

    private static final LocalDate[] DAYS = {LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 2)};
    private static final int SENSORS = 4;
    private static final int READINGS = 1500; // per day and sensor: every 30 s for 12.5 hours

    private static final MessageType SENSOR_SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message reading {\n"
                            + "  required int64 ts (TIMESTAMP(MILLIS,false));\n"
                            + "  required double temperature;\n"
                            + "  optional double humidity;\n"
                            + "}");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir static Path dir;

    private static Path trades;
    private static Path sensors;

    @BeforeAll
    static void writeData() throws Exception {
        // Trades: ids (and so timestamps, one second apart) rise with the file names.
        trades = dir.resolve("trades");
        for (int f = 0; f < TRADE_FILES; f++) {
            TradeFiles.write(
                    trades.resolve("part-" + f + ".parquet"),
                    (long) f * TRADES_PER_FILE,
                    TRADES_PER_FILE,
                    500);
        }
        sensors = dir.resolve("sensor_history");
        for (int d = 0; d < DAYS.length; d++) {
            for (int s = 1; s <= SENSORS; s++) {
                writeSensor(
                        sensors.resolve("dt=" + DAYS[d])
                                .resolve("sensor_id=" + s)
                                .resolve("part-0.parquet"),
                        d,
                        s);
            }
        }
    }

    // --- the sensor data set: every value a function of (day, sensor, reading) ---

    private static long sensorTs(int day, int reading) {
        return DAYS[day].atTime(6, 0).toInstant(ZoneOffset.UTC).toEpochMilli() + reading * 30_000L;
    }

    private static double temperature(int day, int sensor, int reading) {
        return 15 + sensor + day * 0.5 + (reading % 97) / 10.0;
    }

    private static Double humidity(int sensor, int reading) {
        return reading % 7 == 0 ? null : 40 + sensor + (reading % 13) / 4.0;
    }

    private static void writeSensor(Path file, int day, int sensor) throws Exception {
        Files.createDirectories(file.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(SENSOR_SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SENSOR_SCHEMA)
                        .withRowGroupRowCountLimit(400)
                        .build()) {
            for (int r = 0; r < READINGS; r++) {
                Group g =
                        groups.newGroup()
                                .append("ts", sensorTs(day, r))
                                .append("temperature", temperature(day, sensor, r));
                Double h = humidity(sensor, r);
                if (h != null) {
                    g.append("humidity", h);
                }
                writer.write(g);
            }
        }
    }

    // --- helpers ---

    private static TableEnvironment env(boolean streaming) {
        TableEnvironment tEnv =
                TableEnvironment.create(
                        streaming
                                ? EnvironmentSettings.inStreamingMode()
                                : EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("parallelism.default", "2");
        return tEnv;
    }

    /** The end state of a query's result (a streaming aggregate's updates applied). */
    private static List<Row> query(TableEnvironment tEnv, String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                RowKind kind = row.getKind();
                row.setKind(RowKind.INSERT);
                if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
                    rows.add(row);
                } else {
                    assertThat(rows.remove(row)).as("retracted %s", row).isTrue();
                }
            }
        }
        return rows;
    }

    private static LocalDateTime time(long epochMillis) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(epochMillis, 1000),
                (int) Math.floorMod(epochMillis, 1000) * 1_000_000,
                ZoneOffset.UTC);
    }

    private static final long TRADES = (long) TRADE_FILES * TRADES_PER_FILE;

    // --- the examples ---

    private static void createTrades(TableEnvironment tEnv) {
        tEnv.executeSql(
                "CREATE TABLE trades (\n"
                        + "  ts TIMESTAMP(3),\n"
                        + "  symbol STRING,\n"
                        + "  price DOUBLE,\n"
                        + "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n"
                        + ") WITH (\n"
                        + "  'connector' = 'parquet',\n"
                        + "  'path' = '"
                        + trades.toUri()
                        + "',\n"
                        + "  'mode' = 'bounded',\n"
                        + "  'columns' = 'ts,symbol,price',\n"
                        + "  'event.time.column' = 'ts'\n"
                        + ")");
    }

    /** A bounded directory read of the columns named in {@code columns}: every row's values. */
    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void directoryWithColumnsAndEventTime(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        createTrades(tEnv);
        List<Row> expected = new ArrayList<>();
        for (long id = 0; id < TRADES; id++) {
            expected.add(
                    Row.of(time(TradeFiles.ts(id)), TradeFiles.symbol(id), TradeFiles.price(id)));
        }
        assertThat(query(tEnv, "SELECT * FROM trades"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The event time of {@code event.time.column} drives a tumbling window in streaming mode. */
    @Test
    void eventTimeWindowsOverTheDirectory() throws Exception {
        TableEnvironment tEnv = env(true);
        createTrades(tEnv);
        List<Row> rows =
                query(
                        tEnv,
                        "SELECT window_start, symbol, COUNT(*) AS trades, MAX(price) AS high\n"
                                + "FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts),"
                                + " INTERVAL '10' MINUTE))\n"
                                + "GROUP BY window_start, window_end, symbol");
        // Computed from the data set's definition: ts = 2024-01-01 + id seconds.
        Map<String, Row> windows = new TreeMap<>();
        for (long id = 0; id < TRADES; id++) {
            long start = TradeFiles.ts(id) - Math.floorMod(TradeFiles.ts(id), 600_000L);
            String symbol = TradeFiles.symbol(id);
            Row window =
                    windows.computeIfAbsent(
                            start + symbol, k -> Row.of(time(start), symbol, 0L, 0.0));
            window.setField(2, (Long) window.getField(2) + 1);
            window.setField(3, Math.max((Double) window.getField(3), TradeFiles.price(id)));
        }
        List<Row> expected = new ArrayList<>(windows.values());
        assertThat(expected).hasSize(8 * 6); // 3,600 s: six 10-minute windows, eight symbols
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** A declared column that {@code columns} leaves out is a planning error. */
    @Test
    void declaredColumnMissingFromColumnsIsAPlanningError() {
        TableEnvironment tEnv = env(false);
        tEnv.executeSql(
                "CREATE TABLE t (ts TIMESTAMP(3), symbol STRING, price DOUBLE) WITH ("
                        + " 'connector' = 'parquet', 'path' = '"
                        + trades.toUri()
                        + "', 'columns' = 'ts,symbol')");
        assertThatThrownBy(() -> query(tEnv, "SELECT symbol FROM t"))
                .hasStackTraceContaining("price")
                .hasStackTraceContaining("columns");
    }

    /** {@code path} naming one file reads that file only, with its nulls. */
    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void singleFile(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        tEnv.executeSql(
                "CREATE TABLE one_file (\n"
                        + "  id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE, qty INT,"
                        + " note STRING\n"
                        + ") WITH (\n"
                        + "  'connector' = 'parquet',\n"
                        + "  'path' = '"
                        + trades.resolve("part-1.parquet").toUri()
                        + "'\n"
                        + ")");
        List<Row> expected = new ArrayList<>();
        LongStream.range(TRADES_PER_FILE, 2L * TRADES_PER_FILE)
                .forEach(
                        id ->
                                expected.add(
                                        Row.of(
                                                id,
                                                time(TradeFiles.ts(id)),
                                                TradeFiles.symbol(id),
                                                TradeFiles.price(id),
                                                TradeFiles.qty(id),
                                                TradeFiles.note(id))));
        assertThat(query(tEnv, "SELECT * FROM one_file"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void createSensorHistory(TableEnvironment tEnv) {
        tEnv.executeSql(
                "CREATE TABLE sensor_history (\n"
                        + "  ts TIMESTAMP(3),\n"
                        + "  temperature DOUBLE,\n"
                        + "  humidity DOUBLE,\n"
                        + "  dt DATE,\n"
                        + "  sensor_id INT\n"
                        + ") PARTITIONED BY (dt, sensor_id) WITH (\n"
                        + "  'connector' = 'parquet',\n"
                        + "  'path' = '"
                        + sensors.toUri()
                        + "',\n"
                        + "  'parallelism' = '4'\n"
                        + ")");
    }

    /** Per-partition aggregates over the Hive-partitioned history, read by four readers. */
    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void hivePartitionedSensorHistory(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        createSensorHistory(tEnv);
        String sql =
                "SELECT dt, sensor_id, COUNT(*) AS readings, COUNT(humidity) AS with_humidity,\n"
                        + "  MIN(temperature) AS min_t, MAX(temperature) AS max_t,"
                        + " SUM(temperature) AS sum_t, MIN(ts) AS first_ts, MAX(ts) AS last_ts\n"
                        + "FROM sensor_history GROUP BY dt, sensor_id";
        assertThat(tEnv.explainSql(sql, ExplainDetail.JSON_EXECUTION_PLAN))
                .contains("\"parallelism\" : 4");
        List<Row> expected = new ArrayList<>();
        for (int d = 0; d < DAYS.length; d++) {
            for (int s = 1; s <= SENSORS; s++) {
                long withHumidity = 0;
                double min = Double.MAX_VALUE;
                double max = -Double.MAX_VALUE;
                double sum = 0;
                for (int r = 0; r < READINGS; r++) {
                    withHumidity += humidity(s, r) == null ? 0 : 1;
                    double t = temperature(d, s, r);
                    min = Math.min(min, t);
                    max = Math.max(max, t);
                    sum += t;
                }
                expected.add(
                        Row.of(
                                DAYS[d],
                                s,
                                (long) READINGS,
                                withHumidity,
                                min,
                                max,
                                sum,
                                time(sensorTs(d, 0)),
                                time(sensorTs(d, READINGS - 1))));
            }
        }
        List<Row> actual = query(tEnv, sql);
        assertThat(actual).hasSize(expected.size());
        for (Row row : actual) {
            Row match =
                    expected.stream()
                            .filter(
                                    e ->
                                            e.getField(0).equals(row.getField(0))
                                                    && e.getField(1).equals(row.getField(1)))
                            .findFirst()
                            .orElseThrow();
            // Sums of doubles depend on the order of addition: compare them with a tolerance.
            assertThat((Double) row.getField(6))
                    .isCloseTo((Double) match.getField(6), offset(1e-6));
            row.setField(6, match.getField(6));
            assertThat(row).isEqualTo(match);
        }
    }

    /** A filter on both partition columns reads one partition: its exact rows. */
    @Test
    void sensorHistoryOnePartition() throws Exception {
        TableEnvironment tEnv = env(true);
        createSensorHistory(tEnv);
        List<Row> expected = new ArrayList<>();
        for (int r = 0; r < READINGS; r++) {
            if (humidity(3, r) == null) {
                expected.add(Row.of(time(sensorTs(1, r)), temperature(1, 3, r), DAYS[1], 3));
            }
        }
        assertThat(
                        query(
                                tEnv,
                                "SELECT ts, temperature, dt, sensor_id FROM sensor_history"
                                        + " WHERE dt = DATE '2024-05-02' AND sensor_id = 3"
                                        + " AND humidity IS NULL"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
