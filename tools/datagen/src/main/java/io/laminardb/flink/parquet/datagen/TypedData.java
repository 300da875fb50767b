package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.math.BigInteger;
import java.util.Set;

/**
 * The benchmark's table of the other common column types: booleans, narrow integers, dates,
 * microsecond timestamps, decimals on INT32, INT64 and FIXED_LEN_BYTE_ARRAY, and nullable columns
 * whose NULLs are scattered among the values (bit-packed definition levels), in flat files {@code
 * part-NNNNN.parquet}. Every column but the id is optional, as DuckDB, Spark and Arrow write them.
 *
 * <pre>
 * column   type           values                                  encoding
 * id       BIGINT         unique, ascending                       plain
 * ts       TIMESTAMP(6)   ascending, whole milliseconds           plain
 * flag     BOOLEAN        random, 10% NULL                        plain
 * small    SMALLINT       -30,000 to 30,000                       plain
 * qty      INT            1 to 100,000, 20% NULL                  plain
 * amount   BIGINT         up to 10^10, 30% NULL                   plain
 * day      DATE           a day per 10,000 rows                   dictionary
 * price    DECIMAL(18,4)  -500,000 to 500,000                     plain
 * rate     DECIMAL(9,2)   0 to 10,000                             plain
 * total    DECIMAL(38,6)  about ±10^12, in 16 bytes               plain
 * note     STRING         unique, 10% NULL                        plain
 * score    DOUBLE         50% NULL                                plain
 * legacy   TIMESTAMP(9)   ts as Spark writes it by default: INT96  plain
 * </pre>
 */
public final class TypedData implements TimeSortedDataSet {

    /** The typed table, for {@link DataSetGenerator}. */
    public static final TypedData SPEC = new TypedData();

    /** The Parquet schema of every file. */
    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message typed {\n"
                            + "  required int64 id;\n"
                            + "  optional int64 ts (TIMESTAMP(MICROS,false));\n"
                            + "  optional boolean flag;\n"
                            + "  optional int32 small (INTEGER(16,true));\n"
                            + "  optional int32 qty;\n"
                            + "  optional int64 amount;\n"
                            + "  optional int32 day (DATE);\n"
                            + "  optional int64 price (DECIMAL(18,4));\n"
                            + "  optional int32 rate (DECIMAL(9,2));\n"
                            + "  optional fixed_len_byte_array(16) total (DECIMAL(38,6));\n"
                            + "  optional binary note (STRING);\n"
                            + "  optional double score;\n"
                            + "  optional int96 legacy;\n"
                            + "}");

    /** 2: with the INT96 timestamp {@code legacy}. */
    private static final int FORMAT_VERSION = 2;

    private static final int EPOCH_DAY_2020 = 18_262;

    private TypedData() {}

    @Override
    public String name() {
        return "typed";
    }

    @Override
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public Set<String> columnsWithoutDictionary() {
        return Set.of(
                "ts", "flag", "small", "qty", "amount", "price", "rate", "total", "note", "score",
                "legacy");
    }

    @Override
    public String timeColumn() {
        return "ts";
    }

    @Override
    public long timeUnitsPerMilli() {
        return 1_000;
    }

    @Override
    public long timeMillis(long id) {
        return TimeSortedDataSet.steppedMillis(id, 5);
    }

    @Override
    public String partitionDirectory(Settings settings, int file) {
        return "";
    }

    @Override
    public RowFiller rows(Settings settings, int file) {
        return this::fill;
    }

    private void fill(long id, Group row) {
        long h = DataSetGenerator.mix(id);
        long h2 = DataSetGenerator.mix(~id);
        row.append("id", id).append("ts", timeMillis(id) * 1_000);
        if (h % 10 != 0) {
            row.append("flag", ((h >>> 4) & 1) == 0);
        }
        row.append("small", (int) ((h >>> 8) % 60_001) - 30_000);
        if ((h >>> 24) % 5 != 0) {
            row.append("qty", (int) (1 + (h >>> 28) % 100_000));
        }
        if ((h2 >>> 4) % 10 >= 3) {
            row.append("amount", (h2 >>> 8) % 10_000_000_000L);
        }
        row.append("day", EPOCH_DAY_2020 + (int) (id / 10_000))
                .append("price", (h2 >>> 12) % 10_000_000_000L - 5_000_000_000L)
                .append("rate", (int) ((h2 >>> 20) % 1_000_000))
                .append("total", sixteenBytes((h >>> 3) % 1_000_000_000_000_000L - (1L << 58)));
        if ((h2 >>> 40) % 10 != 0) {
            row.append("note", "note-" + Long.toHexString(h2 >>> 16));
        }
        if (((h2 >>> 50) & 1) == 0) {
            row.append("score", (h >>> 11) / (double) (1L << 52));
        }
        row.append("legacy", int96(timeMillis(id)));
    }

    /** An INT96 timestamp: nanoseconds of the day, then the Julian day, little-endian. */
    private static Binary int96(long epochMillis) {
        long day = Math.floorDiv(epochMillis, 86_400_000L);
        long nanosOfDay = Math.floorMod(epochMillis, 86_400_000L) * 1_000_000L;
        java.nio.ByteBuffer bytes =
                java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(nanosOfDay).putInt((int) (day + 2_440_588L));
        return Binary.fromConstantByteArray(bytes.array());
    }

    /** A big-endian two's complement integer in 16 bytes (a FIXED_LEN_BYTE_ARRAY decimal). */
    private static Binary sixteenBytes(long unscaled) {
        byte[] minimal = BigInteger.valueOf(unscaled).toByteArray();
        byte[] bytes = new byte[16];
        byte sign = (byte) (unscaled < 0 ? -1 : 0);
        java.util.Arrays.fill(bytes, 0, 16 - minimal.length, sign);
        System.arraycopy(minimal, 0, bytes, 16 - minimal.length, minimal.length);
        return Binary.fromConstantByteArray(bytes);
    }
}
