package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Option validation of {@code 'connector' = 'parquet'}: failures at planning time, no secrets. */
class ParquetDynamicTableFactoryTest {

    @TempDir static Path dir;

    private static String path;

    @BeforeAll
    static void writeFile() throws Exception {
        TradeFiles.write(dir.resolve("t/a.parquet"), 0, 10, 10);
        path = dir.resolve("t").toUri().toString();
    }

    /** Plans {@code SELECT *} over a table with these extra options; the failure's full text. */
    private static String planningError(String options) {
        return planningError("id BIGINT, symbol STRING", "", options);
    }

    /**
     * Plans {@code SELECT *} over a table of these columns, partitioned so, with these extra
     * options; the failure's full text.
     */
    private static String planningError(String columns, String partitionedBy, String options) {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE t ("
                        + columns
                        + ") "
                        + partitionedBy
                        + " WITH ('connector' = 'parquet',"
                        + " 'path' = '"
                        + path
                        + "', 'storage.s3.secret-key' = 'TOPSECRET', 'storage.s3.access-key' ="
                        + " 'ACCESSKEYID', 'storage.azure.account-key' = 'AZUREKEY',"
                        + " 'storage.gcs.credentials-json' = 'GCSCREDENTIALS'"
                        + options
                        + ")");
        Throwable error = catchThrowable(() -> tEnv.explainSql("SELECT * FROM t"));
        assertThat(error).as("planning must fail").isNotNull();
        return ExceptionUtils.stringifyException(error);
    }

    /** The messages of our own exceptions in the chain (without Flink's wrapper). */
    private static String ownMessages(String stack) {
        StringBuilder s = new StringBuilder();
        for (String line : stack.split("\n")) {
            if (line.contains("Parquet table")) {
                s.append(line).append('\n');
            }
        }
        return s.toString();
    }

    @Test
    void validOptionsPlan() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE t (id BIGINT, symbol STRING) WITH ('connector' = 'parquet',"
                        + " 'path' = '"
                        + path
                        + "', 'mode' = 'bounded', 'poll.interval' = '5 s', 'batch.size' = '10',"
                        + " 'hive.partitioning' = 'false', 'scan.parallelism' = '2',"
                        + " 'file.order' = 'modification_time')");
        assertThat(tEnv.explainSql("SELECT id FROM t")).contains("project=[id]");
    }

    @Test
    void storageOptionsOfAnotherStoreFailNamingTheKeyNeverTheValue() {
        // The path is local: the planning error names the first storage key, and no value.
        String error = planningError("");
        assertThat(error)
                .contains("Parquet table")
                .contains("'storage.azure.account-key' does not apply to path")
                .doesNotContain("TOPSECRET")
                .doesNotContain("ACCESSKEYID")
                .doesNotContain("AZUREKEY")
                .doesNotContain("GCSCREDENTIALS");
    }

    @Test
    void unknownKeyFailsNamingIt() {
        String error = planningError(", 'batch.sise' = '10'");
        assertThat(error).contains("Unknown option: 'batch.sise'").contains("batch.size");
    }

    @Test
    void badModeNamesValueAndAllowed() {
        assertThat(planningError(", 'mode' = 'stream'"))
                .contains("Unknown mode: 'stream'. Expected: bounded, continuous");
    }

    @Test
    void badFileOrder() {
        assertThat(planningError(", 'file.order' = 'size'"))
                .contains(
                        "Unknown file.order: 'size'. Expected: name, modification_time, unordered");
    }

    @Test
    void badBatchSize() {
        assertThat(planningError(", 'batch.size' = '-1'"))
                .contains("Invalid batch.size: '-1'. Expected a positive integer");
        assertThat(planningError(", 'batch.size' = 'many'"))
                .contains("Invalid batch.size: 'many'. Expected a positive integer");
    }

    @Test
    void badPollInterval() {
        assertThat(planningError(", 'poll.interval' = 'often'"))
                .contains("Invalid poll.interval: 'often'. Expected a duration");
    }

    @Test
    void badHivePartitioning() {
        assertThat(planningError(", 'hive.partitioning' = 'yes'"))
                .contains("Invalid hive.partitioning: 'yes'. Expected: true, false");
    }

    @Test
    void badContinuousOptions() {
        assertThat(planningError(", 'mode' = 'continuous', 'discovery.settle-window' = '1 s'"))
                .contains("discovery.settle-window (PT1S) must be longer than poll.interval");
        assertThat(planningError(", 'corrupt-files' = 'maybe'"))
                .contains("Unknown corrupt-files: 'maybe'. Expected: fail, skip");
    }

    @Test
    void columnsMustListEveryDeclaredFileColumn() {
        assertThat(planningError(", 'columns' = 'id'"))
                .contains(
                        "column 'symbol' is declared but not listed in option 'columns' [id];"
                                + " list it, or drop it from the table");
    }

    @Test
    void columnsMustBeDeclared() {
        assertThat(planningError(", 'columns' = 'id, symbol, price'"))
                .contains(
                        "option 'columns' lists 'price', which the table does not declare;"
                                + " declared columns: [id, symbol]");
    }

    @Test
    void columnsListingTheDeclaredColumnsPlans() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE t (id BIGINT, symbol STRING) WITH ('connector' = 'parquet',"
                        + " 'path' = '"
                        + path
                        + "', 'columns' = 'symbol, id')");
        assertThat(tEnv.explainSql("SELECT symbol FROM t")).contains("project=[symbol]");
    }

    @Test
    void badEventTimeColumn() {
        assertThat(planningError(", 'event.time.column' = 'symbol'"))
                .contains("event.time.column 'symbol' is STRING");
    }

    @Test
    void missingPath() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql("CREATE TABLE t (id BIGINT) WITH ('connector' = 'parquet')");
        Throwable error = catchThrowable(() -> tEnv.explainSql("SELECT * FROM t"));
        assertThat(ExceptionUtils.stringifyException(error)).contains("'path'");
    }

    @Test
    void secretValuesNeverInOurMessages() {
        String error = planningError(", 'mode' = 'stream'");
        assertThat(ownMessages(error)).contains("Unknown mode: 'stream'");
        // Not even in Flink's own wrapper, which lists table options and masks only some keys.
        assertThat(error)
                .doesNotContain("TOPSECRET")
                .doesNotContain("ACCESSKEYID")
                .doesNotContain("AZUREKEY")
                .doesNotContain("GCSCREDENTIALS");
    }

    // ------------------------------------------------------------------ the builder's rules

    /** The message a DataStream source with these settings fails with (over the same files). */
    private static String builderError(
            java.util.function.Consumer<LaminarParquetSourceBuilder<RowData>> settings) {
        LaminarParquetSourceBuilder<RowData> builder =
                LaminarParquetSource.forRowData()
                        .path(path)
                        .rowType(
                                RowType.of(
                                        new LogicalType[] {
                                            new BigIntType(), VarCharType.STRING_TYPE
                                        },
                                        new String[] {"id", "symbol"}));
        Throwable error =
                catchThrowable(
                        () -> {
                            settings.accept(builder);
                            builder.build();
                        });
        assertThat(error).as("building must fail").isNotNull();
        return error.getMessage();
    }

    @Test
    void optionRulesFailWithTheBuildersMessages() {
        assertThat(planningError(", 'discovery.max-failures' = '0'"))
                .contains(builderError(b -> b.maxListingFailures(0)));
        assertThat(planningError(", 'batch.size' = '0'"))
                .contains(builderError(b -> b.batchSize(0)));
        assertThat(planningError(", 'parallelism' = '0'"))
                .contains(builderError(b -> b.parallelism(0)));
        assertThat(planningError(", 'poll.interval' = '0 s'"))
                .contains(builderError(b -> b.pollInterval(Duration.ZERO)));
    }

    @Test
    void eventTimeColumnRulesFailWithTheBuildersMessages() {
        String wrongType = builderError(b -> b.eventTimeColumn("symbol"));
        assertThat(wrongType).contains("event.time.column 'symbol' is STRING");
        assertThat(planningError(", 'event.time.column' = 'symbol'")).contains(wrongType);

        String unknown = builderError(b -> b.eventTimeColumn("ts"));
        assertThat(unknown).contains("Unknown event.time.column 'ts'");
        assertThat(planningError(", 'event.time.column' = 'ts'")).contains(unknown);
    }

    @Test
    void partitionRulesFailWithTheBuildersMessages() {
        String declaredWithoutPartitioning =
                builderError(b -> b.hivePartitioning(false).partitionColumn("d", new IntType()));
        assertThat(declaredWithoutPartitioning).contains("'hive.partitioning' is false");
        assertThat(
                        planningError(
                                "id BIGINT, symbol STRING, d INT",
                                "PARTITIONED BY (d)",
                                ", 'hive.partitioning' = 'false'"))
                .contains(declaredWithoutPartitioning);

        String unsupported =
                builderError(b -> b.partitionColumn("d", new ArrayType(new IntType())));
        assertThat(unsupported).contains("Partition column 'd' cannot be of type ARRAY<INT>");
        assertThat(
                        planningError(
                                "id BIGINT, symbol STRING, d ARRAY<INT>", "PARTITIONED BY (d)", ""))
                .contains(unsupported);
    }
}
