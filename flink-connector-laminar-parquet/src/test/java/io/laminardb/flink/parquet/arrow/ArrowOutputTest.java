package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.plan.MetadataColumn;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.data.RowData;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code forArrow()} against {@code forRowData()} on generated files of every type, with NULLs,
 * nested columns, Hive partitions and metadata columns, read by the real source reader: the same
 * rows in the same order, value by value; exact positions after each batch; the memory limit; and
 * who releases a batch.
 */
class ArrowOutputTest {

    @TempDir static Path dir;

    private static final int BATCH = 97;

    @BeforeAll
    static void writeFiles() throws Exception {
        AllTypesFile.write(dir.resolve("region=eu/a.parquet"), 0, 1500);
        AllTypesFile.write(dir.resolve("region=us/b.parquet"), 1500, 700);
    }

    private static <T> LaminarParquetSourceBuilder<T> configure(LaminarParquetSourceBuilder<T> b) {
        return b.path(dir.toString())
                .batchSize(BATCH)
                .metadataColumn(MetadataColumn.FILE_NAME)
                .metadataColumn(MetadataColumn.ROW_GROUP)
                .metadataColumn(MetadataColumn.ROW_INDEX);
    }

    private static List<List<Object>> rowDataRows(LaminarParquetSource<RowData> source)
            throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        Function<RowData, List<Object>> converter = ArrowValues.rowConverter(source.getRowType());
        SourceReaderRuns.readAll(
                source, SourceReaderRuns.plan(source, 1), row -> rows.add(converter.apply(row)));
        return rows;
    }

    private static List<List<Object>> arrowRows(
            LaminarParquetSource<ArrowBatch> source, List<ParquetSplit> splits, int batches)
            throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        List<ParquetSplit> rest = SourceReaderRuns.read(source, splits, collectInto(rows), batches);
        assertThat(rest).isEmpty();
        return rows;
    }

    private static Consumer<ArrowBatch> collectInto(List<List<Object>> rows) {
        return batch -> {
            assertThat(batch.numRows()).isBetween(1, BATCH);
            rows.addAll(ArrowValues.rows(batch.root()));
        };
    }

    @Test
    void everyTypeEqualsTheRowDataOutputValueByValue() throws Exception {
        LaminarParquetSource<RowData> rowSource =
                configure(LaminarParquetSource.forRowData()).build();
        LaminarParquetSource<ArrowBatch> arrowSource =
                configure(LaminarParquetSource.forArrow()).build();
        List<List<Object>> expected = rowDataRows(rowSource);
        List<List<Object>> actual =
                arrowRows(arrowSource, SourceReaderRuns.plan(arrowSource, 1), Integer.MAX_VALUE);

        assertThat(expected).hasSize(2200);
        assertSameRows(actual, expected, "all types");
        // NULLs reach every nullable column (all but id, region and the metadata columns).
        for (int c = 1; c < rowSource.getRowType().getFieldCount() - 4; c++) {
            int column = c;
            assertThat(actual).as("column %s", c).anyMatch(r -> r.get(column) == null);
            assertThat(actual).as("column %s", c).anyMatch(r -> r.get(column) != null);
        }
    }

    @Test
    void aPartitionColumnSharesOneVectorPerValueAcrossBatchesAndSplits() throws Exception {
        LaminarParquetSource<ArrowBatch> source =
                configure(LaminarParquetSource.forArrow()).build();
        List<ParquetSplit> splits = SourceReaderRuns.plan(source, 1);
        Map<String, Set<Long>> dataAddresses = new TreeMap<>();
        List<String> values = new ArrayList<>();
        SourceReaderRuns.readAll(
                source,
                splits,
                batch -> {
                    VarCharVector region = (VarCharVector) batch.root().getVector("region");
                    assertThat(region.getValueCount()).isEqualTo(batch.numRows());
                    String first = region.getObject(0).toString();
                    for (int i = 0; i < region.getValueCount(); i++) {
                        values.add(region.getObject(i).toString());
                        assertThat(region.getObject(i).toString()).isEqualTo(first);
                    }
                    // held by the batch and by the template it is a slice of
                    assertThat(region.getDataBuffer().getReferenceManager().getRefCount())
                            .isEqualTo(2);
                    dataAddresses
                            .computeIfAbsent(first, v -> new HashSet<>())
                            .add(region.getDataBuffer().memoryAddress());
                });
        // Every row has its file's value; all batches of a value, over several splits, share
        // the buffers of one vector (a zero-copy slice each), written once.
        assertThat(splits.size()).isGreaterThan(2);
        assertThat(values).hasSize(2200);
        assertThat(values.stream().filter("eu"::equals).count()).isEqualTo(1500);
        assertThat(values.stream().filter("us"::equals).count()).isEqualTo(700);
        assertThat(dataAddresses.keySet()).containsExactly("eu", "us");
        assertThat(dataAddresses.get("eu")).hasSize(1);
        assertThat(dataAddresses.get("us")).hasSize(1);
    }

    @Test
    void theSchemaFollowsTheTypeTable() throws Exception {
        LaminarParquetSource<ArrowBatch> source =
                configure(LaminarParquetSource.forArrow()).build();
        List<Schema> schemas = new ArrayList<>();
        SourceReaderRuns.read(
                source, SourceReaderRuns.plan(source, 1), b -> schemas.add(b.schema()), 1);
        Schema schema = schemas.get(0);
        assertThat(schema).isEqualTo(ArrowTypes.schema(source.getRowType()));
        assertThat(type(schema, "id")).isEqualTo(new ArrowType.Int(32, true));
        assertThat(schema.findField("id").isNullable()).isFalse();
        assertThat(type(schema, "b")).isEqualTo(ArrowType.Bool.INSTANCE);
        assertThat(type(schema, "i8")).isEqualTo(new ArrowType.Int(8, true));
        assertThat(type(schema, "i16")).isEqualTo(new ArrowType.Int(16, true));
        assertThat(type(schema, "i64")).isEqualTo(new ArrowType.Int(64, true));
        assertThat(type(schema, "f"))
                .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
        assertThat(type(schema, "d"))
                .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
        assertThat(type(schema, "dec32")).isEqualTo(new ArrowType.Decimal(9, 2, 128));
        assertThat(type(schema, "dec64")).isEqualTo(new ArrowType.Decimal(18, 4, 128));
        assertThat(type(schema, "dec128")).isEqualTo(new ArrowType.Decimal(38, 10, 128));
        assertThat(type(schema, "s")).isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(type(schema, "bin")).isEqualTo(ArrowType.Binary.INSTANCE);
        assertThat(type(schema, "fixed")).isEqualTo(new ArrowType.FixedSizeBinary(4));
        assertThat(type(schema, "dt")).isEqualTo(new ArrowType.Date(DateUnit.DAY));
        assertThat(type(schema, "tm")).isEqualTo(new ArrowType.Time(TimeUnit.MILLISECOND, 32));
        assertThat(type(schema, "ts_ms"))
                .isEqualTo(new ArrowType.Timestamp(TimeUnit.MILLISECOND, null));
        assertThat(type(schema, "ts_us"))
                .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
        assertThat(type(schema, "ts_ns"))
                .isEqualTo(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null));
        assertThat(type(schema, "tsz_us"))
                .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
        assertThat(type(schema, "tags")).isEqualTo(ArrowType.List.INSTANCE);
        assertThat(schema.findField("tags").getChildren().get(0).getType())
                .isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(type(schema, "attrs")).isEqualTo(new ArrowType.Map(false));
        Field entries = schema.findField("attrs").getChildren().get(0);
        assertThat(entries.getChildren().get(0).isNullable()).isFalse();
        assertThat(entries.getChildren().get(1).getType()).isEqualTo(new ArrowType.Int(32, true));
        assertThat(type(schema, "st")).isEqualTo(ArrowType.Struct.INSTANCE);
        assertThat(schema.findField("st").getChildren().get(2).getType())
                .isEqualTo(ArrowType.List.INSTANCE);
        assertThat(type(schema, "region")).isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(type(schema, "row_index")).isEqualTo(new ArrowType.Int(64, true));
    }

    private static ArrowType type(Schema schema, String name) {
        return schema.findField(name).getType();
    }

    @Test
    void aFilterSelectsTheSameRowsInBatchesOfOneSplit() throws Exception {
        ParquetFilter filter =
                ParquetFilter.or(ParquetFilter.lt("i32", 20_000_000), ParquetFilter.isNull("s"));
        LaminarParquetSource<RowData> rowSource =
                configure(LaminarParquetSource.forRowData()).filter(filter).build();
        LaminarParquetSource<ArrowBatch> arrowSource =
                configure(LaminarParquetSource.forArrow()).filter(filter).build();
        List<List<Object>> expected = rowDataRows(rowSource);
        List<List<Object>> actual =
                arrowRows(arrowSource, SourceReaderRuns.plan(arrowSource, 1), Integer.MAX_VALUE);
        assertThat(expected).hasSizeBetween(100, 2100);
        assertSameRows(actual, expected, "filtered");
    }

    @Test
    void aCheckpointAfterAnyBatchResumesAtTheNextRow() throws Exception {
        LaminarParquetSource<RowData> rowSource =
                configure(LaminarParquetSource.forRowData()).build();
        LaminarParquetSource<ArrowBatch> arrowSource =
                configure(LaminarParquetSource.forArrow()).build();
        List<List<Object>> expected = rowDataRows(rowSource);
        for (int stopAfter : new int[] {1, 7, 16, 22}) {
            List<List<Object>> rows = new ArrayList<>();
            List<ParquetSplit> splits = SourceReaderRuns.plan(arrowSource, 1);
            int batches = 0;
            while (!splits.isEmpty()) {
                // Read some batches, checkpoint, and go on from the checkpoint in a new reader.
                splits = SourceReaderRuns.read(arrowSource, splits, collectInto(rows), stopAfter);
                batches++;
            }
            assertThat(batches).as("checkpoints after %s batches", stopAfter).isGreaterThan(1);
            assertSameRows(rows, expected, "resumed after every " + stopAfter + " batches");
        }
    }

    @Test
    void aBatchIsReleasedWhenCollectReturnsAndCanBeKeptOrCopied() throws Exception {
        LaminarParquetSource<ArrowBatch> source =
                configure(LaminarParquetSource.forArrow()).build();
        List<List<Object>> expected =
                rowDataRows(configure(LaminarParquetSource.forRowData()).build());
        List<ArrowBatch> emitted = new ArrayList<>();
        List<ArrowBatch> copies = new ArrayList<>();
        List<List<Object>> keptRows = new ArrayList<>();
        ArrowBatch[] held = new ArrowBatch[1];
        // Where each batch ends in the rows read through (a batch ends at a row group's end).
        List<Integer> ends = new ArrayList<>(List.of(0));
        try (BufferAllocator mine = new RootAllocator()) {
            SourceReaderRuns.read(
                    source,
                    SourceReaderRuns.plan(source, 1),
                    b -> {
                        if (held[0] != null) {
                            // The source released the batch kept from; the kept one is intact.
                            assertThat(emitted.get(emitted.size() - 1).isClosed()).isTrue();
                            assertThat(
                                            emitted.get(emitted.size() - 1)
                                                    .root()
                                                    .getVector(0)
                                                    .getValueCount())
                                    .isZero();
                            keptRows.addAll(ArrowValues.rows(held[0].root()));
                            held[0].close(); // before the reader closes: it counts there
                            held[0] = null;
                        }
                        emitted.add(b);
                        ends.add(ends.get(ends.size() - 1) + b.numRows());
                        if (emitted.size() % 2 == 1) {
                            held[0] = b.keep();
                        } else {
                            copies.add(b.copyTo(mine));
                        }
                    },
                    4);
            assertThat(emitted).hasSize(4).allMatch(ArrowBatch::isClosed);
            assertThat(held[0]).isNull();
            assertSameRows(
                    keptRows,
                    concat(
                            expected.subList(ends.get(0), ends.get(1)),
                            expected.subList(ends.get(2), ends.get(3))),
                    "kept");
            List<List<Object>> copiedRows = new ArrayList<>();
            for (ArrowBatch copy : copies) {
                copiedRows.addAll(ArrowValues.rows(copy.root()));
                copy.close();
            }
            assertSameRows(
                    copiedRows,
                    concat(
                            expected.subList(ends.get(1), ends.get(2)),
                            expected.subList(ends.get(3), ends.get(4))),
                    "copied");
        } // closing 'mine' fails if a copy leaked; the reader's close fails if a batch did
    }

    /** The same rows in the same order; names the first row that differs. */
    static void assertSameRows(
            List<List<Object>> actual, List<List<Object>> expected, String description) {
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            assertThat(actual.get(i)).as("%s: row %s", description, i).isEqualTo(expected.get(i));
        }
        assertThat(actual).as("%s: rows", description).hasSameSizeAs(expected);
    }

    private static List<List<Object>> concat(List<List<Object>> a, List<List<Object>> b) {
        List<List<Object>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void aBatchBeyondTheMemoryLimitFailsNamingTheLimit() throws Exception {
        LaminarParquetSource<ArrowBatch> source =
                configure(LaminarParquetSource.forArrow())
                        .batchSize(4000)
                        .arrowMemoryLimit(MemorySize.parse("16kb"))
                        .build();
        assertThatThrownBy(
                        () ->
                                SourceReaderRuns.readAll(
                                        source, SourceReaderRuns.plan(source, 1), b -> {}))
                .hasStackTraceContaining("Arrow memory limit of 16384 bytes (arrowMemoryLimit");
    }

    @Test
    void eventTimeAndLimitPerReaderAreRejectedNamingTheOption() {
        assertThatThrownBy(
                        () ->
                                configure(LaminarParquetSource.forArrow())
                                        .eventTimeColumn("ts_ms")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventTimeColumn 'ts_ms'");
        assertThatThrownBy(
                        () -> configure(LaminarParquetSource.forArrow()).limitPerReader(5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limitPerReader (5)");
    }

    @Test
    void theMemoryLimitIsAnArrowOption() {
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .arrowMemoryLimit(MemorySize.parse("1mb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forArrow()");
    }
}
