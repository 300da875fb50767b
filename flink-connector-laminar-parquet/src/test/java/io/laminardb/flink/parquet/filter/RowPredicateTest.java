package io.laminardb.flink.parquet.filter;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static io.laminardb.flink.parquet.filter.ParquetFilter.and;
import static io.laminardb.flink.parquet.filter.ParquetFilter.between;
import static io.laminardb.flink.parquet.filter.ParquetFilter.eq;
import static io.laminardb.flink.parquet.filter.ParquetFilter.gt;
import static io.laminardb.flink.parquet.filter.ParquetFilter.gte;
import static io.laminardb.flink.parquet.filter.ParquetFilter.in;
import static io.laminardb.flink.parquet.filter.ParquetFilter.isNotNull;
import static io.laminardb.flink.parquet.filter.ParquetFilter.isNull;
import static io.laminardb.flink.parquet.filter.ParquetFilter.lt;
import static io.laminardb.flink.parquet.filter.ParquetFilter.lte;
import static io.laminardb.flink.parquet.filter.ParquetFilter.not;
import static io.laminardb.flink.parquet.filter.ParquetFilter.notEq;
import static io.laminardb.flink.parquet.filter.ParquetFilter.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowPredicateTest {

    private static final Boolean UNKNOWN = null;

    private static RowType type(Object... namesAndTypes) {
        LogicalType[] types = new LogicalType[namesAndTypes.length / 2];
        String[] names = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            names[i] = (String) namesAndTypes[2 * i];
            types[i] = (LogicalType) namesAndTypes[2 * i + 1];
        }
        return RowType.of(types, names);
    }

    private static Boolean eval(ParquetFilter filter, RowType type, Object... values) {
        RowPredicate predicate = RowPredicate.compile(filter, type);
        GenericRowData row = GenericRowData.of(values);
        Boolean result = predicate.evaluate(row);
        assertThat(predicate.test(row)).isEqualTo(Boolean.TRUE.equals(result));
        // The same on Flink's binary row format, whose getters use the type's precision.
        RowData binary = new RowDataSerializer(type).toBinaryRow(row);
        assertThat(predicate.evaluate(binary)).as("on BinaryRowData").isEqualTo(result);
        return result;
    }

    // ------------------------------------------------------------------------------------------
    // Three-valued logic
    // ------------------------------------------------------------------------------------------

    private static final RowType XY = type("x", new IntType(), "y", new IntType());

    @Test
    void comparisonsWithNullAreUnknown() {
        for (ParquetFilter f :
                new ParquetFilter[] {
                    eq("x", 1),
                    notEq("x", 1),
                    lt("x", 1),
                    lte("x", 1),
                    gt("x", 1),
                    gte("x", 1),
                    between("x", 0, 2),
                    in("x", 1, 2),
                    eq("x", 2.5),
                    lt("x", 1e30),
                    gt("x", 1e30)
                }) {
            assertThat(eval(f, XY, null, 1)).as(f.toString()).isEqualTo(UNKNOWN);
            assertThat(eval(not(f), XY, null, 1)).as("NOT " + f).isEqualTo(UNKNOWN);
        }
        assertThat(eval(isNull("x"), XY, null, 1)).isTrue();
        assertThat(eval(isNotNull("x"), XY, null, 1)).isFalse();
        assertThat(eval(not(isNull("x")), XY, null, 1)).isFalse();
    }

    @Test
    void andOrFollowSql() {
        ParquetFilter unknown = eq("x", 1); // x is NULL below
        ParquetFilter yes = eq("y", 1);
        ParquetFilter no = eq("y", 2);
        assertThat(eval(and(unknown, yes), XY, null, 1)).isEqualTo(UNKNOWN);
        assertThat(eval(and(unknown, no), XY, null, 1)).isFalse();
        assertThat(eval(and(no, unknown), XY, null, 1)).isFalse();
        assertThat(eval(or(unknown, yes), XY, null, 1)).isTrue();
        assertThat(eval(or(unknown, no), XY, null, 1)).isEqualTo(UNKNOWN);
        assertThat(eval(not(and(unknown, no)), XY, null, 1)).isTrue();
        assertThat(eval(not(or(unknown, no)), XY, null, 1)).isEqualTo(UNKNOWN);
        assertThat(eval(and(yes, yes, yes), XY, null, 1)).isTrue();
        assertThat(eval(or(no, no, no), XY, null, 1)).isFalse();
        // IN is an OR of equalities, BETWEEN an AND.
        assertThat(eval(in("x", 1, 2), XY, 3, 1)).isFalse();
        assertThat(eval(not(in("x", 1, 2)), XY, 3, 1)).isTrue();
        assertThat(eval(between("x", 5, 1), XY, 3, 1)).isFalse(); // lower > upper: empty
        assertThat(eval(between("x", 1, 3), XY, 3, 1)).isTrue(); // inclusive
        assertThat(eval(between("x", 3, 5), XY, 3, 1)).isTrue();
    }

    // ------------------------------------------------------------------------------------------
    // Numbers
    // ------------------------------------------------------------------------------------------

    private static final RowType NUMBERS =
            type(
                    "b", new TinyIntType(),
                    "s", new SmallIntType(),
                    "i", new IntType(),
                    "l", new BigIntType(),
                    "f", new FloatType(),
                    "d", new DoubleType(),
                    "dec", new DecimalType(10, 2),
                    "big", new DecimalType(30, 5));

    private static Boolean num(ParquetFilter filter, Object... values) {
        Object[] row = new Object[8];
        System.arraycopy(values, 0, row, 0, values.length);
        return eval(filter, NUMBERS, row);
    }

    private static Object[] withD(double d) {
        return new Object[] {(byte) 0, (short) 0, 0, 0L, 0f, d};
    }

    private static Object[] withF(float f) {
        return new Object[] {(byte) 0, (short) 0, 0, 0L, f};
    }

    @Test
    void nanEqualsNanAndIsGreatest() {
        Object[] nan = withD(Double.NaN);
        assertThat(num(eq("d", Double.NaN), nan)).isTrue();
        assertThat(num(notEq("d", Double.NaN), nan)).isFalse();
        assertThat(num(gte("d", Double.NaN), nan)).isTrue();
        assertThat(num(gt("d", Double.NaN), nan)).isFalse();
        assertThat(num(gt("d", Double.POSITIVE_INFINITY), nan)).isTrue();
        assertThat(num(gt("d", Double.MAX_VALUE), nan)).isTrue();
        assertThat(num(lt("d", 5.0), nan)).isFalse();
        assertThat(num(in("d", 1.0, Double.NaN), nan)).isTrue();
        assertThat(num(gt("d", 1L), nan)).isTrue();
        assertThat(num(gt("d", new BigDecimal("1e400")), nan)).isTrue();
        assertThat(num(lt("d", Double.NaN), withD(Double.POSITIVE_INFINITY))).isTrue();
        assertThat(num(eq("d", Double.NaN), withD(1.0))).isFalse();
        assertThat(num(eq("f", Double.NaN), withF(Float.NaN))).isTrue();
        // a NaN with the sign bit set (what x86 computes) is NaN too
        Object[] negativeNaN = withD(Double.longBitsToDouble(0xFFF8_0000_0000_0000L));
        assertThat(num(eq("d", Double.NaN), negativeNaN)).isTrue();
        assertThat(num(gt("d", Double.POSITIVE_INFINITY), negativeNaN)).isTrue();
        assertThat(num(lt("d", Double.NEGATIVE_INFINITY), negativeNaN)).isFalse();
        assertThat(num(not(in("d", 0.0, 3.0)), negativeNaN)).isTrue();
        assertThat(num(eq("f", Double.NaN), withF(Float.intBitsToFloat(0xFFC0_0000)))).isTrue();
        assertThat(num(gt("f", 1e300), withF(Float.NaN))).isTrue();
        // against integers and decimals: NaN is above every number
        assertThat(num(lt("l", Double.NaN), (byte) 0, (short) 0, 0, Long.MAX_VALUE)).isTrue();
        assertThat(num(eq("i", Double.NaN), (byte) 0, (short) 0, 0)).isFalse();
        assertThat(num(notEq("i", Double.NaN), (byte) 0, (short) 0, 0)).isTrue();
        assertThat(
                        num(
                                lt("dec", Double.NaN),
                                (byte) 0,
                                (short) 0,
                                0,
                                0L,
                                0f,
                                0d,
                                DecimalData.fromUnscaledLong(1, 10, 2)))
                .isTrue();
    }

    @Test
    void negativeZeroEqualsZero() {
        assertThat(num(eq("d", 0.0), withD(-0.0))).isTrue();
        assertThat(num(eq("d", -0.0), withD(0.0))).isTrue();
        assertThat(num(gt("d", -0.0), withD(0.0))).isFalse();
        assertThat(num(lt("d", 0.0), withD(-0.0))).isFalse();
        assertThat(num(lte("d", -0.0), withD(0.0))).isTrue();
        assertThat(num(in("d", 0.0, 5.0), withD(-0.0))).isTrue();
        assertThat(num(in("d", -0.0), withD(0.0))).isTrue();
        assertThat(num(eq("f", 0L), withF(-0.0f))).isTrue();
        assertThat(num(eq("d", BigDecimal.ZERO), withD(-0.0))).isTrue();
    }

    @Test
    void numbersCompareExactlyAcrossKinds() {
        // integer columns with fractional literals
        assertThat(num(gt("i", 2.5), (byte) 0, (short) 0, 3)).isTrue();
        assertThat(num(gt("i", 2.5), (byte) 0, (short) 0, 2)).isFalse();
        assertThat(num(eq("i", 2.5), (byte) 0, (short) 0, 2)).isFalse();
        assertThat(num(notEq("i", 2.5), (byte) 0, (short) 0, 2)).isTrue();
        assertThat(num(lte("i", new BigDecimal("-2.5")), (byte) 0, (short) 0, -3)).isTrue();
        assertThat(num(lte("i", new BigDecimal("-2.5")), (byte) 0, (short) 0, -2)).isFalse();
        assertThat(num(eq("i", new BigDecimal("7.000")), (byte) 0, (short) 0, 7)).isTrue();
        // out-of-range literals
        assertThat(num(lt("b", 1000), (byte) 127)).isTrue();
        assertThat(num(gt("b", -1000), (byte) -128)).isTrue();
        assertThat(num(gt("s", 1e30), (byte) 0, Short.MAX_VALUE)).isFalse();
        assertThat(
                        num(
                                lt("l", new BigDecimal("1e999999999")),
                                (byte) 0,
                                (short) 0,
                                0,
                                Long.MAX_VALUE))
                .isTrue();
        assertThat(num(gt("l", new BigDecimal("1e-999999999")), (byte) 0, (short) 0, 0, 1L))
                .isTrue();
        assertThat(num(gt("l", new BigDecimal("1e-999999999")), (byte) 0, (short) 0, 0, 0L))
                .isFalse();
        assertThat(num(gt("l", Double.NEGATIVE_INFINITY), (byte) 0, (short) 0, 0, Long.MIN_VALUE))
                .isTrue();
        // Long.MAX_VALUE is below 2^63, which the double 9.223372036854775807E18 is.
        double twoTo63 = Math.pow(2, 63);
        assertThat(num(eq("l", twoTo63), (byte) 0, (short) 0, 0, Long.MAX_VALUE)).isFalse();
        assertThat(num(lt("l", twoTo63), (byte) 0, (short) 0, 0, Long.MAX_VALUE)).isTrue();
        // 2^53 + 1 is not a double
        assertThat(num(eq("d", 9_007_199_254_740_993L), withD(9_007_199_254_740_992.0))).isFalse();
        assertThat(num(lt("d", 9_007_199_254_740_993L), withD(9_007_199_254_740_992.0))).isTrue();
        assertThat(num(gte("d", 9_007_199_254_740_993L), withD(9_007_199_254_740_994.0))).isTrue();
        // 0.1 is not a float
        assertThat(num(eq("f", 0.1), withF(0.1f))).isFalse();
        assertThat(num(eq("f", (double) 0.1f), withF(0.1f))).isTrue();
        assertThat(num(gt("f", 0.1), withF(0.1f))).isTrue(); // 0.1f > 0.1
        assertThat(num(eq("f", new BigDecimal("0.5")), withF(0.5f))).isTrue();
        // decimals
        Object[] dec150 = {
            (byte) 0, (short) 0, 0, 0L, 0f, 0d, DecimalData.fromUnscaledLong(150, 10, 2)
        };
        assertThat(num(eq("dec", 1.5), dec150)).isTrue();
        assertThat(num(eq("dec", new BigDecimal("1.500")), dec150)).isTrue();
        assertThat(num(gt("dec", new BigDecimal("1.495")), dec150)).isTrue();
        assertThat(num(lt("dec", new BigDecimal("1.505")), dec150)).isTrue();
        assertThat(num(eq("dec", new BigDecimal("1.505")), dec150)).isFalse();
        assertThat(num(eq("dec", 1L), dec150)).isFalse();
        assertThat(num(gt("dec", 1L), dec150)).isTrue();
        assertThat(num(eq("dec", 0.1 + 0.2), dec150)).isFalse();
        Object[] big = {
            (byte) 0,
            (short) 0,
            0,
            0L,
            0f,
            0d,
            null,
            DecimalData.fromBigDecimal(new BigDecimal("123456789012345678901234.56789"), 30, 5)
        };
        assertThat(num(eq("big", new BigDecimal("123456789012345678901234.56789")), big)).isTrue();
        assertThat(num(gt("big", Long.MAX_VALUE), big)).isTrue();
        assertThat(num(lt("big", new BigDecimal("1e25")), big)).isTrue();
        assertThat(num(lt("big", new BigDecimal("1e30")), big)).isTrue(); // beyond the precision
        assertThat(num(gt("big", new BigDecimal("123456789012345678901234.567885")), big)).isTrue();
    }

    // ------------------------------------------------------------------------------------------
    // Strings, booleans, dates, timestamps
    // ------------------------------------------------------------------------------------------

    private static final RowType TEXT = type("s", new VarCharType(VarCharType.MAX_LENGTH));

    @Test
    void stringsCompareByUtf8Bytes() {
        // U+1F600 (F0 9F 98 80) is after U+FF61 (EF BD A1) in UTF-8, before it in UTF-16.
        String emoji = "😀";
        String halfwidth = "\uFF61";
        assertThat(emoji.compareTo(halfwidth)).isNegative();
        for (StringData value :
                new StringData[] {
                    StringData.fromString(emoji), // caches the Java string
                    StringData.fromBytes(emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                }) {
            assertThat(eval(gt("s", halfwidth), TEXT, value)).isTrue();
            assertThat(eval(lt("s", halfwidth), TEXT, value)).isFalse();
            assertThat(eval(eq("s", emoji), TEXT, value)).isTrue();
            assertThat(eval(in("s", "a", emoji), TEXT, value)).isTrue();
        }
        assertThat(eval(gt("s", "z"), TEXT, StringData.fromString("é"))).isTrue();
        assertThat(eval(lt("s", "a"), TEXT, StringData.fromString(""))).isTrue();
        assertThat(eval(gt("s", "ab"), TEXT, StringData.fromString("abc"))).isTrue();
        assertThat(eval(between("s", "A", "AAPL"), TEXT, StringData.fromString("AAPL"))).isTrue();
        assertThat(eval(in("s", "A", "B"), TEXT, StringData.fromString("C"))).isFalse();
    }

    @Test
    void booleansOrderFalseBeforeTrue() {
        RowType flag = type("f", new BooleanType());
        assertThat(eval(lt("f", true), flag, false)).isTrue();
        assertThat(eval(lt("f", false), flag, false)).isFalse();
        assertThat(eval(gte("f", false), flag, true)).isTrue();
        assertThat(eval(notEq("f", true), flag, true)).isFalse();
        assertThat(eval(in("f", FilterValue.bool(true)), flag, true)).isTrue();
    }

    @Test
    void dates() {
        RowType days = type("d", new DateType());
        int day = (int) LocalDate.of(2024, 2, 29).toEpochDay();
        assertThat(eval(eq("d", LocalDate.of(2024, 2, 29)), days, day)).isTrue();
        assertThat(eval(gt("d", LocalDate.of(2024, 2, 28)), days, day)).isTrue();
        assertThat(eval(lt("d", LocalDate.MAX), days, Integer.MAX_VALUE)).isTrue();
        assertThat(eval(gt("d", LocalDate.MIN), days, Integer.MIN_VALUE)).isTrue();
        assertThat(eval(in("d", FilterValue.date(LocalDate.EPOCH)), days, 0)).isTrue();
    }

    @Test
    void timestampsCompareAllNineDigits() {
        RowType ts =
                type(
                        "t3", new TimestampType(3),
                        "t6", new TimestampType(6),
                        "t9", new TimestampType(9),
                        "ltz", new LocalZonedTimestampType(6));
        LocalDateTime base = LocalDateTime.parse("2024-01-31T09:30:00");
        TimestampData ms = TimestampData.fromLocalDateTime(base.plusNanos(1_000_000));
        TimestampData us = TimestampData.fromLocalDateTime(base.plusNanos(1_000));
        TimestampData ns = TimestampData.fromLocalDateTime(base.plusNanos(1));
        TimestampData instant =
                TimestampData.fromInstant(Instant.parse("2024-01-31T09:30:00.000001Z"));
        Object[] row = {ms, us, ns, instant};
        assertThat(eval(gt("t3", base), ts, row)).isTrue();
        assertThat(eval(eq("t3", base.plusNanos(1_000_000)), ts, row)).isTrue();
        assertThat(eval(eq("t6", base.plusNanos(1_000)), ts, row)).isTrue();
        assertThat(eval(lt("t6", base.plusNanos(1_001)), ts, row)).isTrue();
        assertThat(eval(eq("t9", base.plusNanos(1)), ts, row)).isTrue();
        assertThat(eval(gt("t9", base), ts, row)).isTrue();
        assertThat(eval(gt("t9", base.plusNanos(1)), ts, row)).isFalse();
        assertThat(eval(eq("ltz", Instant.parse("2024-01-31T09:30:00.000001Z")), ts, row)).isTrue();
        assertThat(eval(gt("ltz", Instant.parse("2024-01-31T09:30:00.000000999Z")), ts, row))
                .isTrue();
        // a date is its midnight
        assertThat(eval(gt("t9", LocalDate.of(2024, 1, 31)), ts, row)).isTrue();
        assertThat(eval(eq("t3", LocalDate.of(2024, 1, 31)), ts, row)).isFalse();
        // beyond TimestampData's range
        assertThat(eval(lt("t9", LocalDateTime.MAX), ts, row)).isTrue();
        assertThat(eval(gt("t9", LocalDateTime.MIN), ts, row)).isTrue();
        assertThat(eval(eq("t9", LocalDateTime.MIN), ts, row)).isFalse();
    }

    @Test
    void timestampsBefore1970KeepTheirNanoseconds() {
        RowType ts = type("t", new TimestampType(9));
        LocalDateTime t = LocalDateTime.parse("1969-12-31T23:59:59.999999999");
        TimestampData value = TimestampData.fromLocalDateTime(t);
        assertThat(value.getMillisecond()).isEqualTo(-1L);
        assertThat(eval(eq("t", t), ts, value)).isTrue();
        assertThat(eval(lt("t", LocalDateTime.parse("1970-01-01T00:00")), ts, value)).isTrue();
        assertThat(eval(gt("t", LocalDateTime.parse("1969-12-31T23:59:59.999999998")), ts, value))
                .isTrue();
        assertThat(eval(lt("t", LocalDateTime.parse("1969-12-31T23:59:59.999")), ts, value))
                .isFalse();
    }

    @Test
    void compileValidates() {
        assertThatThrownBy(() -> RowPredicate.compile(eq("x", "a"), XY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'x' of type INT");
        assertThatThrownBy(() -> RowPredicate.compile(eq("z", 1), XY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'z' does not exist");
        RowPredicate p = RowPredicate.compile(eq("x", 1), XY);
        assertThat(p.filter()).isEqualTo(eq("x", 1));
        assertThat(p.rowType()).isEqualTo(XY);
        assertThat(p).hasToString("RowPredicate(x = 1)");
    }
}
