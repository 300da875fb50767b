package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TIMESTAMP(9) at the edges of Arrow's 64-bit nanoseconds (1677-09-21T00:12:43.145224192 to
 * 2262-04-11T23:47:16.854775807): values up to the edges are written exactly, by the decoders
 * ({@code forArrow()}) and by the row converter (the Ring 0 and {@code arrow-ipc} sinks); one
 * nanosecond past either edge fails naming the column and how to read it (TIMESTAMP(6)); read as
 * declared TIMESTAMP(6) the same values arrive in microseconds.
 */
class ArrowTimestampRangeTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message t { required int32 id; optional int96 ts96; }");

    private static final LocalDateTime MAX = LocalDateTime.parse("2262-04-11T23:47:16.854775807");
    private static final LocalDateTime MIN = LocalDateTime.parse("1677-09-21T00:12:43.145224192");
    private static final LocalDateTime PAST_MAX = MAX.plusNanos(1);
    private static final LocalDateTime BEFORE_MIN = MIN.minusNanos(1);
    private static final LocalDateTime FAR = LocalDateTime.parse("9999-12-31T23:59:59.999999999");
    private static final LocalDateTime NOW = LocalDateTime.parse("2024-01-02T09:30:00.000000001");

    private static final RowType TS9 =
            (RowType) DataTypes.ROW(DataTypes.FIELD("ts", DataTypes.TIMESTAMP(9))).getLogicalType();

    @TempDir static Path dir;

    @BeforeAll
    static void writeFiles() throws Exception {
        write("edges/e.parquet", MAX, MIN, NOW, null);
        write("past/p.parquet", NOW, PAST_MAX);
        write("before/b.parquet", BEFORE_MIN);
        write("far/f.parquet", FAR, MIN.minusYears(1000));
    }

    /** Writes the values as INT96 (Impala/Spark: Julian day and nanoseconds of the day). */
    private static void write(String name, LocalDateTime... values) throws Exception {
        SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
        Files.createDirectories(dir.resolve(name).getParent());
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve(name)))
                        .withType(SCHEMA)
                        .build()) {
            for (int id = 0; id < values.length; id++) {
                Group g = factory.newGroup().append("id", id);
                LocalDateTime v = values[id];
                if (v != null) {
                    g.append(
                            "ts96",
                            new NanoTime(
                                    (int) (v.toLocalDate().toEpochDay() + 2_440_588),
                                    v.toLocalTime().toNanoOfDay()));
                }
                writer.write(g);
            }
        }
    }

    private static List<List<Object>> readArrow(LaminarParquetSource<ArrowBatch> source)
            throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        SourceReaderRuns.readAll(
                source,
                SourceReaderRuns.plan(source, 1),
                batch -> rows.addAll(ArrowValues.rows(batch.root())));
        return rows;
    }

    private static List<List<Object>> readRows(LaminarParquetSource<RowData> source)
            throws Exception {
        Function<RowData, List<Object>> converter = ArrowValues.rowConverter(source.getRowType());
        List<List<Object>> rows = new ArrayList<>();
        SourceReaderRuns.readAll(
                source, SourceReaderRuns.plan(source, 1), row -> rows.add(converter.apply(row)));
        return rows;
    }

    @Test
    void valuesUpToTheEdgesAreExactNanoseconds() throws Exception {
        String path = dir.resolve("edges").toString();
        LaminarParquetSource<ArrowBatch> source =
                LaminarParquetSource.forArrow().path(path).build();
        List<Long> raw = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        SourceReaderRuns.readAll(
                source,
                SourceReaderRuns.plan(source, 1),
                batch -> {
                    TimeStampNanoVector ts = (TimeStampNanoVector) batch.root().getVector("ts96");
                    assertThat(ts.getField().getType())
                            .isEqualTo(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null));
                    for (int i = 0; i < ts.getValueCount(); i++) {
                        raw.add(ts.isNull(i) ? null : ts.get(i));
                    }
                    rows.addAll(ArrowValues.rows(batch.root()));
                });
        assertThat(raw).containsExactly(Long.MAX_VALUE, Long.MIN_VALUE, epochNanos(NOW), null);
        assertThat(rows)
                .containsExactly(
                        Arrays.asList(0, MAX),
                        Arrays.asList(1, MIN),
                        Arrays.asList(2, NOW),
                        Arrays.asList(3, null));
        assertThat(rows).isEqualTo(readRows(LaminarParquetSource.forRowData().path(path).build()));
    }

    @Test
    void aValuePastEitherEdgeFailsNamingFileColumnAndValue() {
        for (String file : List.of("past/p.parquet", "before/b.parquet")) {
            LaminarParquetSource<ArrowBatch> source =
                    LaminarParquetSource.forArrow().path(dir.resolve(file).toString()).build();
            String value = (file.startsWith("past") ? PAST_MAX : BEFORE_MIN).toString();
            assertThatThrownBy(() -> readArrow(source))
                    .as(file)
                    .hasStackTraceContaining(file.substring(file.indexOf('/') + 1))
                    .hasStackTraceContaining(
                            "Timestamp "
                                    + value
                                    + " of column 'ts96' does not fit an Arrow timestamp in"
                                    + " NANOSECOND")
                    .hasStackTraceContaining("declare the column as TIMESTAMP(6)");
        }
    }

    @Test
    void declaredTimestamp6ReadsThemInMicroseconds() throws Exception {
        RowType declared =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("id", DataTypes.INT().notNull()),
                                        DataTypes.FIELD("ts96", DataTypes.TIMESTAMP(6)))
                                .getLogicalType();
        LaminarParquetSource<ArrowBatch> source =
                LaminarParquetSource.forArrow()
                        .path(dir.resolve("far").toString())
                        .rowType(declared)
                        .build();
        List<Long> raw = new ArrayList<>();
        SourceReaderRuns.readAll(
                source,
                SourceReaderRuns.plan(source, 1),
                batch -> {
                    TimeStampMicroVector ts = (TimeStampMicroVector) batch.root().getVector("ts96");
                    for (int i = 0; i < ts.getValueCount(); i++) {
                        raw.add(ts.get(i));
                    }
                });
        // Microseconds: the nanosecond digits are cut, as forRowData() cuts them for TIMESTAMP(6).
        assertThat(raw).containsExactly(epochMicros(FAR), epochMicros(MIN.minusYears(1000)));
    }

    @Test
    void theSinksRowConverterKeepsTheEdgesAndNamesTheColumnPastThem() {
        try (BufferAllocator allocator = new RootAllocator();
                ArrowBatchBuilder builder = new ArrowBatchBuilder(TS9, allocator)) {
            builder.append(GenericRowData.of(TimestampData.fromLocalDateTime(MAX)));
            builder.append(GenericRowData.of(TimestampData.fromLocalDateTime(MIN)));
            try (ArrowBatch batch = builder.build()) {
                TimeStampNanoVector ts = (TimeStampNanoVector) batch.root().getVector("ts");
                assertThat(ts.get(0)).isEqualTo(Long.MAX_VALUE);
                assertThat(ts.get(1)).isEqualTo(Long.MIN_VALUE);
            }
            for (LocalDateTime outside : List.of(PAST_MAX, BEFORE_MIN, FAR)) {
                assertThatThrownBy(
                                () ->
                                        builder.append(
                                                GenericRowData.of(
                                                        TimestampData.fromLocalDateTime(outside))))
                        .hasMessageStartingWith(
                                "Timestamp "
                                        + outside
                                        + " of column 'ts' does not fit an Arrow timestamp in"
                                        + " NANOSECOND")
                        .hasMessageContaining("TIMESTAMP(6)");
            }
        }
    }

    private static long epochNanos(LocalDateTime t) {
        return Math.addExact(
                Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L), t.getNano());
    }

    private static long epochMicros(LocalDateTime t) {
        return Math.addExact(
                Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
                t.getNano() / 1000);
    }
}
