package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.testutils.SqlTables;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL declaring {@code ts TIMESTAMP(3)} over a file of MICROS timestamps (as DuckDB and Spark write
 * them): the values are truncated to milliseconds, and a WHERE on ts returns the rows whose
 * truncated value matches, although the footers' statistics and the page index hold the
 * microseconds.
 */
class TimestampPrecisionITCase {

    private static final int ROWS = 400;

    /** 2024-01-01 10:00:00 in microseconds since the epoch. */
    private static final long BASE_MICROS = 1_704_103_200_000_000L;

    @RegisterExtension static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @TempDir static Path dir;

    /**
     * Row group g (100 rows, pages of 25) holds millisecond g of 10:00:00, each value 400 to 499
     * microseconds into it: every value of a row group is above the millisecond it reads as.
     */
    private static long micros(long id) {
        return BASE_MICROS + (id / 100) * 1_000L + 400L + id % 100;
    }

    @BeforeAll
    static void writeFile() throws Exception {
        Path file = dir.resolve("events/part-0.parquet");
        Files.createDirectories(file.getParent());
        MessageType type =
                MessageTypeParser.parseMessageType(
                        "message spark_schema { required int64 id;"
                                + " optional int64 ts (TIMESTAMP(MICROS,false)); }");
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(type)
                        .withRowGroupRowCountLimit(100)
                        .withPageRowCountLimit(25)
                        .build()) {
            for (long id = 0; id < ROWS; id++) {
                writer.write(groups.newGroup().append("id", id).append("ts", micros(id)));
            }
        }
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void timestampMillisOverMicrosIsTruncatedAndFilteredOnTheTruncatedValues(boolean streaming)
            throws Exception {
        TableEnvironment tEnv = SqlTables.env(streaming);
        tEnv.getConfig().set("parallelism.default", "2");
        tEnv.executeSql(
                "CREATE TABLE events (id BIGINT, ts TIMESTAMP(3)) WITH ("
                        + " 'connector' = 'parquet', 'hive.partitioning' = 'false', 'path' = '"
                        + dir.resolve("events").toUri()
                        + "')");

        List<Row> all = query(tEnv, "SELECT id, ts FROM events");
        assertThat(all).hasSize(ROWS);
        for (Row row : all) {
            long id = (Long) row.getField(0);
            assertThat(row.getField(1)).as("ts of %s", id).isEqualTo(millis(id));
        }

        String millisecond2 = "TIMESTAMP '2024-01-01 10:00:00.002'";
        assertThat(ids(query(tEnv, "SELECT id FROM events WHERE ts = " + millisecond2)))
                .containsExactlyInAnyOrderElementsOf(expected(id -> id / 100 == 2));
        assertThat(ids(query(tEnv, "SELECT id FROM events WHERE ts <= " + millisecond2)))
                .containsExactlyInAnyOrderElementsOf(expected(id -> id / 100 <= 2));
        assertThat(
                        ids(
                                query(
                                        tEnv,
                                        "SELECT id FROM events WHERE ts < "
                                                + "TIMESTAMP '2024-01-01 10:00:00.001'"
                                                + " OR ts IN (TIMESTAMP '2024-01-01 10:00:00.003')")))
                .containsExactlyInAnyOrderElementsOf(
                        expected(id -> id / 100 == 0 || id / 100 == 3));
    }

    /** The value of a row read as TIMESTAMP(3), computed independently of the reader. */
    private static LocalDateTime millis(long id) {
        long micros = micros(id);
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L),
                (int) (Math.floorMod(micros, 1_000_000L) / 1_000L) * 1_000_000,
                ZoneOffset.UTC);
    }

    private static List<Long> expected(LongPredicate keep) {
        return LongStream.range(0, ROWS).filter(keep).boxed().collect(Collectors.toList());
    }

    private static List<Long> ids(List<Row> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add((Long) r.getField(0)));
        return ids;
    }

    private static List<Row> query(TableEnvironment tEnv, String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
