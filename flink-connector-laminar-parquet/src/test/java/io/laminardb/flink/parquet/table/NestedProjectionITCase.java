package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.testutils.SqlTables;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code SELECT s.a, s.inner.x}: nested projection pushed into the source, values checked. */
class NestedProjectionITCase {

    private static final int ROWS = 300;

    @RegisterExtension static final MiniClusterExtension CLUSTER = new MiniClusterExtension();

    @TempDir static Path dir;

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  required int64 id;\n"
                            + "  optional group s {\n"
                            + "    optional int32 a;\n"
                            + "    optional binary b (STRING);\n"
                            + "    optional group inner {\n"
                            + "      optional double x;\n"
                            + "      optional int64 y;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional binary big (STRING);\n"
                            + "}");

    @BeforeAll
    static void writeFile() throws Exception {
        SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("n.parquet")))
                        .withType(SCHEMA)
                        .build()) {
            for (long id = 0; id < ROWS; id++) {
                Group row = factory.newGroup().append("id", id).append("big", "big-" + id);
                if (id % 7 != 0) { // s is NULL every 7th row
                    Group s = row.addGroup("s");
                    if (id % 5 != 0) {
                        s.append("a", (int) id * 3);
                    }
                    s.append("b", "b" + id);
                    if (id % 3 != 0) { // s.inner is NULL every 3rd row
                        s.addGroup("inner").append("x", id / 4.0).append("y", -id);
                    }
                }
                writer.write(row);
            }
        }
    }

    private static TableEnvironment env(boolean streaming) {
        TableEnvironment tEnv = SqlTables.env(streaming);
        tEnv.executeSql(
                "CREATE TABLE t (id BIGINT, s ROW<a INT, b STRING, `inner` ROW<x DOUBLE, y"
                        + " BIGINT>>, big STRING, fname STRING METADATA FROM 'file.name' VIRTUAL,"
                        + " ri BIGINT METADATA FROM 'row_index' VIRTUAL) WITH ('connector' = 'parquet', 'path' = '"
                        + dir.resolve("n.parquet").toUri()
                        + "', 'batch.size' = '64')");
        return tEnv;
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void readsOnlyTheNestedFieldsAsked(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        String sql = "SELECT t.s.`inner`.x, id, t.s.a FROM t WHERE id >= 10";
        assertThat(tEnv.explainSql(sql)).contains("project=[s_inner_x, s_a, id]");
        List<Row> rows = SqlTables.collect(tEnv, sql);
        List<Row> expected = new ArrayList<>();
        for (long id = 10; id < ROWS; id++) {
            boolean sNull = id % 7 == 0;
            Double x = sNull || id % 3 == 0 ? null : id / 4.0;
            Integer a = sNull || id % 5 == 0 ? null : (int) id * 3;
            expected.add(Row.of(x, id, a));
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void nestedFieldsWithMetadataColumns(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        List<Row> rows =
                SqlTables.collect(tEnv, "SELECT ri, t.s.b, fname FROM t WHERE id IN (1, 7, 299)");
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        Row.of(1L, "b1", "n.parquet"),
                        Row.of(7L, null, "n.parquet"),
                        Row.of(299L, "b299", "n.parquet"));
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void wholeStructAndOneOfItsFields(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        List<Row> rows = SqlTables.collect(tEnv, "SELECT t.s.b, t.s, id FROM t WHERE id = 8");
        assertThat(rows).containsExactly(Row.of("b8", Row.of(24, "b8", Row.of(2.0, -8L)), 8L));
    }
}
