package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole jobs reading generated trade files: paths, projection, batch size, order, parallelism. */
class LaminarParquetSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir static Path dir;

    /** 3 files of 10,000 rows (ids 0..29999), row groups of 1,500 rows, in a Hive-style tree. */
    @BeforeAll
    static void writeData() throws Exception {
        TradeFiles.write(dir.resolve("data/day=2024-01-01/part-0.parquet"), 0, 10_000, 1_500);
        TradeFiles.write(
                dir.resolve("data/day=2024-01-02/part-0.parquet"),
                10_000,
                10_000,
                1_500,
                CompressionCodecName.ZSTD,
                false,
                ParquetProperties.WriterVersion.PARQUET_2_0);
        TradeFiles.write(
                dir.resolve("data/day=2024-01-03/part-0.parquet"),
                20_000,
                10_000,
                1_500,
                CompressionCodecName.GZIP,
                true,
                ParquetProperties.WriterVersion.PARQUET_2_0);
        Files.createFile(dir.resolve("data/_SUCCESS"));
        Files.createDirectories(dir.resolve("data/.hidden"));
        Files.writeString(dir.resolve("data/.hidden/garbage.parquet"), "not parquet");
        Files.createFile(dir.resolve("data/day=2024-01-03/empty.parquet"));
    }

    private static List<RowData> read(LaminarParquetSource<RowData> source, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        List<RowData> rows = new ArrayList<>();
        try (CloseableIterator<RowData> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .executeAndCollect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static void assertIdsExactly(List<RowData> rows, RowType type, long from, long to) {
        Set<Long> ids = new HashSet<>();
        for (RowData row : rows) {
            TradeRows.assertTrade(row, type);
            assertThat(ids.add(row.getLong(type.getFieldNames().indexOf("id"))))
                    .as("each id once")
                    .isTrue();
        }
        assertThat(rows).hasSize((int) (to - from));
        for (long id = from; id < to; id++) {
            assertThat(ids).contains(id);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void readsADirectoryTreeWithEveryValue(int parallelism) throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(dir.resolve("data").toString()).build();
        assertThat(source.getRowType().getFieldNames())
                .containsExactly("id", "ts", "symbol", "price", "qty", "note", "day");
        assertThat(source.getRowType().getTypeAt(6).getTypeRoot())
                .isEqualTo(org.apache.flink.table.types.logical.LogicalTypeRoot.DATE);
        List<RowData> rows = read(source, parallelism);
        assertIdsExactly(rows, source.getRowType(), 0, 30_000);
        for (RowData row : rows) {
            long expectedDay =
                    java.time.LocalDate.of(2024, 1, 1).toEpochDay() + row.getLong(0) / 10_000;
            assertThat(row.getInt(6))
                    .as("day of id %s", row.getLong(0))
                    .isEqualTo((int) expectedDay);
        }
    }

    @Test
    void readsASingleFile() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.resolve("data/day=2024-01-02/part-0.parquet").toString())
                        .build();
        assertIdsExactly(read(source, 2), source.getRowType(), 10_000, 20_000);
    }

    @Test
    void readsAGlob() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.resolve("data").toString() + "/day=2024-01-0{1,3}/*.parquet")
                        .build();
        List<RowData> rows = read(source, 2);
        assertThat(rows).hasSize(20_000);
        for (RowData row : rows) {
            TradeRows.assertTrade(row, source.getRowType());
            assertThat(row.getLong(0) < 10_000L || row.getLong(0) >= 20_000L).isTrue();
        }
    }

    @Test
    void readsOnlyTheProjectedColumnsInTheGivenOrder() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.resolve("data").toString())
                        .columns("note", "id", "symbol")
                        .build();
        assertThat(source.getRowType().getFieldNames()).containsExactly("note", "id", "symbol");
        List<RowData> rows = read(source, 2);
        assertThat(rows.get(0).getArity()).isEqualTo(3);
        assertIdsExactly(rows, source.getRowType(), 0, 30_000);
    }

    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {1, 7, 1_500, 100_000})
    void batchSizeDoesNotChangeTheRows(int batchSize) throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.resolve("data/day=2024-01-01").toString())
                        .batchSize(batchSize)
                        .build();
        assertIdsExactly(read(source, 1), source.getRowType(), 0, 10_000);
    }

    @Test
    void fileOrderDecidesTheOrderOfRowsWithOneReader() throws Exception {
        Path ordered = dir.resolve("ordered");
        // Names sort b < c < a by name reversed in time: a is newest.
        TradeFiles.write(ordered.resolve("b.parquet"), 0, 100, 50);
        TradeFiles.write(ordered.resolve("c.parquet"), 100, 100, 50);
        TradeFiles.write(ordered.resolve("a.parquet"), 200, 100, 50);
        Files.setLastModifiedTime(ordered.resolve("b.parquet"), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(ordered.resolve("c.parquet"), FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(ordered.resolve("a.parquet"), FileTime.fromMillis(3_000_000));

        List<RowData> byName =
                read(
                        LaminarParquetSource.forRowData()
                                .path(ordered.toString())
                                .fileOrder(FileOrder.NAME)
                                .build(),
                        1);
        assertThat(byName.get(0).getLong(0)).isEqualTo(200L);
        assertThat(byName.get(100).getLong(0)).isEqualTo(0L);
        assertThat(byName.get(200).getLong(0)).isEqualTo(100L);

        List<RowData> byTime =
                read(
                        LaminarParquetSource.forRowData()
                                .path(ordered.toString())
                                .fileOrder(FileOrder.MODIFICATION_TIME)
                                .build(),
                        1);
        for (int i = 0; i < 300; i++) {
            assertThat(byTime.get(i).getLong(0)).isEqualTo(i);
        }
    }

    @Test
    void aFilterEmitsExactlyTheMatchingRows() throws Exception {
        io.laminardb.flink.parquet.filter.ParquetFilter filter =
                io.laminardb.flink.parquet.filter.ParquetFilter.and(
                        io.laminardb.flink.parquet.filter.ParquetFilter.gte(
                                "day", java.time.LocalDate.of(2024, 1, 2)),
                        io.laminardb.flink.parquet.filter.ParquetFilter.or(
                                io.laminardb.flink.parquet.filter.ParquetFilter.between(
                                        "id", 12_000L, 12_499L),
                                io.laminardb.flink.parquet.filter.ParquetFilter.eq(
                                        "symbol", "NVDA")),
                        io.laminardb.flink.parquet.filter.ParquetFilter.isNotNull("note"));
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.resolve("data").toString())
                        .columns("id", "symbol")
                        .filter(filter)
                        .build();
        List<RowData> rows = read(source, 2);
        Set<Long> expected = new HashSet<>();
        for (long id = 10_000; id < 30_000; id++) {
            if ((id >= 12_000 && id <= 12_499 || TradeFiles.symbol(id).equals("NVDA"))
                    && TradeFiles.note(id) != null) {
                expected.add(id);
            }
        }
        Set<Long> got = new HashSet<>();
        for (RowData row : rows) {
            assertThat(got.add(row.getLong(0))).isTrue();
            assertThat(row.getString(1).toString()).isEqualTo(TradeFiles.symbol(row.getLong(0)));
        }
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void emitsAvroGenericRecords() throws Exception {
        LaminarParquetSource<GenericRecord> source =
                LaminarParquetSource.forAvro()
                        .path(dir.resolve("data/day=2024-01-01").toString())
                        .columns("id", "symbol", "note")
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<GenericRecord> records = new ArrayList<>();
        try (CloseableIterator<GenericRecord> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet-avro")
                        .executeAndCollect()) {
            it.forEachRemaining(records::add);
        }
        assertThat(records).hasSize(10_000);
        for (GenericRecord record : records) {
            long id = (Long) record.get("id");
            assertThat(record.get("symbol").toString()).isEqualTo(TradeFiles.symbol(id));
            String note = TradeFiles.note(id);
            assertThat(record.get("note") == null ? null : record.get("note").toString())
                    .isEqualTo(note);
        }
    }

    @Test
    void aCorruptFileFailsTheJobNamingTheFile() throws Exception {
        Path bad = dir.resolve("corrupt");
        TradeFiles.write(bad.resolve("a.parquet"), 0, 100, 50);
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(bad.resolve("b.parquet"), garbage);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(bad.toString()).build();
        assertThatThrownBy(() -> read(source, 1))
                .satisfies(
                        e ->
                                assertThat(stackMessages(e))
                                        .contains(bad.resolve("b.parquet").toString()));
    }

    @Test
    void aTruncatedFileFailsTheJobNamingTheFile() throws Exception {
        Path truncated = dir.resolve("truncated");
        TradeFiles.write(truncated.resolve("a.parquet"), 0, 10_000, 2_000);
        byte[] bytes = Files.readAllBytes(truncated.resolve("a.parquet"));
        Files.write(
                truncated.resolve("b.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(truncated.toString()).build();
        assertThatThrownBy(() -> read(source, 1))
                .satisfies(
                        e ->
                                assertThat(stackMessages(e))
                                        .contains(truncated.resolve("b.parquet").toString()));
    }

    @Test
    void aFileWithADifferentSchemaFailsNamingFileAndColumn() throws Exception {
        Path mixed = dir.resolve("mixed");
        TradeFiles.write(mixed.resolve("a.parquet"), 0, 100, 50);
        org.apache.parquet.schema.MessageType other =
                org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                        "message t { required binary id (STRING); }");
        try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> w =
                org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(
                                new org.apache.parquet.io.LocalOutputFile(
                                        mixed.resolve("b.parquet")))
                        .withType(other)
                        .build()) {
            w.write(
                    new org.apache.parquet.example.data.simple.SimpleGroupFactory(other)
                            .newGroup()
                            .append("id", "x"));
        }
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(mixed.toString()).columns("id").build();
        assertThatThrownBy(() -> read(source, 1))
                .satisfies(
                        e ->
                                assertThat(stackMessages(e))
                                        .contains(mixed.resolve("b.parquet").toString())
                                        .contains("'id'"));
    }

    static String stackMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append('\n');
        }
        return sb.toString();
    }
}
