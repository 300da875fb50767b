package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.filter.FilterValue;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.annotation.Nullable;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A declared schema ({@code rowType(...)}) read from files whose schemas differ from it: columns a
 * file lacks read as NULL, safe widenings are read exactly on the fast and the general path, and
 * everything else fails naming the file, the column and both types. Data files are written per test
 * with parquet-java; rows are read the way a source reader reads them (planned with the filter,
 * then read by {@link SplitCursor}, resumed half-way through each split).
 */
class DeclaredSchemaTest {

    @TempDir Path dir;

    // ------------------------------------------------------------------ missing columns

    @Test
    void aColumnAnOlderFileLacksIsNullInThatFile() throws Exception {
        writeOld(dir.resolve("t/a-old.parquet"), 0, 40);
        writeNew(dir.resolve("t/b-new.parquet"), 40, 40);
        RowType declared = row(field("id", new BigIntType(false)), field("extra", string()));

        List<List<Object>> rows = read(builder(declared), 0);
        assertThat(rows).hasSize(80);
        for (List<Object> row : rows) {
            long id = (Long) row.get(0);
            assertThat(row.get(1)).as("extra of id %s", id).isEqualTo(extra(id));
        }
    }

    @Test
    void filtersOnAMissingColumnFollowSqlSemantics() throws Exception {
        writeOld(dir.resolve("t/a-old.parquet"), 0, 40);
        writeNew(dir.resolve("t/b-new.parquet"), 40, 40);
        RowType declared = row(field("id", new BigIntType(false)), field("extra", string()));

        // IS NULL: every row of the old file, the NULLs of the new one.
        assertThat(ids(read(builder(declared).filter(ParquetFilter.isNull("extra")), 0)))
                .containsExactlyInAnyOrderElementsOf(range(0, 80, id -> extra(id) == null));
        // Comparisons with NULL are not TRUE, nor are their negations.
        assertThat(ids(read(builder(declared).filter(ParquetFilter.eq("extra", "x-41")), 0)))
                .containsExactly(41L);
        assertThat(
                        ids(
                                read(
                                        builder(declared)
                                                .filter(
                                                        ParquetFilter.not(
                                                                ParquetFilter.eq("extra", "x-41"))),
                                        0)))
                .containsExactlyInAnyOrderElementsOf(
                        range(0, 80, id -> extra(id) != null && id != 41));
        assertThat(ids(read(builder(declared).filter(ParquetFilter.isNotNull("extra")), 0)))
                .containsExactlyInAnyOrderElementsOf(range(0, 80, id -> extra(id) != null));
        // OR with a term on a present column: the old file's rows come from that term.
        assertThat(
                        ids(
                                read(
                                        builder(declared)
                                                .filter(
                                                        ParquetFilter.or(
                                                                ParquetFilter.eq("extra", "x-41"),
                                                                ParquetFilter.lt("id", 3L))),
                                        0)))
                .containsExactlyInAnyOrder(0L, 1L, 2L, 41L);
    }

    @Test
    void aFileWithNoneOfTheProjectedColumnsStillHasItsRows() throws Exception {
        writeOld(dir.resolve("t/a-old.parquet"), 0, 40);
        writeNew(dir.resolve("t/b-new.parquet"), 40, 40);
        RowType declared = row(field("id", new BigIntType(false)), field("extra", string()));

        for (int resumeAfter : new int[] {0, 7, 10, 33}) {
            List<List<Object>> rows = read(builder(declared).columns("extra"), resumeAfter);
            assertThat(rows).hasSize(80);
            List<Object> extras = new ArrayList<>();
            rows.forEach(r -> extras.add(r.get(0)));
            List<Object> expected = new ArrayList<>();
            for (long id = 0; id < 80; id++) {
                expected.add(extra(id));
            }
            assertThat(extras).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aNotNullColumnAFileLacksFailsNamingTheFileAndColumn() throws Exception {
        writeOld(dir.resolve("t/a-old.parquet"), 0, 10);
        RowType declared =
                row(field("id", new BigIntType(false)), field("extra", new VarCharType(false, 10)));

        assertThatThrownBy(() -> read(builder(declared), 0))
                .hasMessageContaining("a-old.parquet")
                .hasMessageContaining("has no column 'extra'")
                .hasMessageContaining("NOT NULL");
    }

    // ------------------------------------------------------------------ widening

    @ParameterizedTest(name = "dictionary={0}")
    @ValueSource(booleans = {true, false})
    void int32ReadAsBigIntKeepsNegativesAndNulls(boolean dictionary) throws Exception {
        write(
                dir.resolve("t/ints.parquet"),
                "message m { required int64 id; optional int32 v; optional int32 s (INT_16); }",
                dictionary,
                300,
                (g, id) -> {
                    Integer v = int32(id);
                    if (v != null) {
                        g.append("v", v);
                        g.append("s", (int) (short) v.intValue());
                    }
                });
        RowType declared =
                row(
                        field("id", new BigIntType(false)),
                        field("v", new BigIntType()),
                        field("s", new IntType()));

        List<SimpleEntry<ParquetFilter, LongPredicate>> cases =
                List.of(
                        new SimpleEntry<>(null, id -> true),
                        // a literal beyond INT32 on an INT32 file column
                        new SimpleEntry<>(
                                ParquetFilter.lt("v", 3_000_000_000L), id -> int32(id) != null),
                        // page-index skipping: the general path, rows realigned
                        new SimpleEntry<>(
                                ParquetFilter.between("id", 150L, 170L),
                                id -> id >= 150 && id <= 170),
                        new SimpleEntry<>(
                                ParquetFilter.lte("v", -100L),
                                id -> int32(id) != null && int32(id) <= -100));
        for (SimpleEntry<ParquetFilter, LongPredicate> c : cases) {
            ParquetFilter filter = c.getKey();
            List<List<Object>> rows =
                    read(filter == null ? builder(declared) : builder(declared).filter(filter), 11);
            List<Long> expected = range(0, 300, c.getValue());
            assertThat(ids(rows)).as("%s", filter).containsExactlyInAnyOrderElementsOf(expected);
            for (List<Object> row : rows) {
                Integer v = int32((Long) row.get(0));
                assertThat(row.get(1)).isEqualTo(v == null ? null : (long) v);
                assertThat(row.get(2)).isEqualTo(v == null ? null : (int) (short) v.intValue());
            }
        }
    }

    @ParameterizedTest(name = "dictionary={0}")
    @ValueSource(booleans = {true, false})
    void floatReadAsDouble(boolean dictionary) throws Exception {
        write(
                dir.resolve("t/floats.parquet"),
                "message m { required int64 id; optional float f; }",
                dictionary,
                200,
                (g, id) -> {
                    if (id % 7 != 0) {
                        g.append("f", floatOf(id));
                    }
                });
        RowType declared = row(field("id", new BigIntType(false)), field("f", new DoubleType()));

        List<List<Object>> rows = read(builder(declared), 5);
        assertThat(rows).hasSize(200);
        for (List<Object> row : rows) {
            long id = (Long) row.get(0);
            assertThat(row.get(1)).isEqualTo(id % 7 == 0 ? null : (double) floatOf(id));
        }
        // 0.1 is no FLOAT: the widened value of 0.1f is not 0.1, on the pushed and exact sides.
        assertThat(read(builder(declared).filter(ParquetFilter.eq("f", 0.1)), 0)).isEmpty();
        assertThat(ids(read(builder(declared).filter(ParquetFilter.eq("f", -2.5)), 0)))
                .containsExactlyInAnyOrderElementsOf(
                        range(0, 200, id -> id % 7 != 0 && floatOf(id) == -2.5f));
        assertThat(ids(read(builder(declared).filter(ParquetFilter.eq("f", 1.100000023841858)), 0)))
                .containsExactlyInAnyOrderElementsOf(
                        range(0, 200, id -> id % 7 != 0 && floatOf(id) == 1.1f));
    }

    @ParameterizedTest(name = "dictionary={0}")
    @ValueSource(booleans = {true, false})
    void decimalsReadWithMorePrecisionAndScaleExactly(boolean dictionary) throws Exception {
        write(
                dir.resolve("t/decimals.parquet"),
                "message m { required int64 id;"
                        + " optional int32 d32 (DECIMAL(9,2));"
                        + " optional int64 d64 (DECIMAL(18,3));"
                        + " optional fixed_len_byte_array(5) fixed (DECIMAL(10,1));"
                        + " optional int32 i; }",
                dictionary,
                250,
                (g, id) -> {
                    if (id % 9 == 4) {
                        return;
                    }
                    g.append("d32", (int) unscaled32(id));
                    g.append("d64", unscaled64(id));
                    g.append("fixed", fixed5(unscaled32(id)));
                    g.append("i", (int) unscaled32(id));
                });
        RowType declared =
                row(
                        field("id", new BigIntType(false)),
                        field("d32", new DecimalType(18, 4)),
                        field("d64", new DecimalType(38, 6)),
                        field("fixed", new DecimalType(12, 3)),
                        field("i", new DecimalType(12, 2)));

        List<List<Object>> rows = read(builder(declared), 17);
        assertThat(rows).hasSize(250);
        for (List<Object> row : rows) {
            long id = (Long) row.get(0);
            if (id % 9 == 4) {
                assertThat(row.subList(1, 5)).containsOnlyNulls();
                continue;
            }
            assertThat(row.get(1)).isEqualTo(BigDecimal.valueOf(unscaled32(id), 2).setScale(4));
            assertThat(row.get(2)).isEqualTo(BigDecimal.valueOf(unscaled64(id), 3).setScale(6));
            assertThat(row.get(3)).isEqualTo(BigDecimal.valueOf(unscaled32(id), 1).setScale(3));
            assertThat(row.get(4)).isEqualTo(BigDecimal.valueOf(unscaled32(id)).setScale(2));
        }
        // A literal of the declared scale, translated to the file's scale for pruning.
        BigDecimal some = BigDecimal.valueOf(unscaled32(123), 2).setScale(4);
        assertThat(
                        ids(
                                read(
                                        builder(declared)
                                                .filter(
                                                        ParquetFilter.eq(
                                                                "d32", FilterValue.decimal(some))),
                                        0)))
                .containsExactlyInAnyOrderElementsOf(
                        range(0, 250, id -> id % 9 != 4 && unscaled32(id) == unscaled32(123)));
        assertThat(
                        ids(
                                read(
                                        builder(declared)
                                                .filter(
                                                        ParquetFilter.gt(
                                                                "d32",
                                                                FilterValue.decimal(
                                                                        new BigDecimal(
                                                                                "-0.0001")))),
                                        0)))
                .containsExactlyInAnyOrderElementsOf(
                        range(0, 250, id -> id % 9 != 4 && unscaled32(id) >= 0));
    }

    @Test
    void aTypeThatCannotBeReadFailsNamingTheFileTheColumnAndBothTypes() throws Exception {
        write(
                dir.resolve("t/f.parquet"),
                "message m { required int64 id; optional binary name (STRING);"
                        + " optional int64 big; optional int32 d (DECIMAL(9,2)); }",
                true,
                10,
                (g, id) -> g.append("name", "n").append("big", 1L).append("d", 1));
        RowType base = row(field("id", new BigIntType(false)));

        assertThatThrownBy(() -> read(builder(plus(base, field("name", new IntType()))), 0))
                .hasMessageContaining("f.parquet")
                .hasMessageContaining("column 'name'")
                .hasMessageContaining("binary name (STRING)")
                .hasMessageContaining("as the declared type INT");
        assertThatThrownBy(() -> read(builder(plus(base, field("big", new IntType()))), 0))
                .hasMessageContaining("f.parquet")
                .hasMessageContaining("column 'big'")
                .hasMessageContaining("int64 big")
                .hasMessageContaining("(read as BIGINT)")
                .hasMessageContaining("as the declared type INT");
        // fewer integer digits, fewer fraction digits
        assertThatThrownBy(() -> read(builder(plus(base, field("d", new DecimalType(9, 3)))), 0))
                .hasMessageContaining("DECIMAL(9, 3)");
        assertThatThrownBy(() -> read(builder(plus(base, field("d", new DecimalType(9, 1)))), 0))
                .hasMessageContaining("DECIMAL(9, 1)");
    }

    // ------------------------------------------------------------------ names and nesting

    @Test
    void namesMatchIgnoringCaseUnlessAmbiguous() throws Exception {
        write(
                dir.resolve("t/case.parquet"),
                "message m { required int64 Id; optional int32 price; optional int32 PRICE; }",
                true,
                5,
                (g, id) -> g.append("price", 1).append("PRICE", 2));
        assertThat(read(builder(row(field("ID", new BigIntType(false)))), 0)).hasSize(5);
        assertThatThrownBy(
                        () ->
                                read(
                                        builder(
                                                row(
                                                        field("id", new BigIntType(false)),
                                                        field("Price", new BigIntType()))),
                                        0))
                .hasMessageContaining("'price' and 'PRICE'");
    }

    @Test
    void aFieldAStructLacksIsNullWhenNullable() throws Exception {
        write(
                dir.resolve("t/nested.parquet"),
                "message m { required int64 id; optional group s { optional int32 a; } }",
                true,
                20,
                (g, id) -> g.addGroup("s").append("a", id.intValue() - 10));
        LogicalType struct =
                row(field("a", new BigIntType()), field("b", string())); // b is missing
        List<List<Object>> rows =
                read(builder(row(field("id", new BigIntType(false)), field("s", struct))), 3);
        assertThat(rows).hasSize(20);
        for (List<Object> row : rows) {
            RowData s = (RowData) row.get(1);
            assertThat(s.getLong(0)).isEqualTo((Long) row.get(0) - 10);
            assertThat(s.isNullAt(1)).isTrue();
        }
        LogicalType strict = row(field("a", new BigIntType()), field("b", new IntType(false)));
        assertThatThrownBy(
                        () ->
                                read(
                                        builder(
                                                row(
                                                        field("id", new BigIntType(false)),
                                                        field("s", strict))),
                                        0))
                .hasMessageContaining("nested.parquet")
                .hasMessageContaining("column 's'")
                .hasMessageContaining("'b'");
    }

    // ------------------------------------------------------------------ data

    @Nullable
    private static String extra(long id) {
        return id < 40 || id % 5 == 0 ? null : "x-" + id;
    }

    private static void writeOld(Path file, long first, int rows) throws IOException {
        write(file, "message m { required int64 id; }", true, first, rows, (g, id) -> {});
    }

    private static void writeNew(Path file, long first, int rows) throws IOException {
        write(
                file,
                "message m { required int64 id; optional binary extra (STRING); }",
                true,
                first,
                rows,
                (g, id) -> {
                    if (extra(id) != null) {
                        g.append("extra", extra(id));
                    }
                });
    }

    /** Nulls, negatives, both extremes, and runs of repeated values (dictionary-friendly). */
    @Nullable
    private static Integer int32(long id) {
        if (id % 11 == 3) {
            return null;
        }
        if (id == 5) {
            return Integer.MIN_VALUE;
        }
        if (id == 6) {
            return Integer.MAX_VALUE;
        }
        return (int) ((id % 40) - 20) * 17;
    }

    private static float floatOf(long id) {
        float[] values = {-2.5f, 1.1f, 0.1f, 3.4e38f, -1e-30f, 7f};
        return values[(int) (id % values.length)] * (id < 100 ? 1 : 2);
    }

    private static long unscaled32(long id) {
        return id == 7 ? 999_999_999L : id == 8 ? -999_999_999L : (id % 50 - 25) * 1_001;
    }

    private static long unscaled64(long id) {
        return id == 7 ? 999_999_999_999_999_999L : (id % 30 - 15) * 1_000_000_007L;
    }

    private static Binary fixed5(long unscaled) {
        byte[] bytes = new byte[5];
        byte[] big = BigInteger.valueOf(unscaled).toByteArray();
        Arrays.fill(bytes, unscaled < 0 ? (byte) 0xFF : 0);
        System.arraycopy(big, 0, bytes, 5 - big.length, big.length);
        return Binary.fromConstantByteArray(bytes);
    }

    private static void write(
            Path file, String schema, boolean dictionary, int rows, BiConsumer<Group, Long> fill)
            throws IOException {
        write(file, schema, dictionary, 0, rows, fill);
    }

    /** Rows with ids {@code [first, first + rows)}, row groups of 64 rows, pages of 16. */
    private static void write(
            Path file,
            String schema,
            boolean dictionary,
            long first,
            int rows,
            BiConsumer<Group, Long> fill)
            throws IOException {
        Files.createDirectories(file.getParent());
        MessageType type = MessageTypeParser.parseMessageType(schema);
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(type)
                        .withDictionaryEncoding(dictionary)
                        .withRowGroupRowCountLimit(64)
                        .withPageRowCountLimit(16)
                        .build()) {
            for (long id = first; id < first + rows; id++) {
                Group g = groups.newGroup();
                g.append(type.getFieldName(0), id);
                fill.accept(g, id);
                writer.write(g);
            }
        }
    }

    // ------------------------------------------------------------------ reading

    private LaminarParquetSourceBuilder<RowData> builder(RowType declared) {
        return LaminarParquetSource.forRowData()
                .path(dir.resolve("t").toString())
                .hivePartitioning(false)
                .rowType(declared);
    }

    private List<List<Object>> read(LaminarParquetSourceBuilder<RowData> builder, int resumeAfter)
            throws Exception {
        return SplitReads.read(builder.build(), dir.resolve("t"), false, resumeAfter);
    }

    private static List<Long> ids(List<List<Object>> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add((Long) r.get(0)));
        return ids;
    }

    private static List<Long> range(long from, long to, LongPredicate keep) {
        List<Long> ids = new ArrayList<>();
        for (long id = from; id < to; id++) {
            if (keep.test(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static RowType.RowField field(String name, LogicalType type) {
        return new RowType.RowField(name, type);
    }

    private static RowType row(RowType.RowField... fields) {
        return new RowType(Arrays.asList(fields));
    }

    private static RowType plus(RowType base, RowType.RowField field) {
        List<RowType.RowField> fields = new ArrayList<>(base.getFields());
        fields.add(field);
        return new RowType(fields);
    }

    private static VarCharType string() {
        return VarCharType.STRING_TYPE;
    }
}
