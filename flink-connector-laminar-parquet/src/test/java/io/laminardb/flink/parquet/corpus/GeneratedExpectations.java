package io.laminardb.flink.parquet.corpus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expected values of the DuckDB-generated corpus files ({@code generated/} in the corpus),
 * recomputed row by row from the SQL in the corpus README. Pure JDK: no Flink or Parquet classes,
 * so the formulas can be checked on their own.
 *
 * <p>Value representation (the same one {@link CorpusSupport#toJava} produces from Flink's internal
 * data): BOOLEAN → Boolean, TINYINT → Byte, SMALLINT → Short, INT → Integer, BIGINT → Long, FLOAT →
 * Float, DOUBLE → Double, DECIMAL → BigDecimal, STRING → String, BYTES → byte[], DATE → LocalDate,
 * TIME → LocalTime, TIMESTAMP → LocalDateTime, TIMESTAMP_LTZ → Instant, ARRAY and ROW → List, MAP →
 * Map.
 *
 * <p>DuckDB semantics that matter here, and how they were settled:
 *
 * <ul>
 *   <li>{@code i} comes from {@code range()} and is a BIGINT; every {@code i % k} has {@code i >=
 *       0}, so Java's {@code %} agrees with DuckDB's (truncating) modulo. No product overflows 64
 *       bits for {@code i < 10000}.
 *   <li>{@code i / 7.0} and {@code x / 1000.0}: DuckDB binds an integer divided by a decimal
 *       literal as DOUBLE division ({@code typeof} says DOUBLE), so {@code (float) (i / 7.0)} in
 *       Java is the same IEEE computation.
 *   <li>{@code i * 1.000001::DOUBLE - 5000}: DOUBLE arithmetic; the literal is the double nearest
 *       to 1.000001, as in Java.
 *   <li>The DECIMAL products are exact: {@code n::DECIMAL(9,0) * 0.01} has unscaled value {@code n}
 *       at scale 2, likewise scale 4 for DECIMAL(18,4), and {@code n * 0.0123456789} has unscaled
 *       value {@code n * 123456789} at scale 10 (fits DECIMAL(38,10)). No rounding happens in the
 *       final casts.
 *   <li>{@code make_time(h, m, s DOUBLE)} with {@code s = ((i * 17) % 60000) / 1000.0}: the file
 *       holds whole milliseconds for every row except the edge row 2 (23:59:59.999999), which
 *       reading as TIME(3) truncates to 23:59:59.999.
 *   <li>TIMESTAMP + {@code to_microseconds/to_milliseconds/to_seconds} adds a pure microsecond
 *       interval: exact, also before 1970.
 *   <li>{@code ::TIMESTAMPTZ} interprets the naive timestamp in the DuckDB session's TimeZone,
 *       which the SQL does not state. The file was written with TimeZone=UTC: reading it back with
 *       DuckDB 1.5.6 gives {@code epoch_us(c_timestamptz) = epoch_us(TIMESTAMP '2000-01-01' +
 *       to_seconds(i * 86401))} on every row. The test checks this UTC reading and, separately, the
 *       zone-independent fact that consecutive rows are exactly {@code 86401 s} apart.
 * </ul>
 */
final class GeneratedExpectations {

    private GeneratedExpectations() {}

    // ------------------------------------------------------------------------------------------
    // generated/all_primitive_types.parquet
    // ------------------------------------------------------------------------------------------

    static final int PRIMITIVE_ROWS = 10_000;

    static final List<String> PRIMITIVE_COLUMNS =
            Collections.unmodifiableList(
                    Arrays.asList(
                            "id",
                            "c_boolean",
                            "c_tinyint",
                            "c_smallint",
                            "c_int",
                            "c_bigint",
                            "c_float",
                            "c_double",
                            "c_decimal_9_2",
                            "c_decimal_18_4",
                            "c_decimal_38_10",
                            "c_varchar",
                            "c_blob",
                            "c_date",
                            "c_time",
                            "c_timestamp",
                            "c_timestamp_ms",
                            "c_timestamp_ns",
                            "c_timestamptz"));

    /** The non-null counts of EXPECTED.tsv for all_primitive_types.parquet, in column order. */
    static final long[] PRIMITIVE_NON_NULL = {
        10000, 8571, 9090, 9230, 9411, 9473, 9565, 9655, 9677, 9729, 9756, 9767, 9787, 9811, 9830,
        9836, 9850, 9859, 9863
    };

    static final LocalDateTime TS_BASE = LocalDateTime.of(1900, 1, 1, 0, 0);
    static final LocalDateTime TS_MS_BASE = LocalDateTime.of(1990, 1, 1, 0, 0);
    static final LocalDateTime TS_NS_BASE = LocalDateTime.of(2020, 1, 1, 0, 0);
    static final Instant TSTZ_BASE_UTC = Instant.parse("2000-01-01T00:00:00Z");

    /** Expected value of every column of row {@code i}, in {@link #PRIMITIVE_COLUMNS} order. */
    static Object[] primitiveRow(long i) {
        Object[] r = new Object[PRIMITIVE_COLUMNS.size()];
        r[0] = i;
        r[1] = i % 7 == 0 ? null : (Boolean) (i % 3 == 0);
        r[2] =
                i % 11 == 0
                        ? null
                        : i == 1
                                ? (Byte) (byte) 127
                                : i == 2 ? (Byte) (byte) -128 : (Byte) (byte) ((i % 256) - 128);
        r[3] =
                i % 13 == 0
                        ? null
                        : i == 1
                                ? (Short) (short) 32767
                                : i == 2
                                        ? (Short) (short) -32768
                                        : (Short) (short) ((i * 37) % 65536 - 32768);
        r[4] =
                i % 17 == 0
                        ? null
                        : i == 1
                                ? (Integer) Integer.MAX_VALUE
                                : i == 2
                                        ? (Integer) Integer.MIN_VALUE
                                        : (Integer) (int) ((i * 104729) % 2000000 - 1000000);
        r[5] =
                i % 19 == 0
                        ? null
                        : i == 1
                                ? (Long) Long.MAX_VALUE
                                : i == 2
                                        ? (Long) Long.MIN_VALUE
                                        : (Long) (i * 1000000007L - 5000000000000L);
        r[6] = i % 23 == 0 ? null : floatValue(i);
        r[7] = i % 29 == 0 ? null : doubleValue(i);
        r[8] =
                i % 31 == 0
                        ? null
                        : i == 1
                                ? new BigDecimal("9999999.99")
                                : i == 2
                                        ? new BigDecimal("-9999999.99")
                                        : BigDecimal.valueOf((i * 12345) % 100000000 - 50000000, 2);
        r[9] =
                i % 37 == 0
                        ? null
                        : i == 1
                                ? new BigDecimal("99999999999999.9999")
                                : i == 2
                                        ? new BigDecimal("-99999999999999.9999")
                                        : BigDecimal.valueOf(i * 1234567891L - 5000000000000L, 4);
        r[10] =
                i % 41 == 0
                        ? null
                        : i == 1
                                ? new BigDecimal("9999999999999999999999999999.9999999999")
                                : i == 2
                                        ? new BigDecimal("-9999999999999999999999999999.9999999999")
                                        : new BigDecimal(
                                                BigInteger.valueOf(i * 1234567890123L - 7)
                                                        .multiply(BigInteger.valueOf(123456789L)),
                                                10);
        r[11] =
                i % 43 == 0
                        ? null
                        : i % 100 == 1
                                ? ""
                                : i % 100 == 2 ? "Grüße, 🚀 – 你好 " + i : "str_" + (i % 500);
        r[12] = i % 47 == 0 ? null : i % 100 == 1 ? new byte[0] : blobValue(i);
        r[13] =
                i % 53 == 0
                        ? null
                        : i == 1
                                ? LocalDate.of(1900, 1, 1)
                                : i == 2
                                        ? LocalDate.of(9999, 12, 31)
                                        : i == 3
                                                ? LocalDate.of(1970, 1, 1)
                                                : LocalDate.ofEpochDay((i * 37) % 40000 - 20000);
        r[14] =
                i % 59 == 0
                        ? null
                        : i == 1
                                ? LocalTime.MIDNIGHT
                                // 23:59:59.999999, truncated to TIME(3)
                                : i == 2
                                        ? LocalTime.of(23, 59, 59, 999_000_000)
                                        : LocalTime.ofNanoOfDay(
                                                ((i * 7) % 24 * 3_600_000L
                                                                + (i * 13) % 60 * 60_000L
                                                                + (i * 17) % 60000)
                                                        * 1_000_000L);
        r[15] = i % 61 == 0 ? null : TS_BASE.plus(i * 600000123457L, ChronoUnit.MICROS);
        r[16] = i % 67 == 0 ? null : TS_MS_BASE.plus(i * 98765432L, ChronoUnit.MILLIS);
        r[17] = i % 71 == 0 ? null : TS_NS_BASE.plus(i * 1234567L, ChronoUnit.MICROS);
        r[18] = i % 73 == 0 ? null : TSTZ_BASE_UTC.plusSeconds(i * 86401L);
        return r;
    }

    private static Float floatValue(long i) {
        switch ((int) i) {
            case 3:
                return Float.NaN;
            case 4:
                return Float.POSITIVE_INFINITY;
            case 5:
                return Float.NEGATIVE_INFINITY;
            case 6:
                return -0.0f;
            default:
                return (float) (i / 7.0);
        }
    }

    private static Double doubleValue(long i) {
        switch ((int) i) {
            case 3:
                return Double.NaN;
            case 4:
                return Double.POSITIVE_INFINITY;
            case 5:
                return Double.NEGATIVE_INFINITY;
            case 6:
                return -0.0d;
            default:
                return i * 1.000001d - 5000;
        }
    }

    /** {@code unhex(printf('%08x00ff', i))}: i as 4 big-endian bytes, then 0x00, 0xff. */
    private static byte[] blobValue(long i) {
        return new byte[] {
            (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i, 0, (byte) 0xff
        };
    }

    // ------------------------------------------------------------------------------------------
    // generated/nested_types.parquet
    // ------------------------------------------------------------------------------------------

    static final int NESTED_ROWS = 5_000;

    static final List<String> NESTED_COLUMNS =
            Collections.unmodifiableList(
                    Arrays.asList("id", "l_int", "s", "m", "l_struct", "ll_int"));

    /**
     * Expected row {@code i} of nested_types.parquet: id Integer; l_int List&lt;Integer&gt;; s
     * List[a Integer, b String]; m Map&lt;String, Integer&gt; (insertion order k0, k1, k2);
     * l_struct List&lt;List[x Integer, y String]&gt;; ll_int List&lt;List&lt;Integer&gt;&gt;.
     */
    static Object[] nestedRow(int i) {
        Object[] r = new Object[NESTED_COLUMNS.size()];
        r[0] = i;
        if (i % 10 != 0) {
            List<Integer> l = new ArrayList<>();
            for (int x = 0; x < i % 5; x++) {
                l.add((i + x) % 7 == 0 ? null : i * 10 + x);
            }
            r[1] = l;
        }
        if (i % 9 != 0) {
            r[2] = Arrays.asList(i % 4 == 0 ? null : (Object) i, i % 6 == 0 ? null : "b" + i);
        }
        if (i % 8 != 0) {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (int x = 0; x < i % 4; x++) {
                m.put("k" + x, x == 2 ? null : i + x);
            }
            r[3] = m;
        }
        if (i % 11 != 0) {
            List<Object> l = new ArrayList<>();
            for (int x = 0; x < i % 4; x++) {
                l.add(
                        (i + x) % 5 == 0
                                ? null
                                : Arrays.asList((Object) (i + x), x == 1 ? null : "y" + (i + x)));
            }
            r[4] = l;
        }
        if (i % 13 != 0) {
            List<Object> outer = new ArrayList<>();
            for (int x = 0; x < i % 3; x++) {
                List<Integer> inner = new ArrayList<>();
                for (int y = 0; y < x + (i % 2); y++) {
                    inner.add(i + x * 100 + y);
                }
                outer.add(inner);
            }
            r[5] = outer;
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------
    // generated/trades_hive
    // ------------------------------------------------------------------------------------------

    static final int TRADES_ROWS = 50_000;
    static final long TRADES_SUM_ID = 1_249_975_000L;
    static final long TRADES_SUM_QTY = 25_025_000L;
    static final List<String> SYMBOLS =
            Collections.unmodifiableList(
                    Arrays.asList("AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "IBM"));
    static final LocalDateTime TRADES_BASE = LocalDateTime.of(2024, 11, 1, 0, 0);

    /** Partition directory (relative to trades_hive) → rows in its data_0.parquet. */
    static final Map<String, Long> TRADES_FILES = new LinkedHashMap<>();

    static {
        TRADES_FILES.put("year=2024/month=11/data_0.parquet", 12522L);
        TRADES_FILES.put("year=2024/month=12/data_0.parquet", 12939L);
        TRADES_FILES.put("year=2025/month=01/data_0.parquet", 12939L);
        TRADES_FILES.put("year=2025/month=02/data_0.parquet", 11600L);
    }

    /** Expected (id, ts, symbol, price, qty) of trade {@code i}. */
    static Object[] tradeRow(long i) {
        return new Object[] {
            i,
            TRADES_BASE.plusSeconds(i * 207),
            SYMBOLS.get((int) ((i * 7919) % 8)),
            50 + ((i * 2654435761L) % 1000003) / 1000.0,
            (int) (1 + (i * 31) % 1000)
        };
    }
}
