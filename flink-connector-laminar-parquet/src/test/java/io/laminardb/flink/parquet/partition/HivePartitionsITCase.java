package io.laminardb.flink.parquet.partition;

import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Hive-style partition directories: discovery, unescaping, NULLs, types, conflicts, mistakes. */
class HivePartitionsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    private static List<RowData> read(LaminarParquetSource<RowData> source) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<RowData> rows = new ArrayList<>();
        try (CloseableIterator<RowData> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .executeAndCollect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static LogicalType typeOf(LaminarParquetSource<?> source, String column) {
        RowType type = source.getRowType();
        return type.getTypeAt(type.getFieldNames().indexOf(column));
    }

    @Test
    void threeLevelsWithEscapedValuesAndTheDefaultPartition() throws Exception {
        Path root = dir.resolve("t");
        // region: escaped ':' '/' ' ' and multi-byte; DuckDB escapes ' ' as %20, Hive keeps it.
        TradeFiles.write(
                root.resolve("year=2024/region=us%3Aeast%2F1/hour=00/a.parquet"), 0, 100, 40);
        TradeFiles.write(
                root.resolve("year=2024/region=us%20west/hour=13/a.parquet"), 100, 100, 40);
        TradeFiles.write(
                root.resolve("year=2025/region=M%C3%BCnchen/hour=23/a.parquet"), 200, 100, 40);
        TradeFiles.write(
                root.resolve(
                        "year=__HIVE_DEFAULT_PARTITION__/region=__HIVE_DEFAULT_PARTITION__/hour=07/a.parquet"),
                300,
                100,
                40);

        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(root.toString()).build();
        RowType type = source.getRowType();
        assertThat(type.getFieldNames())
                .containsExactly(
                        "id", "ts", "symbol", "price", "qty", "note", "year", "region", "hour");
        assertThat(typeOf(source, "year")).isEqualTo(new IntType());
        assertThat(typeOf(source, "region")).isEqualTo(VarCharType.STRING_TYPE);
        assertThat(typeOf(source, "hour")).isEqualTo(new IntType());

        Map<Long, String> expected = new HashMap<>();
        List<RowData> rows = read(source);
        assertThat(rows).hasSize(400);
        for (RowData row : rows) {
            TradeRows.assertTrade(row, type);
            long id = row.getLong(0);
            String partition =
                    (row.isNullAt(6) ? "null" : String.valueOf(row.getInt(6)))
                            + "|"
                            + (row.isNullAt(7) ? "null" : row.getString(7).toString())
                            + "|"
                            + row.getInt(8);
            expected.put(id, partition);
        }
        assertThat(expected.get(0L)).isEqualTo("2024|us:east/1|0");
        assertThat(expected.get(150L)).isEqualTo("2024|us west|13");
        assertThat(expected.get(250L)).isEqualTo("2025|München|23");
        assertThat(expected.get(399L)).isEqualTo("null|null|7");
    }

    @Test
    void infersEachTypeFromAllValues() throws Exception {
        Path root = dir.resolve("types");
        String[][] values = {
            {"1", "3000000000", "1.5", "2024-01-31", "2024-01-31 10:15:00", "true", "abc"},
            {"2", "5", "2", "2024-02-29", "2024-02-29 23:59:59.123456", "FALSE", "7"},
        };
        for (int f = 0; f < values.length; f++) {
            String[] v = values[f];
            TradeFiles.write(
                    root.resolve(
                            "i="
                                    + v[0]
                                    + "/l="
                                    + v[1]
                                    + "/d="
                                    + v[2]
                                    + "/dt="
                                    + v[3]
                                    + "/t="
                                    + v[4].replace(":", "%3A")
                                    + "/b="
                                    + v[5]
                                    + "/s="
                                    + v[6]
                                    + "/part.parquet"),
                    f * 10L,
                    10,
                    10);
        }
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(root.toString())
                        .columns("id", "i", "l", "d", "dt", "t", "b", "s")
                        .build();
        assertThat(typeOf(source, "i")).isEqualTo(new IntType());
        assertThat(typeOf(source, "l")).isEqualTo(new BigIntType());
        assertThat(typeOf(source, "d")).isEqualTo(new DoubleType());
        assertThat(typeOf(source, "dt")).isEqualTo(new DateType());
        assertThat(typeOf(source, "t")).isEqualTo(new TimestampType(9));
        assertThat(typeOf(source, "b")).isEqualTo(new BooleanType());
        assertThat(typeOf(source, "s")).isEqualTo(VarCharType.STRING_TYPE);
        for (RowData row : read(source)) {
            boolean first = row.getLong(0) < 10;
            assertThat(row.getInt(1)).isEqualTo(first ? 1 : 2);
            assertThat(row.getLong(2)).isEqualTo(first ? 3_000_000_000L : 5L);
            assertThat(row.getDouble(3)).isEqualTo(first ? 1.5 : 2.0);
            assertThat(LocalDate.ofEpochDay(row.getInt(4)))
                    .isEqualTo(first ? LocalDate.of(2024, 1, 31) : LocalDate.of(2024, 2, 29));
            assertThat(row.getTimestamp(5, 9).toLocalDateTime())
                    .isEqualTo(
                            first
                                    ? LocalDateTime.of(2024, 1, 31, 10, 15)
                                    : LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000));
            assertThat(row.getBoolean(6)).isEqualTo(first);
            assertThat(row.getString(7).toString()).isEqualTo(first ? "abc" : "7");
        }
    }

    @Test
    void declaredTypesAndInferenceOff() throws Exception {
        Path root = dir.resolve("declared");
        TradeFiles.write(root.resolve("year=2024/month=01/a.parquet"), 0, 10, 10);
        TradeFiles.write(root.resolve("year=2024/month=12/a.parquet"), 10, 10, 10);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(root.toString())
                        .columns("id", "year", "month")
                        .partitionColumn("year", new DecimalType(6, 0))
                        .partitionColumn("month", new SmallIntType())
                        .build();
        assertThat(typeOf(source, "year")).isEqualTo(new DecimalType(6, 0));
        for (RowData row : read(source)) {
            assertThat(row.getDecimal(1, 6, 0).toBigDecimal().intValue()).isEqualTo(2024);
            assertThat(row.getShort(2)).isEqualTo((short) (row.getLong(0) < 10 ? 1 : 12));
        }

        LaminarParquetSource<RowData> strings =
                LaminarParquetSource.forRowData()
                        .path(root.toString())
                        .columns("month", "id")
                        .inferPartitionTypes(false)
                        .build();
        assertThat(typeOf(strings, "month")).isEqualTo(VarCharType.STRING_TYPE);
        for (RowData row : read(strings)) {
            assertThat(row.getString(0).toString()).isEqualTo(row.getLong(1) < 10 ? "01" : "12");
        }
    }

    @Test
    void aGivenSchemaMayNameThePartitionColumns() throws Exception {
        Path root = dir.resolve("given");
        TradeFiles.write(root.resolve("month=07/a.parquet"), 0, 10, 10);
        RowType schema =
                RowType.of(
                        new LogicalType[] {new BigIntType(false), new IntType(), new IntType()},
                        new String[] {"id", "month", "qty"});
        LaminarParquetSource<RowData> declaredBySchema =
                LaminarParquetSource.forRowData().path(root.toString()).rowType(schema).build();
        assertThat(declaredBySchema.getRowType().getFieldNames())
                .containsExactly("id", "qty", "month");
        assertThat(typeOf(declaredBySchema, "month")).isEqualTo(new IntType());
        LaminarParquetSource<RowData> declaredTwice =
                LaminarParquetSource.forRowData()
                        .path(root.toString())
                        .rowType(schema)
                        .partitionColumn("month", new SmallIntType())
                        .build();
        assertThat(typeOf(declaredTwice, "month")).isEqualTo(new SmallIntType());
        for (RowData row : read(declaredTwice)) {
            assertThat(row.getShort(2)).isEqualTo((short) 7);
            assertThat(row.getInt(1)).isEqualTo(TradeFiles.qty(row.getLong(0)));
        }
    }

    @Test
    void onlyDirectoriesBelowThePathCount() throws Exception {
        Path root = dir.resolve("bucket=b1/warehouse/year=2024");
        TradeFiles.write(root.resolve("month=5/key=v.parquet"), 0, 10, 10);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(root.toString()).build();
        assertThat(source.getRowType().getFieldNames())
                .containsExactly("id", "ts", "symbol", "price", "qty", "note", "month");
    }

    @Test
    void filesAtDifferentDepthsFailNamingBothPaths() throws Exception {
        Path root = dir.resolve("mixed");
        TradeFiles.write(root.resolve("year=2024/month=1/a.parquet"), 0, 10, 10);
        TradeFiles.write(root.resolve("year=2025/b.parquet"), 10, 10, 10);
        assertThatThrownBy(() -> LaminarParquetSource.forRowData().path(root.toString()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("year=2024" + File.separator + "month=1")
                .hasMessageContaining("year=2025" + File.separator + "b.parquet");
    }

    @Test
    void aPartitionKeyThatIsAlsoAFileColumnFailsUnlessTheFileWins() throws Exception {
        Path root = dir.resolve("conflict");
        TradeFiles.write(root.resolve("symbol=XYZ/a.parquet"), 0, 10, 10);
        assertThatThrownBy(() -> LaminarParquetSource.forRowData().path(root.toString()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'symbol'")
                .hasMessageContaining("FILE_WINS");
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(root.toString())
                        .partitionConflict(PartitionConflict.FILE_WINS)
                        .build();
        assertThat(source.getRowType().getFieldNames())
                .containsExactly("id", "ts", "symbol", "price", "qty", "note");
        for (RowData row : read(source)) {
            TradeRows.assertTrade(row, source.getRowType());
        }
    }

    @Test
    void aValueThatDoesNotFitTheDeclaredTypeFailsNamingFileAndColumn() throws Exception {
        Path root = dir.resolve("badvalue");
        TradeFiles.write(root.resolve("n=12/a.parquet"), 0, 10, 10);
        TradeFiles.write(root.resolve("n=x1/b.parquet"), 10, 10, 10);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(root.toString())
                        .partitionColumn("n", new IntType())
                        .build();
        assertThatThrownBy(() -> read(source))
                .satisfies(
                        e -> {
                            StringBuilder all = new StringBuilder();
                            for (Throwable t = e; t != null; t = t.getCause()) {
                                all.append(t.getMessage()).append('\n');
                            }
                            assertThat(all.toString())
                                    .contains("'n'")
                                    .contains("n=x1")
                                    .contains("'x1'");
                        });
    }

    @Test
    void theCorpusTradeSetHasYearAndMonthThatAgreeWithTs() throws Exception {
        String corpus = System.getProperty("corpus.dir", "../shared/parquet-corpus");
        Path trades = Path.of(corpus, "generated", "trades_hive");
        assumeThat(trades.toFile().isDirectory())
                .as("the shared Parquet corpus is absent (%s); skipping", trades)
                .isTrue();
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(trades.toString())
                        .columns("ts", "year", "month")
                        .build();
        assertThat(typeOf(source, "year")).isEqualTo(new IntType());
        assertThat(typeOf(source, "month")).isEqualTo(new IntType());
        List<RowData> rows = read(source);
        assertThat(rows).hasSize(50_000);
        for (RowData row : rows) {
            LocalDateTime ts = row.getTimestamp(0, 6).toLocalDateTime();
            assertThat(row.getInt(1)).isEqualTo(ts.getYear());
            assertThat(row.getInt(2)).isEqualTo(ts.getMonthValue());
        }
    }
}
