package io.laminardb.flink.parquet.corpus;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Value-level checks of the DuckDB-generated files in {@code ../shared/parquet-corpus/generated/}:
 * every value the source returns is compared with the value recomputed from the SQL in the corpus
 * README (see {@link GeneratedExpectations} for the formulas and the DuckDB semantics they rely
 * on).
 */
@Timeout(180)
class GeneratedValuesITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CorpusSupport.newMiniCluster();

    /** Rows of each file, read once per class run (parallelism 4: several splits at once). */
    private static final Map<String, ReadResult> CACHE = new LinkedHashMap<>();

    private static final class ReadResult {
        final RowType type;
        final List<Object[]> rows;

        ReadResult(RowType type, List<Object[]> rows) {
            this.type = type;
            this.rows = rows;
        }
    }

    private static synchronized ReadResult read(String relative) throws Exception {
        ReadResult cached = CACHE.get(relative);
        if (cached != null) {
            return cached;
        }
        LaminarParquetSource<RowData> source =
                CorpusSupport.rowDataSource(CorpusSupport.corpusPath(relative));
        RowType type = source.getRowType();
        Function<RowData, Object[]> converter = CorpusSupport.rowConverter(type);
        List<Object[]> rows =
                CorpusSupport.collect(source, 4, "generated values: " + relative, converter);
        ReadResult result = new ReadResult(type, rows);
        CACHE.put(relative, result);
        return result;
    }

    // ------------------------------------------------------------------------------------------
    // all_primitive_types.parquet
    // ------------------------------------------------------------------------------------------

    private static final String PRIMITIVES = "generated/all_primitive_types.parquet";

    @Test
    void allPrimitiveTypesRowType() throws Exception {
        RowType type = read(PRIMITIVES).type;
        assertThat(type.getFieldNames())
                .containsExactlyElementsOf(GeneratedExpectations.PRIMITIVE_COLUMNS);
        List<LogicalType> expected =
                Arrays.asList(
                        new BigIntType(),
                        new BooleanType(),
                        new TinyIntType(),
                        new SmallIntType(),
                        new IntType(),
                        new BigIntType(),
                        new FloatType(),
                        new DoubleType(),
                        new DecimalType(9, 2),
                        new DecimalType(18, 4),
                        new DecimalType(38, 10),
                        VarCharType.STRING_TYPE,
                        new VarBinaryType(VarBinaryType.MAX_LENGTH),
                        new DateType(),
                        new TimeType(3),
                        new TimestampType(6),
                        new TimestampType(3),
                        new TimestampType(9),
                        new LocalZonedTimestampType(6));
        // DuckDB writes every column OPTIONAL, so all fields are nullable.
        assertThat(type.getChildren()).containsExactlyElementsOf(expected);
    }

    @Test
    void allPrimitiveTypesEveryValueOfEveryRow() throws Exception {
        ReadResult result = read(PRIMITIVES);
        List<String> columns = result.type.getFieldNames();
        assertThat(columns).containsExactlyElementsOf(GeneratedExpectations.PRIMITIVE_COLUMNS);
        assertThat(result.rows).hasSize(GeneratedExpectations.PRIMITIVE_ROWS);

        Map<Long, Object[]> byId = byId(result.rows, GeneratedExpectations.PRIMITIVE_ROWS);
        Mismatches mismatches = new Mismatches();
        long[] nonNull = new long[columns.size()];
        for (long i = 0; i < GeneratedExpectations.PRIMITIVE_ROWS; i++) {
            Object[] actual = byId.get(i);
            Object[] expected = GeneratedExpectations.primitiveRow(i);
            for (int c = 0; c < columns.size(); c++) {
                if (actual[c] != null) {
                    nonNull[c]++;
                }
                if (!valuesEqual(expected[c], actual[c])) {
                    mismatches.add(columns.get(c), i, expected[c], actual[c]);
                }
            }
        }
        mismatches.assertNone(PRIMITIVES);
        assertThat(nonNull).containsExactly(GeneratedExpectations.PRIMITIVE_NON_NULL);
    }

    @Test
    void allPrimitiveTypesEdgeRows() throws Exception {
        // The edge rows spelled out, so that a failure here reads without the formulas.
        Map<Long, Object[]> byId =
                byId(read(PRIMITIVES).rows, GeneratedExpectations.PRIMITIVE_ROWS);
        assertThat(Arrays.copyOfRange(byId.get(0L), 1, 19)).containsOnlyNulls();
        Object[] r1 = byId.get(1L);
        Object[] r2 = byId.get(2L);
        assertThat(r1[2]).isEqualTo((byte) 127);
        assertThat(r2[2]).isEqualTo((byte) -128);
        assertThat(r1[3]).isEqualTo((short) 32767);
        assertThat(r2[3]).isEqualTo((short) -32768);
        assertThat(r1[4]).isEqualTo(Integer.MAX_VALUE);
        assertThat(r2[4]).isEqualTo(Integer.MIN_VALUE);
        assertThat(r1[5]).isEqualTo(Long.MAX_VALUE);
        assertThat(r2[5]).isEqualTo(Long.MIN_VALUE);
        assertThat(r1[8]).isEqualTo(new BigDecimal("9999999.99"));
        assertThat(r2[9]).isEqualTo(new BigDecimal("-99999999999999.9999"));
        assertThat(r1[10]).isEqualTo(new BigDecimal("9999999999999999999999999999.9999999999"));
        assertThat(r2[10]).isEqualTo(new BigDecimal("-9999999999999999999999999999.9999999999"));
        assertThat(r1[11]).isEqualTo("");
        assertThat(r2[11]).isEqualTo("Grüße, 🚀 – 你好 2");
        assertThat((byte[]) r1[12]).isEmpty();
        assertThat((byte[]) r2[12]).containsExactly(0, 0, 0, 2, 0, 0xff);
        assertThat(r1[13]).hasToString("1900-01-01");
        assertThat(r2[13]).hasToString("9999-12-31");
        assertThat(byId.get(3L)[13]).hasToString("1970-01-01");
        assertThat(r1[14]).hasToString("00:00");
        assertThat(r2[14]).hasToString("23:59:59.999");
        Object[] r3 = byId.get(3L);
        Object[] r4 = byId.get(4L);
        Object[] r5 = byId.get(5L);
        Object[] r6 = byId.get(6L);
        assertThat((Float) r3[6]).isNaN();
        assertThat((Double) r3[7]).isNaN();
        assertThat(r4[6]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(r4[7]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r5[6]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(r5[7]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Float.floatToRawIntBits((Float) r6[6])).isEqualTo(0x80000000);
        assertThat(Double.doubleToRawLongBits((Double) r6[7])).isEqualTo(0x8000000000000000L);
        // Pre-1970 timestamps with a sub-millisecond part (flink-parquet's reader gets these
        // wrong or throws): 1900-01-07 22:40:00.123457.
        assertThat(r1[15]).isEqualTo(LocalDateTime.parse("1900-01-07T22:40:00.123457"));
        assertThat(r1[17]).isEqualTo(LocalDateTime.parse("2020-01-01T00:00:01.234567"));
    }

    @Test
    void allPrimitiveTypesTimestamptzStepsAreZoneIndependent() throws Exception {
        // Whatever TimeZone the DuckDB session had, TIMESTAMP -> TIMESTAMPTZ shifts every row by
        // the same offset (UTC has no DST), so non-null rows i < j lie (j - i) * 86401 s apart.
        // The UTC reading itself is checked in allPrimitiveTypesEveryValueOfEveryRow.
        Map<Long, Object[]> byId =
                byId(read(PRIMITIVES).rows, GeneratedExpectations.PRIMITIVE_ROWS);
        Instant first = null;
        long firstId = -1;
        List<String> wrong = new ArrayList<>();
        for (long i = 0; i < GeneratedExpectations.PRIMITIVE_ROWS; i++) {
            Instant t = (Instant) byId.get(i)[18];
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
                firstId = i;
            } else if (!Duration.between(first, t)
                    .equals(Duration.ofSeconds((i - firstId) * 86401))) {
                wrong.add("id " + i + ": " + t);
            }
        }
        assertThat(wrong).as("c_timestamptz rows off the 86401 s grid").isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // nested_types.parquet
    // ------------------------------------------------------------------------------------------

    private static final String NESTED = "generated/nested_types.parquet";

    @Test
    void nestedTypesRowType() throws Exception {
        RowType type = read(NESTED).type;
        assertThat(type.getFieldNames())
                .containsExactlyElementsOf(GeneratedExpectations.NESTED_COLUMNS);
        assertThat(type.getTypeAt(0)).isEqualTo(new IntType());
        assertThat(type.getTypeAt(1)).isEqualTo(new ArrayType(new IntType()));
        assertThat(type.getTypeAt(2)).isInstanceOf(RowType.class);
        assertThat(((RowType) type.getTypeAt(2)).getFieldNames()).containsExactly("a", "b");
        assertThat(type.getTypeAt(2).getChildren())
                .containsExactly(new IntType(), VarCharType.STRING_TYPE);
        assertThat(type.getTypeAt(3)).isInstanceOf(MapType.class);
        // The key is REQUIRED in the file; whether the Flink key type says NOT NULL is not part of
        // the contract, so compare it nullable.
        assertThat(((MapType) type.getTypeAt(3)).getKeyType().copy(true))
                .isEqualTo(VarCharType.STRING_TYPE);
        assertThat(((MapType) type.getTypeAt(3)).getValueType()).isEqualTo(new IntType());
        assertThat(type.getTypeAt(4)).isInstanceOf(ArrayType.class);
        LogicalType element = ((ArrayType) type.getTypeAt(4)).getElementType();
        assertThat(element).isInstanceOf(RowType.class);
        assertThat(element.isNullable()).isTrue();
        assertThat(((RowType) element).getFieldNames()).containsExactly("x", "y");
        assertThat(element.getChildren()).containsExactly(new IntType(), VarCharType.STRING_TYPE);
        assertThat(type.getTypeAt(5)).isEqualTo(new ArrayType(new ArrayType(new IntType())));
    }

    @Test
    void nestedTypesAggregatesMatchTheReadme() throws Exception {
        ReadResult result = read(NESTED);
        assertThat(result.rows).hasSize(GeneratedExpectations.NESTED_ROWS);
        // [l_int rows, elements, non-null elements, s rows, s.a, s.b, m rows, entries,
        //  non-null values, l_struct rows, elements, non-null elements, x, y, ll_int rows,
        //  inner lists, ints]
        long[] actual = nestedAggregates(result.rows);
        long[] readme = {
            4500, 10000, 8572, 4444, 3333, 3888, 4375, 7500, 6250, 4545, 6817, 5454, 5454, 3636,
            4615, 4615, 3846
        };
        List<Object[]> expectedRows = new ArrayList<>();
        for (int i = 0; i < GeneratedExpectations.NESTED_ROWS; i++) {
            expectedRows.add(GeneratedExpectations.nestedRow(i));
        }
        // The formulas reproduce the README's table (a check of the test's own arithmetic) ...
        assertThat(nestedAggregates(expectedRows)).containsExactly(readme);
        // ... and so must the source.
        assertThat(actual)
                .as(
                        "l_int rows/elements/non-null, s rows/a/b, m rows/entries/non-null values,"
                                + " l_struct rows/elements/non-null/x/y, ll_int rows/inner lists/ints")
                .containsExactly(readme);
    }

    @Test
    void nestedTypesEveryRow() throws Exception {
        ReadResult result = read(NESTED);
        List<String> columns = result.type.getFieldNames();
        Map<Long, Object[]> byId = byId(result.rows, GeneratedExpectations.NESTED_ROWS);
        Mismatches mismatches = new Mismatches();
        for (int i = 0; i < GeneratedExpectations.NESTED_ROWS; i++) {
            Object[] actual = byId.get((long) i);
            Object[] expected = GeneratedExpectations.nestedRow(i);
            for (int c = 0; c < columns.size(); c++) {
                if (!Objects.equals(expected[c], actual[c])) {
                    mismatches.add(columns.get(c), i, expected[c], actual[c]);
                }
            }
        }
        mismatches.assertNone(NESTED);
    }

    @Test
    void nestedTypesSampleRows() throws Exception {
        // A few rows written out by hand from the SQL (DuckDB prints the same).
        Map<Long, Object[]> byId = byId(read(NESTED).rows, GeneratedExpectations.NESTED_ROWS);
        assertThat(Arrays.deepToString(byId.get(0L)))
                .isEqualTo("[0, null, null, null, null, null]");
        assertThat(Arrays.deepToString(byId.get(3L)))
                .isEqualTo(
                        "[3, [30, 31, 32], [3, b3], {k0=3, k1=4, k2=null},"
                                + " [[3, y3], [4, null], null], []]");
        assertThat(Arrays.deepToString(byId.get(4L)))
                .isEqualTo("[4, [40, 41, 42, null], [null, b4], {}, [], [[]]]");
        assertThat(Arrays.deepToString(byId.get(5L)))
                .isEqualTo("[5, [], [5, b5], {k0=5}, [null], [[5], [105, 106]]]");
        assertThat(Arrays.deepToString(byId.get(39L)))
                .isEqualTo(
                        "[39, [390, 391, 392, null], [39, b39], {k0=39, k1=40, k2=null},"
                                + " [[39, y39], null, [41, y41]], null]");
    }

    private static long[] nestedAggregates(List<Object[]> rows) {
        long[] c = new long[17];
        for (Object[] r : rows) {
            if (r[1] != null) {
                List<?> l = (List<?>) r[1];
                c[0]++;
                c[1] += l.size();
                c[2] += l.stream().filter(Objects::nonNull).count();
            }
            if (r[2] != null) {
                List<?> s = (List<?>) r[2];
                c[3]++;
                c[4] += s.get(0) != null ? 1 : 0;
                c[5] += s.get(1) != null ? 1 : 0;
            }
            if (r[3] != null) {
                Map<?, ?> m = (Map<?, ?>) r[3];
                c[6]++;
                c[7] += m.size();
                c[8] += m.values().stream().filter(Objects::nonNull).count();
            }
            if (r[4] != null) {
                List<?> l = (List<?>) r[4];
                c[9]++;
                c[10] += l.size();
                for (Object e : l) {
                    if (e != null) {
                        List<?> s = (List<?>) e;
                        c[11]++;
                        c[12] += s.get(0) != null ? 1 : 0;
                        c[13] += s.get(1) != null ? 1 : 0;
                    }
                }
            }
            if (r[5] != null) {
                List<?> l = (List<?>) r[5];
                c[14]++;
                c[15] += l.size();
                for (Object inner : l) {
                    c[16] += ((List<?>) inner).size();
                }
            }
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------
    // trades_hive
    // ------------------------------------------------------------------------------------------

    private static final String TRADES = "generated/trades_hive";

    @Test
    void tradesDirectoryTotals() throws Exception {
        ReadResult result = read(TRADES);
        List<String> names = result.type.getFieldNames();
        int id = names.indexOf("id");
        int ts = names.indexOf("ts");
        int symbol = names.indexOf("symbol");
        int qty = names.indexOf("qty");
        assertThat(new int[] {id, ts, symbol, qty})
                .as("columns of %s", result.type)
                .doesNotContain(-1);

        assertThat(result.rows).hasSize(GeneratedExpectations.TRADES_ROWS);
        long sumId = 0;
        long sumQty = 0;
        Set<Object> symbols = new HashSet<>();
        Map<YearMonth, Long> perMonth = new TreeMap<>();
        for (Object[] row : result.rows) {
            sumId += (Long) row[id];
            sumQty += (Integer) row[qty];
            symbols.add(row[symbol]);
            perMonth.merge(YearMonth.from((LocalDateTime) row[ts]), 1L, Long::sum);
        }
        assertThat(sumId).as("sum(id)").isEqualTo(GeneratedExpectations.TRADES_SUM_ID);
        assertThat(sumQty).as("sum(qty)").isEqualTo(GeneratedExpectations.TRADES_SUM_QTY);
        assertThat(symbols)
                .as("distinct symbols")
                .hasSize(8)
                .containsExactlyInAnyOrderElementsOf(GeneratedExpectations.SYMBOLS);
        // Each partition directory holds the rows of one month of ts.
        Map<YearMonth, Long> expectedPerMonth = new TreeMap<>();
        GeneratedExpectations.TRADES_FILES.forEach(
                (file, rows) ->
                        expectedPerMonth.put(
                                YearMonth.of(
                                        Integer.parseInt(file.substring(5, 9)),
                                        Integer.parseInt(file.substring(16, 18))),
                                rows));
        assertThat(perMonth).as("rows per month of ts").isEqualTo(expectedPerMonth);
    }

    @Test
    void tradesDirectoryEveryValue() throws Exception {
        ReadResult result = read(TRADES);
        List<String> names = result.type.getFieldNames();
        String[] columns = {"id", "ts", "symbol", "price", "qty"};
        int[] index = Arrays.stream(columns).mapToInt(names::indexOf).toArray();
        assertThat(index).as("columns of %s", result.type).doesNotContain(-1);
        assertThat(result.type.getTypeAt(index[0])).isEqualTo(new BigIntType());
        assertThat(result.type.getTypeAt(index[1])).isEqualTo(new TimestampType(6));
        assertThat(result.type.getTypeAt(index[2])).isEqualTo(VarCharType.STRING_TYPE);
        assertThat(result.type.getTypeAt(index[3])).isEqualTo(new DoubleType());
        assertThat(result.type.getTypeAt(index[4])).isEqualTo(new IntType());

        Map<Long, Object[]> byId = new TreeMap<>();
        for (Object[] row : result.rows) {
            Object[] previous = byId.put((Long) row[index[0]], row);
            assertThat(previous).as("duplicate id %s", row[index[0]]).isNull();
        }
        assertThat(byId.keySet()).hasSize(GeneratedExpectations.TRADES_ROWS);
        Mismatches mismatches = new Mismatches();
        for (long i = 0; i < GeneratedExpectations.TRADES_ROWS; i++) {
            Object[] actual = byId.get(i);
            assertThat(actual).as("row with id %d", i).isNotNull();
            Object[] expected = GeneratedExpectations.tradeRow(i);
            for (int c = 0; c < columns.length; c++) {
                if (!valuesEqual(expected[c], actual[index[c]])) {
                    mismatches.add(columns[c], i, expected[c], actual[index[c]]);
                }
            }
            // If the source appends Hive partition columns, they must agree with ts.
            LocalDateTime t = (LocalDateTime) expected[1];
            int year = names.indexOf("year");
            int month = names.indexOf("month");
            if (year >= 0 && !Objects.equals(asInt(actual[year]), t.getYear())) {
                mismatches.add("year", i, t.getYear(), actual[year]);
            }
            if (month >= 0 && !Objects.equals(asInt(actual[month]), t.getMonthValue())) {
                mismatches.add("month", i, t.getMonthValue(), actual[month]);
            }
        }
        mismatches.assertNone(TRADES);
    }

    @Test
    void tradesPerFileRowCounts() throws Exception {
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String file : GeneratedExpectations.TRADES_FILES.keySet()) {
            LaminarParquetSource<RowData> source =
                    CorpusSupport.rowDataSource(CorpusSupport.corpusPath(TRADES + "/" + file));
            actual.put(file, CorpusSupport.forEach(source, 2, "trades file " + file, row -> {}));
        }
        assertThat(actual).containsExactlyEntriesOf(GeneratedExpectations.TRADES_FILES);
    }

    @Test
    void tradesGlobOverOneYear() throws Exception {
        LaminarParquetSource<RowData> source =
                CorpusSupport.rowDataSource(
                        CorpusSupport.corpusPath(TRADES) + "/year=2024/*/*.parquet");
        long rows = CorpusSupport.forEach(source, 2, "trades glob", row -> {});
        assertThat(rows)
                .as("rows of year=2024/*/*.parquet")
                .isEqualTo(
                        GeneratedExpectations.TRADES_FILES.get("year=2024/month=11/data_0.parquet")
                                + GeneratedExpectations.TRADES_FILES.get(
                                        "year=2024/month=12/data_0.parquet"));
    }

    // ------------------------------------------------------------------------------------------
    // helpers
    // ------------------------------------------------------------------------------------------

    /** Rows keyed by their first column (the id); checks ids 0..n-1 each occur exactly once. */
    private static Map<Long, Object[]> byId(List<Object[]> rows, int n) {
        Map<Long, Object[]> byId = new TreeMap<>();
        for (Object[] row : rows) {
            assertThat(row[0]).as("id is never null").isNotNull();
            long id = ((Number) row[0]).longValue();
            assertThat(byId.put(id, row)).as("duplicate id %d", id).isNull();
        }
        assertThat(byId.keySet()).hasSize(n);
        assertThat(byId.keySet()).allMatch(id -> id >= 0 && id < n, "ids in [0, " + n + ")");
        return byId;
    }

    private static Integer asInt(Object value) {
        return value == null ? null : Integer.valueOf(value.toString());
    }

    /** Equality that compares byte[] by content; Float/Double by bits (NaN = NaN, -0.0 != 0.0). */
    static boolean valuesEqual(Object expected, Object actual) {
        if (expected instanceof byte[] && actual instanceof byte[]) {
            return Arrays.equals((byte[]) expected, (byte[]) actual);
        }
        return Objects.equals(expected, actual);
    }

    private static String show(Object value) {
        if (value instanceof byte[]) {
            StringBuilder sb = new StringBuilder("0x");
            for (byte b : (byte[]) value) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString()
                    + " (scale "
                    + ((BigDecimal) value).scale()
                    + ")";
        }
        return value == null
                ? "null"
                : value instanceof Object[]
                        ? Arrays.deepToString((Object[]) value)
                        : value + " (" + value.getClass().getSimpleName() + ")";
    }

    /** Collects value mismatches and reports them per column with the first examples. */
    private static final class Mismatches {
        private final Map<String, Integer> perColumn = new LinkedHashMap<>();
        private final List<String> examples = new ArrayList<>();

        void add(String column, long id, Object expected, Object actual) {
            int n = perColumn.merge(column, 1, Integer::sum);
            if (n <= 5) {
                examples.add(
                        String.format(
                                "  %s, id %d: expected %s but was %s",
                                column, id, show(expected), show(actual)));
            }
        }

        void assertNone(String file) {
            assertThat(perColumn)
                    .as(
                            "%s: mismatching values per column; first examples:%n%s",
                            file, String.join("\n", examples))
                    .isEmpty();
        }
    }
}
