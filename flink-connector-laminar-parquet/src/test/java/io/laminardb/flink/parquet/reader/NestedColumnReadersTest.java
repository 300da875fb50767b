package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
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
                                everyLeafPaged,
                                ColumnDecoder.class))
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
        // odd seeds write data pages v1: every leaf follows the kept rows a page at a time
        assertThat(compare(file, SCHEMA, filtered, random, seed % 2 == 1, ColumnDecoder.class))
                .as("rows the page index skipped")
                .isPositive();
    }

    /**
     * The filter column's pages hold a few rows (60-byte keys, within the 64 bytes the page index
     * keeps of a binary value) and the list's pages thousands of levels, so the cursor passes over
     * rows not kept across its windows of levels inside a page.
     */
    @Test
    void passesOverRowsNotKeptAcrossItsWindowsOfLevels() throws Exception {
        MessageType schema =
                MessageTypeParser.parseMessageType(
                        "message m {\n"
                                + "  required binary key (STRING);\n"
                                + "  optional group tags (LIST) {\n"
                                + "    repeated group list { optional binary element (STRING); }\n"
                                + "  }\n"
                                + "}");
        Path file = dir.resolve("wide-keys.parquet");
        int rows = 6_000;
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(schema)
                        .withPageSize(16_384)
                        .withPageRowCountLimit(rows)
                        .withDictionaryEncoding(true)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            for (int i = 0; i < rows; i++) {
                Group row = groups.newGroup().append("key", key(i));
                if (i % 11 != 0) {
                    Group tags = row.addGroup("tags");
                    for (int j = 0; j < 1 + i % 4; j++) {
                        Group tag = tags.addGroup("list");
                        if ((i + j) % 7 != 0) {
                            tag.append("element", "t" + (i + j) % 9);
                        }
                    }
                }
                writer.write(row);
            }
        }
        FilterPredicate kept = null;
        for (int from : new int[] {450, 1_777, 3_101, 4_650, 5_990}) {
            FilterPredicate range =
                    FilterApi.and(
                            FilterApi.gtEq(FilterApi.binaryColumn("key"), key(from)),
                            FilterApi.lt(FilterApi.binaryColumn("key"), key(from + 3)));
            kept = kept == null ? range : FilterApi.or(kept, range);
        }
        ParquetReadOptions options = IdRangesKept.pageIndexOnly(kept);
        assertThat(compare(file, schema, options, new Random(3), true, ListFieldReader.class))
                .as("rows the page index skipped")
                .isGreaterThan(rows / 2);
    }

    private static Binary key(int i) {
        return Binary.fromString(String.format(java.util.Locale.ROOT, "%060d", i));
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
        assertThat(
                        compare(
                                file,
                                projected,
                                ParquetReadOptions.builder().build(),
                                random,
                                true,
                                StructFieldReader.class))
                .isZero();
    }

    /** Nesting within nesting, each column taking {@link TreeFieldReader}. */
    private static final MessageType DEEP =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  required int64 id;\n"
                            + "  optional group lists (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional group element (LIST) {\n"
                            + "        repeated group list { optional int32 element; }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group rows (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional group element {\n"
                            + "        repeated int32 a;\n"
                            + "        optional binary s (STRING);\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group outer {\n"
                            + "    optional group inner { optional int32 a; required double b; }\n"
                            + "    optional binary name (STRING);\n"
                            + "  }\n"
                            + "  optional group tagged { repeated int32 a; }\n"
                            + "  optional group holder {\n"
                            + "    required int64 k;\n"
                            + "    optional group tags (LIST) {\n"
                            + "      repeated group list { optional binary element (STRING); }\n"
                            + "    }\n"
                            + "    optional group props (MAP) {\n"
                            + "      repeated group key_value {\n"
                            + "        required binary key (STRING);\n"
                            + "        optional double value;\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group byKey (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required int32 key;\n"
                            + "      optional group value {\n"
                            + "        optional int64 x;\n"
                            + "        optional group ys (LIST) {\n"
                            + "          repeated group list { required int32 element; }\n"
                            + "        }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group series (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional group value (LIST) {\n"
                            + "        repeated group list { optional double element; }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  repeated group events { required int64 t; optional boolean ok; }\n"
                            + "  required group fixed {\n"
                            + "    required group inner { required int32 a; }\n"
                            + "    optional group maybe { optional int32 b; }\n"
                            + "  }\n"
                            + "  optional group l1 {\n"
                            + "    optional group l2 {\n"
                            + "      optional group l3 (LIST) {\n"
                            + "        repeated group list {\n"
                            + "          optional group element {\n"
                            + "            optional int32 v;\n"
                            + "            optional group w (LIST) { repeated int64 element; }\n"
                            + "          }\n"
                            + "        }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "}");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void assemblesDeeperNestingLikeParquetJava(int seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("deep" + seed + ".parquet");
        writeDeep(file, seed, random, ParquetProperties.DEFAULT_PAGE_SIZE);
        assertThat(
                        compare(
                                file,
                                DEEP,
                                ParquetReadOptions.builder().build(),
                                random,
                                seed % 2 == 1,
                                TreeFieldReader.class))
                .as("rows the page index skipped")
                .isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void assemblesDeeperNestingThePageIndexKeptLikeParquetJava(int seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("deep-kept" + seed + ".parquet");
        int rows = writeDeep(file, seed, random, 256 + random.nextInt(2048));
        assertThat(
                        compare(
                                file,
                                DEEP,
                                IdRangesKept.options(random, rows),
                                random,
                                seed % 2 == 1,
                                TreeFieldReader.class))
                .as("rows the page index skipped")
                .isPositive();
    }

    /**
     * A row the file has fields of that the declared row lacks, or that lacks a declared NOT NULL
     * field, is for parquet-java's record assembly (which skips the one and names the other).
     */
    @Test
    void leavesRowsOfOtherFieldsToRecordAssembly() {
        MessageType file =
                MessageTypeParser.parseMessageType(
                        "message m {\n"
                                + "  optional group outer {\n"
                                + "    optional group inner { optional int32 a; optional int32 b; }\n"
                                + "  }\n"
                                + "}");
        LogicalType fewer =
                RowType.of(RowType.of(new LogicalType[] {new IntType()}, new String[] {"a"}));
        LogicalType more =
                RowType.of(
                        RowType.of(
                                new LogicalType[] {
                                    new IntType(), new IntType(), new IntType(false)
                                },
                                new String[] {"a", "b", "c"}));
        for (LogicalType type : new LogicalType[] {fewer, more}) {
            assertThat(
                            NestedColumnReaders.create(
                                    null,
                                    null,
                                    file.getType(0),
                                    type,
                                    "test",
                                    new FlinkVectorSink(type)))
                    .as(type.asSummaryString())
                    .isNull();
        }
    }

    /** Writes a random file of the test's schema; returns its row count. */
    private static int write(Path file, int seed, Random random, int pageSize) throws Exception {
        int rows = 2_000 + random.nextInt(4_000);
        try (ParquetWriter<Group> writer = writer(file, SCHEMA, seed, random, pageSize)) {
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

    /**
     * A writer of random files of {@code schema}: dictionary or plain pages, page v1 or v2 as the
     * seed says, small pages and row groups.
     */
    private static ParquetWriter<Group> writer(
            Path file, MessageType schema, int seed, Random random, int pageSize) throws Exception {
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(schema)
                .withPageSize(pageSize)
                .withDictionaryEncoding(seed % 3 != 0)
                .withDictionaryPageSize(seed % 4 == 0 ? 512 : 1 << 20)
                .withByteStreamSplitEncoding(seed % 3 == 0)
                .withWriterVersion(
                        seed % 2 == 0
                                ? ParquetProperties.WriterVersion.PARQUET_2_0
                                : ParquetProperties.WriterVersion.PARQUET_1_0)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withPageRowCountLimit(20 + random.nextInt(300))
                .withRowGroupRowCountLimit(700 + random.nextInt(2_000))
                .build();
    }

    /** Writes a random file of {@link #DEEP}; returns its row count. */
    private static int writeDeep(Path file, int seed, Random random, int pageSize)
            throws Exception {
        int rows = 1_500 + random.nextInt(3_000);
        int nullPercent = 5 + random.nextInt(40);
        try (ParquetWriter<Group> writer = writer(file, DEEP, seed, random, pageSize)) {
            SimpleGroupFactory groups = new SimpleGroupFactory(DEEP);
            for (int i = 0; i < rows; i++) {
                Group row = groups.newGroup();
                row.append("id", (long) i);
                for (int f = 1; f < DEEP.getFieldCount(); f++) {
                    fillField(row, DEEP, f, random, nullPercent, -1);
                }
                writer.write(row);
            }
        }
        return rows;
    }

    /**
     * Gives field {@code f} of {@code group} random values: none (NULL) for an optional field at
     * {@code nullPercent}, up to 3 for a repeated one (so empty arrays and maps too), a random
     * value or group otherwise.
     *
     * @param entry where {@code group} is the entry-th entry of a map, else -1: its key (field 0)
     *     is then distinct within the map, as parquet-java's assembly keeps one entry per key
     */
    private static void fillField(
            Group group, GroupType type, int f, Random random, int nullPercent, int entry) {
        Type field = type.getType(f);
        int values;
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            values = random.nextInt(4);
        } else if (field.isRepetition(Type.Repetition.OPTIONAL)) {
            values = random.nextInt(100) < nullPercent ? 0 : 1;
        } else {
            values = 1;
        }
        boolean entries =
                type.getLogicalTypeAnnotation()
                        instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation;
        for (int v = 0; v < values; v++) {
            if (!field.isPrimitive()) {
                Group child = group.addGroup(f);
                GroupType childType = field.asGroupType();
                for (int c = 0; c < childType.getFieldCount(); c++) {
                    fillField(child, childType, c, random, nullPercent, entries ? v : -1);
                }
                continue;
            }
            int small = entry >= 0 && f == 0 ? entry * 7 + random.nextInt(7) : random.nextInt(50);
            switch (field.asPrimitiveType().getPrimitiveTypeName()) {
                case INT32:
                    group.append(field.getName(), small);
                    break;
                case INT64:
                    group.append(field.getName(), random.nextLong() >> random.nextInt(64));
                    break;
                case DOUBLE:
                    group.append(field.getName(), random.nextGaussian());
                    break;
                case BOOLEAN:
                    group.append(field.getName(), random.nextBoolean());
                    break;
                default:
                    group.append(field.getName(), (random.nextInt(4) == 0 ? "ü€" : "s") + small);
            }
        }
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
            boolean everyLeafPaged,
            Class<?> reader)
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
                                assertThat(fast)
                                        .as("reader of %s", column.getName())
                                        .isInstanceOf(reader);
                                for (ColumnChunkMetaData chunk : group.block().getColumns()) {
                                    if (everyLeafPaged
                                            && chunk.getPath()
                                                    .toArray()[0]
                                                    .equals(column.getName())) {
                                        assertThat(PagedLeafCursor.canRead(chunk))
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
