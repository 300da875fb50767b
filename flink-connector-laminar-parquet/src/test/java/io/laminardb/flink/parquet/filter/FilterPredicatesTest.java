package io.laminardb.flink.parquet.filter;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.filter2.compat.RowGroupFilter.FilterLevel;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

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
import static org.apache.parquet.filter2.predicate.FilterApi.binaryColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.booleanColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.doubleColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.floatColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.intColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;
import static org.assertj.core.api.Assertions.assertThat;

class FilterPredicatesTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  optional int32 i32;\n"
                            + "  optional int32 i8 (INTEGER(8,true));\n"
                            + "  optional int32 u32 (INTEGER(32,false));\n"
                            + "  optional int64 i64;\n"
                            + "  optional int64 u64 (INTEGER(64,false));\n"
                            + "  optional float f32 columnorder(TYPE_DEFINED_ORDER);\n"
                            + "  optional double f64 columnorder(TYPE_DEFINED_ORDER);\n"
                            + "  optional double f64t;\n"
                            + "  optional int32 d32 (DECIMAL(9,2));\n"
                            + "  optional int64 d64 (DECIMAL(18,3));\n"
                            + "  optional fixed_len_byte_array(4) dflba (DECIMAL(9,2));\n"
                            + "  optional binary dbin (DECIMAL(20,2));\n"
                            + "  optional int32 day (DATE);\n"
                            + "  optional int64 ts_ms (TIMESTAMP(MILLIS,false));\n"
                            + "  optional int64 ts_us (TIMESTAMP(MICROS,true));\n"
                            + "  optional int64 ts_ns (TIMESTAMP(NANOS,false));\n"
                            + "  optional int96 ts96;\n"
                            + "  optional binary str (STRING);\n"
                            + "  optional binary bytes;\n"
                            + "  optional fixed_len_byte_array(16) id (UUID);\n"
                            + "  optional fixed_len_byte_array(2) half (FLOAT16);\n"
                            + "  optional boolean flag;\n"
                            + "  optional int32 clock (TIME(MILLIS,true));\n"
                            + "  optional group nested { optional int32 x; }\n"
                            + "  repeated int32 many;\n"
                            + "  optional int32 `dotted.name`;\n"
                            + "}");

    private static Optional<FilterPredicate> translate(ParquetFilter filter) {
        return FilterPredicates.forFile(filter, SCHEMA);
    }

    private static void assertTranslation(ParquetFilter filter, FilterPredicate expected) {
        assertThat(translate(filter)).as(filter.toString()).contains(expected);
    }

    private static void assertUntranslated(ParquetFilter filter) {
        assertThat(translate(filter)).as(filter.toString()).isEmpty();
    }

    private static Binary bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return Binary.fromConstantByteArray(b);
    }

    // ------------------------------------------------------------------------------------------
    // Literal conversion
    // ------------------------------------------------------------------------------------------

    @Test
    void integersRoundFractionalLiteralsExactly() {
        Operators.IntColumn i32 = intColumn("i32");
        assertTranslation(gt("i32", 2.5), FilterApi.gtEq(i32, 3));
        assertTranslation(gte("i32", 2.5), FilterApi.gtEq(i32, 3));
        assertTranslation(lt("i32", 2.5), FilterApi.ltEq(i32, 2));
        assertTranslation(lte("i32", -2.5), FilterApi.ltEq(i32, -3));
        assertTranslation(gt("i32", new BigDecimal("1e-999999999")), FilterApi.gtEq(i32, 1));
        assertTranslation(eq("i32", 7.0), FilterApi.eq(i32, 7));
        assertTranslation(eq("i32", new BigDecimal("7.000")), FilterApi.eq(i32, 7));
        // never true: nothing is below Integer.MIN_VALUE
        assertTranslation(eq("i32", 2.5), FilterApi.lt(i32, Integer.MIN_VALUE));
        // always true for non-null values
        assertTranslation(notEq("i32", 2.5), FilterApi.notEq(i32, null));
        assertTranslation(in("i32", 1.0, 2.5, 3.0), FilterApi.in(i32, Set.of(1, 3)));
        assertTranslation(in("i32", 2.5), FilterApi.lt(i32, Integer.MIN_VALUE));
        assertTranslation(not(in("i32", 1.0, 2.5, 3.0)), FilterApi.notIn(i32, Set.of(1, 3)));
        assertTranslation(not(in("i32", 2.5)), FilterApi.notEq(i32, null));
    }

    @Test
    void outOfRangeLiteralsBecomeExactBounds() {
        Operators.IntColumn i32 = intColumn("i32");
        assertTranslation(lt("i32", 10_000_000_000L), FilterApi.ltEq(i32, Integer.MAX_VALUE));
        assertTranslation(gt("i32", 10_000_000_000L), FilterApi.lt(i32, Integer.MIN_VALUE));
        assertTranslation(gt("i32", -1e10), FilterApi.gtEq(i32, Integer.MIN_VALUE));
        assertTranslation(eq("i32", Long.MAX_VALUE), FilterApi.lt(i32, Integer.MIN_VALUE));
        assertTranslation(lt("i32", Double.NaN), FilterApi.ltEq(i32, Integer.MAX_VALUE));
        assertTranslation(
                gt("i32", Double.POSITIVE_INFINITY), FilterApi.lt(i32, Integer.MIN_VALUE));
        assertTranslation(lt("i64", 1e19), FilterApi.ltEq(longColumn("i64"), Long.MAX_VALUE));
        // INT(8) holds INT32 values (assumed within -128..127)
        assertTranslation(lt("i8", 1000), FilterApi.lt(intColumn("i8"), 1000));
    }

    @Test
    void unsignedInt32IsComparedUnsigned() {
        Operators.IntColumn u32 = intColumn("u32");
        assertTranslation(eq("u32", 4_294_967_295L), FilterApi.eq(u32, -1));
        assertTranslation(gt("u32", 2_147_483_648L), FilterApi.gt(u32, Integer.MIN_VALUE));
        assertTranslation(lt("u32", -1), FilterApi.lt(u32, 0)); // never: nothing is below 0
        assertTranslation(gte("u32", -1), FilterApi.gtEq(u32, 0));
    }

    @Test
    void decimalsAreRescaled() {
        Operators.IntColumn d32 = intColumn("d32");
        assertTranslation(eq("d32", new BigDecimal("1.5")), FilterApi.eq(d32, 150));
        assertTranslation(eq("d32", 1.5), FilterApi.eq(d32, 150));
        assertTranslation(gt("d32", new BigDecimal("1.005")), FilterApi.gtEq(d32, 101));
        assertTranslation(lt("d32", new BigDecimal("-1.005")), FilterApi.ltEq(d32, -101));
        assertTranslation(eq("d32", new BigDecimal("1.005")), FilterApi.lt(d32, Integer.MIN_VALUE));
        assertTranslation(
                gt("d32", 0.1), FilterApi.gtEq(d32, 11)); // 0.1 is 0.1000000000000000055...
        assertTranslation(eq("d64", 2L), FilterApi.eq(longColumn("d64"), 2000L));
    }

    @Test
    void fixedLengthDecimalsAreSignExtended() {
        Operators.BinaryColumn dflba = binaryColumn("dflba");
        assertTranslation(
                eq("dflba", new BigDecimal("-0.01")),
                FilterApi.eq(dflba, bytes(0xFF, 0xFF, 0xFF, 0xFF)));
        assertTranslation(
                eq("dflba", new BigDecimal("2.56")), FilterApi.eq(dflba, bytes(0, 0, 1, 0)));
        // DECIMAL(9, 2) ends at 9999999.99 even though 4 bytes hold more
        assertTranslation(
                lt("dflba", new BigDecimal("1e10")),
                FilterApi.ltEq(dflba, bytes(0x3B, 0x9A, 0xC9, 0xFF)));
        assertTranslation(
                gt("dflba", new BigDecimal("1e10")), FilterApi.lt(dflba, bytes(0x80, 0, 0, 0)));
    }

    @Test
    void binaryDecimalEqualityIsARange() {
        Operators.BinaryColumn dbin = binaryColumn("dbin");
        Binary v = bytes(0x01, 0x00); // 2.56
        assertTranslation(
                eq("dbin", new BigDecimal("2.56")),
                FilterApi.and(FilterApi.gtEq(dbin, v), FilterApi.ltEq(dbin, v)));
        assertTranslation(gt("dbin", new BigDecimal("2.555")), FilterApi.gtEq(dbin, v));
        assertTranslation(notEq("dbin", new BigDecimal("2.56")), FilterApi.notEq(dbin, v));
    }

    @Test
    void timestampsAreConvertedToTheColumnUnit() {
        LocalDateTime oneNano = LocalDateTime.parse("1970-01-01T00:00:00.000000001");
        Operators.LongColumn ms = longColumn("ts_ms");
        assertTranslation(gt("ts_ms", oneNano), FilterApi.gtEq(ms, 1L));
        assertTranslation(gte("ts_ms", oneNano), FilterApi.gtEq(ms, 1L));
        assertTranslation(lt("ts_ms", oneNano), FilterApi.ltEq(ms, 0L));
        assertTranslation(lte("ts_ms", oneNano.minusNanos(2)), FilterApi.ltEq(ms, -1L));
        assertTranslation(eq("ts_ms", oneNano), FilterApi.lt(ms, Long.MIN_VALUE));
        assertTranslation(eq("ts_ms", oneNano.minusNanos(1)), FilterApi.eq(ms, 0L));
        assertTranslation(
                eq("ts_us", LocalDateTime.parse("2024-01-31T09:30:00.000001")),
                FilterApi.eq(longColumn("ts_us"), 1_706_693_400_000_001L));
        assertTranslation(eq("ts_ns", oneNano), FilterApi.eq(longColumn("ts_ns"), 1L));
        assertTranslation(
                gte("ts_ns", LocalDate.of(2024, 1, 31)),
                FilterApi.gtEq(longColumn("ts_ns"), 1_706_659_200_000_000_000L));
        // beyond the 64 bits of nanoseconds (year 2262)
        assertTranslation(
                lt("ts_ns", LocalDateTime.MAX),
                FilterApi.ltEq(longColumn("ts_ns"), Long.MAX_VALUE));
        assertTranslation(
                gt("ts_ns", LocalDateTime.MAX), FilterApi.lt(longColumn("ts_ns"), Long.MIN_VALUE));
        // a date on a TIMESTAMP_LTZ column is rejected by validation; the translation drops it
        assertUntranslated(eq("ts_us", LocalDate.of(2024, 1, 31)));
        assertTranslation(eq("day", LocalDate.of(1970, 1, 2)), FilterApi.eq(intColumn("day"), 1));
        assertTranslation(
                lt("day", LocalDate.MAX), FilterApi.ltEq(intColumn("day"), Integer.MAX_VALUE));
    }

    @Test
    void timestampsReadAtALowerPrecisionBecomeRangesOfFileValues() {
        RowType read =
                new RowType(
                        List.of(
                                new RowType.RowField("ts_ns", new TimestampType(3)),
                                new RowType.RowField("ts_us", new LocalZonedTimestampType(0)),
                                new RowType.RowField("ts_ms", new TimestampType(0)),
                                new RowType.RowField("i64", new BigIntType())));
        LocalDateTime milli = LocalDateTime.parse("2024-01-01T10:00:00.123");
        LocalDateTime finer = LocalDateTime.parse("2024-01-01T10:00:00.123456");
        long n = 1_704_103_200_123_000_000L; // epoch nanoseconds of `milli`
        long next = n + 1_000_000L;
        Operators.LongColumn ns = longColumn("ts_ns");
        BiConsumer<ParquetFilter, FilterPredicate> narrowed =
                (filter, expected) ->
                        assertThat(FilterPredicates.forFile(filter, SCHEMA, read))
                                .as(filter.toString())
                                .contains(expected);

        // the values read are the file's truncated to milliseconds: [n, next) reads as `milli`
        narrowed.accept(
                eq("ts_ns", milli), FilterApi.and(FilterApi.gtEq(ns, n), FilterApi.lt(ns, next)));
        narrowed.accept(eq("ts_ns", finer), FilterApi.lt(ns, Long.MIN_VALUE)); // never TRUE
        narrowed.accept(lt("ts_ns", milli), FilterApi.lt(ns, n));
        narrowed.accept(lt("ts_ns", finer), FilterApi.lt(ns, next));
        narrowed.accept(lte("ts_ns", milli), FilterApi.lt(ns, next));
        narrowed.accept(lte("ts_ns", finer), FilterApi.lt(ns, next));
        narrowed.accept(gt("ts_ns", milli), FilterApi.gtEq(ns, next));
        narrowed.accept(gt("ts_ns", finer), FilterApi.gtEq(ns, next));
        narrowed.accept(gte("ts_ns", milli), FilterApi.gtEq(ns, n));
        narrowed.accept(gte("ts_ns", finer), FilterApi.gtEq(ns, next));
        narrowed.accept(
                between("ts_ns", finer, milli.plusNanos(1_000_000)),
                FilterApi.and(FilterApi.gtEq(ns, next), FilterApi.lt(ns, next + 1_000_000L)));
        narrowed.accept(
                in(
                        "ts_ns",
                        FilterValue.timestamp(milli),
                        FilterValue.timestamp(finer),
                        FilterValue.timestamp(milli.plusNanos(1_000_000))),
                FilterApi.or(
                        FilterApi.and(FilterApi.gtEq(ns, n), FilterApi.lt(ns, next)),
                        FilterApi.and(
                                FilterApi.gtEq(ns, next), FilterApi.lt(ns, next + 1_000_000L))));
        narrowed.accept(
                notEq("ts_ns", milli), FilterApi.or(FilterApi.lt(ns, n), FilterApi.gtEq(ns, next)));
        // beyond the 64 bits of nanoseconds
        narrowed.accept(lt("ts_ns", LocalDateTime.MAX), FilterApi.notEq(ns, null));
        narrowed.accept(gt("ts_ns", LocalDateTime.MAX), FilterApi.lt(ns, Long.MIN_VALUE));
        // seconds before the epoch: 23:59:59.5 reads as 23:59:59, the file values [-1 s, 0)
        Operators.LongColumn ms = longColumn("ts_ms");
        narrowed.accept(
                lte("ts_ms", LocalDateTime.parse("1969-12-31T23:59:59.5")), FilterApi.lt(ms, 0L));
        narrowed.accept(
                eq("ts_ms", LocalDateTime.parse("1969-12-31T23:59:59")),
                FilterApi.and(FilterApi.gtEq(ms, -1_000L), FilterApi.lt(ms, 0L)));
        Operators.LongColumn us = longColumn("ts_us");
        narrowed.accept(
                lt("ts_us", Instant.parse("2024-01-01T10:00:00.5Z")),
                FilterApi.lt(us, 1_704_103_201_000_000L));
        // other columns, and the natural types without the read types
        narrowed.accept(eq("i64", 7L), FilterApi.eq(longColumn("i64"), 7L));
        assertTranslation(eq("ts_ns", milli), FilterApi.eq(ns, n));
        // a higher precision than the file's changes nothing
        assertThat(
                        FilterPredicates.forFile(
                                eq("ts_ms", milli),
                                SCHEMA,
                                new RowType(
                                        List.of(
                                                new RowType.RowField(
                                                        "ts_ms", new TimestampType(9))))))
                .contains(FilterApi.eq(ms, n / 1_000_000L));
    }

    @Test
    void floatsHandleZerosAndNaN() {
        Operators.DoubleColumn f64 = doubleColumn("f64");
        Operators.FloatColumn f32 = floatColumn("f32");
        assertTranslation(eq("f64", 0.0), FilterApi.in(f64, Set.of(0.0, -0.0)));
        assertTranslation(eq("f64", -0.0), FilterApi.in(f64, Set.of(0.0, -0.0)));
        assertTranslation(in("f64", 0.0, 1.0), FilterApi.in(f64, Set.of(0.0, -0.0, 1.0)));
        assertTranslation(lt("f64", 0.0), FilterApi.lt(f64, -0.0));
        assertTranslation(gte("f64", 0.0), FilterApi.gtEq(f64, -0.0));
        assertTranslation(lte("f64", -0.0), FilterApi.ltEq(f64, 0.0));
        assertTranslation(gt("f64", -0.0), FilterApi.gt(f64, 0.0));
        assertTranslation(eq("f64", 1.5), FilterApi.eq(f64, 1.5));
        assertTranslation(
                gt("f64", 9_007_199_254_740_993L), FilterApi.gtEq(f64, 9_007_199_254_740_994.0));
        // 0.1 is not a float: between 0.099999994f and 0.1f
        assertTranslation(eq("f32", 0.1), FilterApi.lt(f32, Float.NEGATIVE_INFINITY));
        assertTranslation(gt("f32", 0.1), FilterApi.gtEq(f32, 0.1f));
        assertTranslation(lt("f32", 0.1), FilterApi.ltEq(f32, Math.nextDown(0.1f)));
        assertTranslation(lt("f32", 1e300), FilterApi.ltEq(f32, Float.MAX_VALUE));
        assertTranslation(gt("f32", 1e300), FilterApi.gtEq(f32, Float.POSITIVE_INFINITY));
        assertTranslation(lt("f32", 1e-50), FilterApi.ltEq(f32, 0.0f));
        assertUntranslated(eq("f64", Double.NaN));
        assertUntranslated(lt("f64", Double.NaN));
        assertUntranslated(in("f64", 1.0, Double.NaN));
        assertTranslation(not(in("f64", 1.0, Double.NaN)), FilterApi.notEq(f64, 1.0));
        // the widened forms of SQL's FLOAT/DOUBLE filters: "or NaN" is not translated, and an AND
        // keeps the rest
        assertUntranslated(or(lte("f64", 3.0), eq("f64", Double.NaN)));
        assertTranslation(
                and(or(lte("f64", 3.0), eq("f64", Double.NaN)), gt("f64", -5.0)),
                FilterApi.gt(f64, -5.0));
        assertTranslation(
                and(isNotNull("f64"), not(in("f64", 3.0))),
                FilterApi.and(FilterApi.notEq(f64, null), FilterApi.notEq(f64, 3.0)));
    }

    @Test
    void floatsInIeee754TotalOrderKeepNegativeNaNsForGreaterThan() {
        // parquet-java 1.18 gives doubles this order by default; NaNs with the sign bit set sort
        // below -Infinity there.
        assertThat(SCHEMA.getType("f64t").asPrimitiveType().columnOrder())
                .isEqualTo(org.apache.parquet.schema.ColumnOrder.ieee754TotalOrder());
        Operators.DoubleColumn x = doubleColumn("f64t");
        FilterPredicate negativeNaN = FilterApi.lt(x, Double.NEGATIVE_INFINITY);
        assertTranslation(gt("f64t", 1.0), FilterApi.or(FilterApi.gt(x, 1.0), negativeNaN));
        assertTranslation(gte("f64t", 0.0), FilterApi.or(FilterApi.gtEq(x, -0.0), negativeNaN));
        assertTranslation(not(lte("f64t", 1.0)), FilterApi.or(FilterApi.gt(x, 1.0), negativeNaN));
        assertTranslation(lt("f64t", 1.0), FilterApi.lt(x, 1.0));
        assertTranslation(notEq("f64t", 1.0), FilterApi.notEq(x, 1.0));
        assertTranslation(eq("f64t", 0.0), FilterApi.in(x, Set.of(0.0, -0.0)));
    }

    @Test
    void stringsAndBooleans() {
        assertTranslation(
                eq("str", "é😀"),
                FilterApi.eq(
                        binaryColumn("str"),
                        Binary.fromConstantByteArray("é😀".getBytes(StandardCharsets.UTF_8))));
        assertTranslation(lt("str", ""), FilterApi.lt(binaryColumn("str"), Binary.EMPTY));
        Operators.BooleanColumn flag = booleanColumn("flag");
        assertTranslation(eq("flag", true), FilterApi.eq(flag, true));
        assertTranslation(lt("flag", true), FilterApi.eq(flag, false));
        assertTranslation(gt("flag", false), FilterApi.eq(flag, true));
        assertTranslation(gte("flag", false), FilterApi.notEq(flag, null));
        assertTranslation(
                gt("flag", true),
                FilterApi.and(FilterApi.eq(flag, true), FilterApi.eq(flag, false)));
        assertTranslation(
                in("flag", FilterValue.bool(true), FilterValue.bool(false)),
                FilterApi.notEq(flag, null));
    }

    @Test
    void nullTests() {
        assertTranslation(isNull("i32"), FilterApi.eq(intColumn("i32"), null));
        assertTranslation(isNotNull("ts96"), FilterApi.notEq(binaryColumn("ts96"), null));
        assertTranslation(isNull("half"), FilterApi.eq(binaryColumn("half"), null));
        assertTranslation(not(isNull("f64")), FilterApi.notEq(doubleColumn("f64"), null));
        assertTranslation(not(isNotNull("flag")), FilterApi.eq(booleanColumn("flag"), null));
        // A FIXED_LEN_BYTE_ARRAY or BINARY decimal beyond its precision reads as NULL.
        assertUntranslated(isNull("dflba"));
        assertUntranslated(isNull("dbin"));
        assertTranslation(isNotNull("dbin"), FilterApi.notEq(binaryColumn("dbin"), null));
        assertTranslation(isNull("d32"), FilterApi.eq(intColumn("d32"), null));
    }

    @Test
    void untranslatableColumns() {
        LocalDateTime t = LocalDateTime.parse("2024-01-01T00:00");
        assertUntranslated(eq("ts96", t));
        assertUntranslated(eq("u64", 1));
        assertUntranslated(eq("half", 1.0));
        assertUntranslated(eq("id", "00000000-0000-0000-0000-000000000000"));
        assertUntranslated(eq("clock", 1));
        assertUntranslated(isNull("nested"));
        assertUntranslated(eq("nested.x", 1));
        assertUntranslated(eq("many", 1));
        assertUntranslated(eq("dotted.name", 1));
        assertUntranslated(eq("missing", 1));
        assertUntranslated(isNull("missing"));
        // a literal of the wrong kind for this file's column
        assertUntranslated(eq("i32", "1"));
        assertUntranslated(eq("str", 1));
        assertUntranslated(eq("day", t));
    }

    // ------------------------------------------------------------------------------------------
    // Logic
    // ------------------------------------------------------------------------------------------

    @Test
    void andDropsWhatItCannotTranslateOrDoesNot() {
        Operators.IntColumn i32 = intColumn("i32");
        LocalDateTime t = LocalDateTime.parse("2024-01-01T00:00");
        assertTranslation(and(eq("i32", 1), eq("ts96", t)), FilterApi.eq(i32, 1));
        assertTranslation(
                and(eq("i32", 1), gt("i64", 2), eq("ts96", t)),
                FilterApi.and(FilterApi.eq(i32, 1), FilterApi.gt(longColumn("i64"), 2L)));
        assertUntranslated(and(eq("ts96", t), eq("u64", 1)));
        assertUntranslated(or(eq("i32", 1), eq("ts96", t)));
        assertTranslation(
                or(eq("i32", 1), gt("i64", 2)),
                FilterApi.or(FilterApi.eq(i32, 1), FilterApi.gt(longColumn("i64"), 2L)));
        // never-true parts: an AND with one is never true, an OR drops it
        assertTranslation(and(eq("i32", 1), eq("i32", 2.5)), FilterApi.lt(i32, Integer.MIN_VALUE));
        assertTranslation(or(eq("i32", 1), eq("i32", 2.5)), FilterApi.eq(i32, 1));
    }

    @Test
    void notIsPushedToTheLeaves() {
        Operators.IntColumn i32 = intColumn("i32");
        Operators.LongColumn i64 = longColumn("i64");
        LocalDateTime t = LocalDateTime.parse("2024-01-01T00:00");
        assertTranslation(not(gt("i32", 5)), FilterApi.ltEq(i32, 5));
        assertTranslation(not(eq("i32", 5)), FilterApi.notEq(i32, 5));
        assertTranslation(not(not(eq("i32", 5))), FilterApi.eq(i32, 5));
        assertTranslation(
                not(and(gt("i32", 5), lt("i64", 3))),
                FilterApi.or(FilterApi.ltEq(i32, 5), FilterApi.gtEq(i64, 3L)));
        assertTranslation(
                not(or(gt("i32", 5), lt("i64", 3))),
                FilterApi.and(FilterApi.ltEq(i32, 5), FilterApi.gtEq(i64, 3L)));
        // NOT (a OR untranslatable) = NOT a AND NOT untranslatable: keeps NOT a
        assertTranslation(not(or(gt("i32", 5), eq("ts96", t))), FilterApi.ltEq(i32, 5));
        assertUntranslated(not(and(gt("i32", 5), eq("ts96", t))));
        assertTranslation(
                between("i32", 1, 5),
                FilterApi.and(FilterApi.gtEq(i32, 1), FilterApi.ltEq(i32, 5)));
        assertTranslation(
                not(between("i32", 1, 5)),
                FilterApi.or(FilterApi.lt(i32, 1), FilterApi.gt(i32, 5)));
        assertTranslation(
                between("i32", FilterValue.float64(1.5), FilterValue.int64(Long.MAX_VALUE)),
                FilterApi.and(FilterApi.gtEq(i32, 2), FilterApi.ltEq(i32, Integer.MAX_VALUE)));
    }

    // ------------------------------------------------------------------------------------------
    // Where parquet-java compares differently: checked against real files
    // ------------------------------------------------------------------------------------------

    @TempDir Path dir;

    private static final List<FilterLevel> LEVELS =
            List.of(FilterLevel.STATISTICS, FilterLevel.DICTIONARY, FilterLevel.BLOOMFILTER);

    /** Writes one row group per list of values, with dictionaries and bloom filters. */
    private Path write(String field, BiConsumer<Group, Object> append, List<List<Object>> rowGroups)
            throws IOException {
        String declaration = field.contains(" x") ? field : field + " x";
        MessageType schema =
                MessageTypeParser.parseMessageType("message m { " + declaration + "; }");
        Path file = dir.resolve("f" + System.nanoTime() + ".parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        int rows = rowGroups.get(0).size();
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(schema)
                        .withDictionaryEncoding(true)
                        .withBloomFilterEnabled("x", true)
                        .withBloomFilterNDV("x", 16)
                        .withRowGroupRowCountLimit(rows)
                        .withPageRowCountLimit(Math.max(1, rows / 2))
                        .withMinRowCountForPageSizeCheck(1)
                        .build()) {
            for (List<Object> rowGroup : rowGroups) {
                for (Object v : rowGroup) {
                    Group g = groups.newGroup();
                    if (v != null) {
                        append.accept(g, v);
                    }
                    writer.write(g);
                }
            }
        }
        return file;
    }

    /** The row groups kept by every level, and the rows read with all filters. */
    private static List<String> prune(Path file, ParquetFilter filter) throws IOException {
        List<String> kept = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFileMetaData().getSchema();
            FilterPredicate predicate = FilterPredicates.forFile(filter, schema).orElseThrow();
            List<BlockMetaData> blocks = reader.getRowGroups();
            for (FilterLevel level : LEVELS) {
                List<BlockMetaData> left =
                        RowGroupFilter.filterRowGroups(
                                List.of(level), FilterCompat.get(predicate), blocks, reader);
                kept.add(level + ":" + left.size());
            }
            ParquetReadOptions options =
                    ParquetReadOptions.builder()
                            .withRecordFilter(FilterCompat.get(predicate))
                            .useColumnIndexFilter(true)
                            .build();
            long rows = 0;
            try (ParquetFileReader filtered =
                    ParquetFileReader.open(new LocalInputFile(file), options)) {
                PageReadStore pages;
                while ((pages = filtered.readNextFilteredRowGroup()) != null) {
                    RecordReader<Group> records =
                            new ColumnIOFactory()
                                    .getColumnIO(schema)
                                    .getRecordReader(pages, new GroupRecordConverter(schema));
                    for (long r = 0; r < pages.getRowCount(); r++) {
                        records.read();
                        rows++;
                    }
                }
            }
            kept.add("rows:" + rows);
        }
        return kept;
    }

    @Test
    void negativeZeroRowsSurviveDictionaryAndBloomFilters() throws IOException {
        for (String order : List.of("TYPE_DEFINED_ORDER", "IEEE_754_TOTAL_ORDER")) {
            Path doubles =
                    write(
                            "optional double x columnorder(" + order + ")",
                            (g, v) -> g.append("x", (Double) v),
                            List.of(List.of(-0.0, -0.0, 1.0, 2.0)));
            // rows read: pages of two rows, [-0.0, -0.0] and [1.0, 2.0]
            assertThat(prune(doubles, eq("x", 0.0)))
                    .as(order)
                    .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:2");
            assertThat(prune(doubles, in("x", 0.0, 5.0)))
                    .as(order)
                    .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:4");
            assertThat(prune(doubles, lte("x", 0.0)))
                    .as(order)
                    .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:2");
            assertThat(prune(doubles, gte("x", 0.0)))
                    .as(order)
                    .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:4");
            assertThat(prune(doubles, between("x", 0.0, 0.0)))
                    .as(order)
                    .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:2");
            Path floats =
                    write(
                            "optional float x columnorder(" + order + ")",
                            (g, v) -> g.append("x", (Float) v),
                            List.of(List.of(0.0f, 0.0f, 1.0f, 2.0f)));
            assertThat(prune(floats, eq("x", -0.0)))
                    .as(order)
                    .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:2");
            assertThat(prune(floats, lte("x", -0.0)))
                    .as(order)
                    .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:2");
            assertThat(prune(floats, lt("x", 0.0)))
                    .as(order)
                    .containsExactly("STATISTICS:0", "DICTIONARY:0", "BLOOMFILTER:1", "rows:0");
        }
    }

    @Test
    void nanRowsSurviveGreaterThan() throws IOException {
        double negativeNaN = Double.longBitsToDouble(0xFFF8_0000_0000_0000L);
        for (String order : List.of("TYPE_DEFINED_ORDER", "IEEE_754_TOTAL_ORDER")) {
            // In the type-defined order a NaN invalidates the column index of the column chunk.
            String firstRowGroupRows = order.startsWith("TYPE") ? "rows:4" : "rows:2";
            for (double nan : new double[] {Double.NaN, negativeNaN}) {
                String what = order + ", NaN " + Long.toHexString(Double.doubleToRawLongBits(nan));
                // row groups [NaN, 1, 2, 3] and [1, 2, 3, 4], pages of two rows; the second
                // row group has no dictionary (parquet-java falls back to plain: no gain)
                Path doubles =
                        write(
                                "optional double x columnorder(" + order + ")",
                                (g, v) -> g.append("x", (Double) v),
                                List.of(List.of(nan, 1.0, 2.0, 3.0), List.of(1.0, 2.0, 3.0, 4.0)));
                // NaN is greater than 10: the first row group must stay, the second may go.
                assertThat(prune(doubles, gt("x", 10.0)))
                        .as(what)
                        .containsExactly(
                                "STATISTICS:1", "DICTIONARY:2", "BLOOMFILTER:2", firstRowGroupRows);
                assertThat(prune(doubles, notEq("x", 2.0)))
                        .as(what)
                        .containsExactly("STATISTICS:2", "DICTIONARY:2", "BLOOMFILTER:2", "rows:8");
                assertThat(prune(doubles, lt("x", 0.5)))
                        .as(what)
                        .containsExactly(
                                "STATISTICS:1", "DICTIONARY:2", "BLOOMFILTER:2", firstRowGroupRows);
            }
        }
    }

    @Test
    void nonCanonicalBinaryDecimalsSurviveDictionaryAndBloomFilters() throws IOException {
        // 1.23 as 0x00007B (two redundant sign bytes); -1.23 as 0xFFFF85 and as 0x85
        Path decimals =
                write(
                        "optional binary x (DECIMAL(10,2))",
                        (g, v) -> g.append("x", (Binary) v),
                        List.of(
                                List.of(bytes(0, 0, 0x7B), bytes(0, 0, 0x7B)),
                                List.of(bytes(0xFF, 0xFF, 0x85), bytes(0x85))));
        // The first row group has a dictionary {0x00007B} and a bloom filter of 0x00007B: an
        // equality with the canonical 0x7B would drop it. (The second falls back to plain.)
        assertThat(prune(decimals, eq("x", new BigDecimal("1.23"))))
                .containsExactly("STATISTICS:1", "DICTIONARY:2", "BLOOMFILTER:2", "rows:2");
        assertThat(prune(decimals, in("x", FilterValue.decimal(new BigDecimal("-1.23")))))
                .containsExactly("STATISTICS:1", "DICTIONARY:2", "BLOOMFILTER:2", "rows:2");
        assertThat(
                        prune(
                                decimals,
                                in(
                                        "x",
                                        FilterValue.decimal(new BigDecimal("-1.23")),
                                        FilterValue.decimal(new BigDecimal("1.23")))))
                .containsExactly("STATISTICS:2", "DICTIONARY:2", "BLOOMFILTER:2", "rows:4");
        // notEq compares bytes in dictionaries: conservative for non-canonical encodings
        assertThat(prune(decimals, notEq("x", new BigDecimal("1.23"))))
                .containsExactly("STATISTICS:1", "DICTIONARY:2", "BLOOMFILTER:2", "rows:2");
    }

    @Test
    void columnIndexSkipsPagesButKeepsMatchingRows() throws IOException {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(i);
        }
        Path file =
                write("optional int32 x", (g, v) -> g.append("x", (Integer) v), List.of(values));
        // pages of 50 rows: [0, 49] and [50, 99]; 100 distinct values: no dictionary
        assertThat(prune(file, gt("x", 60.5)))
                .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:50");
        assertThat(prune(file, lte("x", 49.5)))
                .containsExactly("STATISTICS:1", "DICTIONARY:1", "BLOOMFILTER:1", "rows:50");
        assertThat(prune(file, eq("x", 99.5))) // never true: x < Integer.MIN_VALUE
                .containsExactly("STATISTICS:0", "DICTIONARY:1", "BLOOMFILTER:1", "rows:0");
    }
}
