package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readers of ARRAY, MAP and ROW columns of primitives and of ARRAYs of such ROWs assemble
 * exactly what parquet-java's record assembly ({@link NestedFieldReader}) does: random files (NULL
 * and empty arrays and maps, NULL elements, values and fields; 3-level and legacy 2-level lists,
 * bare repeated fields, key-only maps; dictionary and plain pages, page v1 and v2, pages that end
 * within a row) read in random batch sizes from random starting rows, also where the page index
 * keeps a few runs of rows.
 */
class NestedColumnReadersTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  required int64 id;\n"
                            + "  optional group ints (LIST) {\n"
                            + "    repeated group list { optional int32 element; }\n"
                            + "  }\n"
                            + "  required group names (LIST) {\n"
                            + "    repeated group list { required binary element (STRING); }\n"
                            + "  }\n"
                            + "  optional group doubles (LIST) {\n"
                            + "    repeated group list { required double element; }\n"
                            + "  }\n"
                            + "  optional group legacy (LIST) { repeated int64 element; }\n"
                            + "  repeated int32 bare;\n"
                            + "  optional group smalls (LIST) {\n"
                            + "    repeated group list { optional int32 element (INTEGER(16,true)); }\n"
                            + "  }\n"
                            + "  optional group stamps (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional int64 element (TIMESTAMP(MICROS,false));\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group amounts (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional fixed_len_byte_array(16) element (DECIMAL(38,6));\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group instants (LIST) {\n"
                            + "    repeated group list { optional int96 element; }\n"
                            + "  }\n"
                            + "  optional group flags (LIST) {\n"
                            + "    repeated group list { optional boolean element; }\n"
                            + "  }\n"
                            + "  optional group attrs (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional int64 value;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  required group weights (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required int32 key;\n"
                            + "      required float value;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group keys (MAP) {\n"
                            + "    repeated group key_value { required int32 key; }\n"
                            + "  }\n"
                            + "  optional group point {\n"
                            + "    optional double x;\n"
                            + "    required int32 y;\n"
                            + "    optional binary label (STRING);\n"
                            + "  }\n"
                            + "  optional group items (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional group element {\n"
                            + "        required int64 sku;\n"
                            + "        optional double price;\n"
                            + "        optional binary note (STRING);\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group spans (LIST) {\n"
                            + "    repeated group array { required int32 start; optional int32 end; }\n"
                            + "  }\n"
                            + "  required group pair {\n"
                            + "    required int64 a;\n"
                            + "    optional boolean b;\n"
                            + "  }\n"
                            + "}");

    @TempDir Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void assemblesLikeParquetJava(int seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("f" + seed + ".parquet");
        write(file, seed, random, ParquetProperties.DEFAULT_PAGE_SIZE);
        // data pages v1 hold only PLAIN and dictionary values: every leaf is read a page at a time
        boolean everyLeafPaged = seed % 2 == 1;
        assertThat(
                        compare(
                                file,
                                SCHEMA,
                                ParquetReadOptions.builder().build(),
                                random,
                                everyLeafPaged))
                .as("rows the page index skipped")
                .isZero();
    }

    /** Pages of every column start at other rows; the readers skip to the rows kept. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void assemblesTheRowsThePageIndexKeptLikeParquetJava(int seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("kept" + seed + ".parquet");
        int rows = write(file, seed, random, 256 + random.nextInt(2048));
        ParquetReadOptions filtered = IdRangesKept.options(random, rows);
        assertThat(compare(file, SCHEMA, filtered, random, false))
                .as("rows the page index skipped")
                .isPositive();
    }

    /** A ROW read with fewer fields than the file's group, in another order. */
    @Test
    void readsAProjectedRowByName() throws Exception {
        Random random = new Random(7);
        Path file = dir.resolve("projected.parquet");
        write(file, 7, random, ParquetProperties.DEFAULT_PAGE_SIZE);
        GroupType point = SCHEMA.getType("point").asGroupType();
        MessageType projected =
                new MessageType(
                        "m",
                        SCHEMA.getType("id"),
                        point.withNewFields(point.getType("label"), point.getType("x")));
        assertThat(compare(file, projected, ParquetReadOptions.builder().build(), random, true))
                .isZero();
    }

    /**
     * Deeper nesting (arrays of arrays, rows with repeated or nested fields) is not for these
     * readers: parquet-java's record assembly reads it.
     */
    @Test
    void leavesOtherShapesToRecordAssembly() {
        MessageType nested =
                MessageTypeParser.parseMessageType(
                        "message m {\n"
                                + "  optional group lists (LIST) {\n"
                                + "    repeated group list {\n"
                                + "      optional group element (LIST) {\n"
                                + "        repeated group list { optional int32 element; }\n"
                                + "      }\n"
                                + "    }\n"
                                + "  }\n"
                                + "  optional group rows (LIST) {\n"
                                + "    repeated group list {\n"
                                + "      optional group element { repeated int32 a; }\n"
                                + "    }\n"
                                + "  }\n"
                                + "  optional group outer { optional group inner { optional int32 a; } }\n"
                                + "  optional group tagged { repeated int32 a; }\n"
                                + "}");
        RowType rowType = ParquetSchemaConverter.toRowType(nested);
        for (int c = 0; c < nested.getFieldCount(); c++) {
            assertThat(
                            NestedColumnReaders.create(
                                    null,
                                    null,
                                    nested.getType(c),
                                    rowType.getTypeAt(c),
                                    "test",
                                    new FlinkVectorSink(rowType.getTypeAt(c))))
                    .as(nested.getType(c).getName())
                    .isNull();
        }
    }

    /** Writes a random file of the test's schema; returns its row count. */
    private static int write(Path file, int seed, Random random, int pageSize) throws Exception {
        int rows = 2_000 + random.nextInt(4_000);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withPageSize(pageSize)
                        .withDictionaryEncoding(seed % 3 != 0)
                        .withDictionaryPageSize(seed % 4 == 0 ? 512 : 1 << 20)
                        .withWriterVersion(
                                seed % 2 == 0
                                        ? ParquetProperties.WriterVersion.PARQUET_2_0
                                        : ParquetProperties.WriterVersion.PARQUET_1_0)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withPageRowCountLimit(20 + random.nextInt(300))
                        .withRowGroupRowCountLimit(700 + random.nextInt(2_000))
                        .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            int nullPercent = 5 + random.nextInt(40);
            for (int i = 0; i < rows; i++) {
                Group g = groups.newGroup();
                g.append("id", (long) i);
                Group ints = list(g, "ints", random, nullPercent);
                for (int e = entries(ints, random, 6); e > 0; e--) {
                    Group element = ints.addGroup("list");
                    if (random.nextInt(100) >= nullPercent) {
                        element.append(
                                "element",
                                random.nextBoolean() ? random.nextInt(10) : random.nextInt());
                    }
                }
                Group names = g.addGroup("names");
                for (int e = random.nextInt(4); e > 0; e--) {
                    names.addGroup("list")
                            .append(
                                    "element",
                                    random.nextInt(3) == 0 ? "ü€" + random.nextInt() : "n" + e);
                }
                Group doubles = list(g, "doubles", random, nullPercent);
                for (int e = entries(doubles, random, 9); e > 0; e--) {
                    doubles.addGroup("list").append("element", random.nextGaussian());
                }
                Group legacy = list(g, "legacy", random, nullPercent);
                for (int e = entries(legacy, random, 4); e > 0; e--) {
                    legacy.append("element", random.nextLong() >> random.nextInt(64));
                }
                for (int e = random.nextInt(4); e > 0; e--) {
                    g.append("bare", random.nextInt(1000));
                }
                Group smalls = list(g, "smalls", random, nullPercent);
                for (int e = entries(smalls, random, 5); e > 0; e--) {
                    Group element = smalls.addGroup("list");
                    if (random.nextInt(100) >= nullPercent) {
                        element.append("element", random.nextInt(65536) - 32768);
                    }
                }
                Group stamps = list(g, "stamps", random, nullPercent);
                for (int e = entries(stamps, random, 3); e > 0; e--) {
                    Group element = stamps.addGroup("list");
                    if (random.nextInt(100) >= nullPercent) {
                        element.append("element", random.nextLong() / 1000);
                    }
                }
                Group amounts = list(g, "amounts", random, nullPercent);
                for (int e = entries(amounts, random, 3); e > 0; e--) {
                    Group element = amounts.addGroup("list");
                    if (random.nextInt(100) >= nullPercent) {
                        element.append("element", decimal16(random));
                    }
                }
                Group instants = list(g, "instants", random, nullPercent);
                for (int e = entries(instants, random, 3); e > 0; e--) {
                    Group element = instants.addGroup("list");
                    if (random.nextInt(100) >= nullPercent) {
                        element.append("element", int96(random));
                    }
                }
                Group flags = list(g, "flags", random, nullPercent);
                for (int e = entries(flags, random, 7); e > 0; e--) {
                    Group element = flags.addGroup("list");
                    if (random.nextInt(100) >= nullPercent) {
                        element.append("element", random.nextBoolean());
                    }
                }
                // maps of distinct keys: parquet-java's assembly keeps one entry per key
                Group attrs = list(g, "attrs", random, nullPercent);
                int attrCount = entries(attrs, random, 4);
                for (int e = 0; e < attrCount; e++) {
                    Group entry = attrs.addGroup("key_value");
                    entry.append("key", "k" + e * 7 + random.nextInt(7));
                    if (random.nextInt(100) >= nullPercent) {
                        entry.append("value", random.nextLong());
                    }
                }
                Group weights = g.addGroup("weights");
                for (int e = random.nextInt(4); e > 0; e--) {
                    weights.addGroup("key_value")
                            .append("key", e)
                            .append("value", random.nextFloat());
                }
                Group keys = list(g, "keys", random, nullPercent);
                for (int e = entries(keys, random, 3); e > 0; e--) {
                    keys.addGroup("key_value").append("key", e * 10);
                }
                if (random.nextInt(100) >= nullPercent) {
                    Group point = g.addGroup("point");
                    if (random.nextInt(100) >= nullPercent) {
                        point.append("x", random.nextDouble());
                    }
                    point.append("y", random.nextInt(100));
                    if (random.nextInt(100) >= nullPercent) {
                        point.append("label", "p" + random.nextInt(20));
                    }
                }
                Group items = list(g, "items", random, nullPercent);
                for (int e = entries(items, random, 4); e > 0; e--) {
                    Group entry = items.addGroup("list");
                    if (random.nextInt(100) < nullPercent) {
                        continue; // a NULL element
                    }
                    Group item = entry.addGroup("element").append("sku", random.nextLong() >> 20);
                    if (random.nextInt(100) >= nullPercent) {
                        item.append("price", random.nextDouble() * 100);
                    }
                    if (random.nextInt(100) >= nullPercent) {
                        item.append("note", "note " + random.nextInt(30));
                    }
                }
                Group spans = list(g, "spans", random, nullPercent);
                for (int e = entries(spans, random, 3); e > 0; e--) {
                    Group span = spans.addGroup("array").append("start", random.nextInt(1000));
                    if (random.nextInt(100) >= nullPercent) {
                        span.append("end", random.nextInt(1000));
                    }
                }
                Group pair = g.addGroup("pair").append("a", random.nextLong());
                if (random.nextInt(100) >= nullPercent) {
                    pair.append("b", random.nextBoolean());
                }
                writer.write(g);
            }
        }
        return rows;
    }

    /** An unscaled DECIMAL(38, s) in 16 bytes: mostly small, sometimes past a long. */
    private static Binary decimal16(Random random) {
        BigInteger unscaled =
                random.nextBoolean()
                        ? BigInteger.valueOf(random.nextInt(1_000_000) - 500_000)
                        : new BigInteger(120, random).subtract(BigInteger.ONE.shiftLeft(119));
        byte[] bytes = unscaled.toByteArray();
        byte[] fixed = new byte[16];
        Arrays.fill(fixed, 0, 16 - bytes.length, unscaled.signum() < 0 ? (byte) -1 : 0);
        System.arraycopy(bytes, 0, fixed, 16 - bytes.length, bytes.length);
        return Binary.fromConstantByteArray(fixed);
    }

    /** An INT96 timestamp: nanoseconds of the day, then the Julian day, little-endian. */
    private static Binary int96(Random random) {
        ByteBuffer value = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        value.putLong((long) (random.nextDouble() * 86_400_000_000_000L));
        value.putInt(2_440_588 + random.nextInt(30_000));
        return Binary.fromConstantByteArray(value.array());
    }

    /** The group of a NULLable list or map column, or null for a NULL one. */
    private static Group list(Group row, String name, Random random, int nullPercent) {
        return random.nextInt(100) < nullPercent ? null : row.addGroup(name);
    }

    /** How many entries to give {@code list}: none for a NULL list, else up to {@code max}. */
    private static int entries(Group list, Random random, int max) {
        return list == null ? 0 : random.nextInt(max + 1);
    }

    /**
     * Reads every nested column of every row group of the file (filtered as {@code options} say)
     * with these readers and with parquet-java's record assembly, and compares them row by row;
     * returns how many rows the page index skipped.
     *
     * @param everyLeafPaged whether every leaf must take {@link PagedLeafCursor}
     */
    private static long compare(
            Path file,
            MessageType read,
            ParquetReadOptions options,
            Random random,
            boolean everyLeafPaged)
            throws Exception {
        RowType rowType = ParquetSchemaConverter.toRowType(read);
        int[] compared = {0};
        long skippedRows =
                DecoderComparison.forEachRowGroup(
                        file,
                        options,
                        read,
                        random,
                        group -> {
                            String createdBy = group.file().getCreatedBy();
                            MessageType fileSchema = group.file().getSchema();
                            for (int c = 0; c < read.getFieldCount(); c++) {
                                Type column = read.getType(c);
                                LogicalType type = rowType.getTypeAt(c);
                                if (!(type instanceof ArrayType
                                        || type instanceof MapType
                                        || type instanceof RowType)) {
                                    continue;
                                }
                                FlinkVectorSink fastSink = new FlinkVectorSink(type);
                                FlinkVectorSink slowSink = new FlinkVectorSink(type);
                                ColumnDecoder fast =
                                        NestedColumnReaders.create(
                                                group.tested(),
                                                group.block(),
                                                column,
                                                type,
                                                createdBy,
                                                fastSink);
                                assertThat(fast).as("reader of %s", column.getName()).isNotNull();
                                for (ColumnChunkMetaData chunk : group.block().getColumns()) {
                                    if (everyLeafPaged
                                            && chunk.getPath()
                                                    .toArray()[0]
                                                    .equals(column.getName())) {
                                        assertThat(PagedLeafCursor.canRead(chunk, group.tested()))
                                                .as("paged reads of %s", chunk.getPath())
                                                .isTrue();
                                    }
                                }
                                DecoderComparison.assertSameRows(
                                        fast,
                                        fastSink,
                                        new NestedFieldReader(
                                                group.reference(),
                                                column,
                                                fileSchema,
                                                type,
                                                createdBy,
                                                slowSink),
                                        slowSink,
                                        type,
                                        group.start(),
                                        group.rows(),
                                        500,
                                        random,
                                        "column "
                                                + column.getName()
                                                + ", row group "
                                                + group.index());
                                compared[0]++;
                            }
                        });
        assertThat(compared[0]).as("columns compared").isPositive();
        return skippedRows;
    }
}
