package io.laminardb.flink.parquet.table;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Planning an {@code INSERT INTO} an {@code 'arrow-ipc'} table: bad options and types fail. */
class ArrowIpcTableSinkFactoryTest {

    private static TableEnvironment tableWith(String columns, String options) {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE arrow_out ("
                        + columns
                        + ") WITH ('connector' = 'arrow-ipc'"
                        + options
                        + ")");
        return tEnv;
    }

    private static Throwable plan(String options) {
        TableEnvironment tEnv = tableWith("id INT, s STRING", options);
        return catchThrowable(() -> tEnv.explainSql("INSERT INTO arrow_out VALUES (1, 'a')"));
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void validOptionsPlan() {
        TableEnvironment tEnv =
                tableWith(
                        "id INT, s STRING",
                        ", 'path' = '/tmp/x', 'sink.batch-size' = '10',"
                                + " 'sink.ring-capacity' = '1', 'sink.parallelism' = '2'");
        assertThat(tEnv.explainSql("INSERT INTO arrow_out VALUES (1, 'a')")).contains("arrow_out");
    }

    @Test
    void missingPathNamesTheOption() {
        Throwable t = plan("");
        assertThat(t).isInstanceOf(ValidationException.class);
        assertThat(messages(t)).contains("Missing required options").contains("path");
    }

    @Test
    void badNumbersNameTheOption() {
        for (String key : new String[] {"sink.batch-size", "sink.ring-capacity"}) {
            Throwable t = plan(", 'path' = '/tmp/x', '" + key + "' = '0'");
            assertThat(t).isInstanceOf(ValidationException.class);
            assertThat(messages(t))
                    .contains("'" + key + "'")
                    .contains("'0'")
                    .contains("at least 1");
        }
        assertThat(messages(plan(", 'path' = '/tmp/x', 'sink.batch-size' = 'many'")))
                .contains("sink.batch-size");
    }

    @Test
    void badPrefixAndUnknownOptionsNameTheOption() {
        assertThat(messages(plan(", 'path' = '/tmp/x', 'sink.file-prefix' = '.hidden'")))
                .contains("'sink.file-prefix'");
        assertThat(messages(plan(", 'path' = '/tmp/x', 'batch-size' = '10'")))
                .contains("Unsupported options")
                .contains("batch-size");
    }

    @Test
    void unsupportedTypeNamesTheColumn() {
        TableEnvironment tEnv = tableWith("id INT, m MULTISET<INT>", ", 'path' = '/tmp/x'");
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW src AS SELECT 1 AS id, CAST(NULL AS MULTISET<INT>) AS m");
        assertThatThrownBy(() -> tEnv.explainSql("INSERT INTO arrow_out SELECT * FROM src"))
                .isInstanceOf(ValidationException.class)
                .satisfies(
                        t ->
                                assertThat(messages(t))
                                        .contains("Column 'm'")
                                        .contains("MULTISET")
                                        .contains("no Arrow mapping"));
    }

    @Test
    void updatesAreRejected() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.executeSql(
                "CREATE TABLE arrow_out (id INT, s STRING)"
                        + " WITH ('connector' = 'arrow-ipc', 'path' = '/tmp/x')");
        tEnv.executeSql(
                "CREATE TABLE src (s STRING) WITH ('connector' = 'datagen',"
                        + " 'number-of-rows' = '10')");
        assertThatThrownBy(
                        () ->
                                tEnv.explainSql(
                                        "INSERT INTO arrow_out SELECT CAST(COUNT(*) AS INT), s"
                                                + " FROM src GROUP BY s"))
                .satisfies(t -> assertThat(messages(t)).contains("update"));
    }
}
