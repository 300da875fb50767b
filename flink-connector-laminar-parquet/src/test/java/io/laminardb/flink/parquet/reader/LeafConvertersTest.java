package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link LeafConverters}: each physical/logical Parquet type to Flink's internal form. */
class LeafConvertersTest {

    // ---------------------------------------------------------------- INT96

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1970-01-01T00:00:00",
                "2024-02-29T12:34:56.123456789",
                "1970-01-01T00:00:00.000000001",
                "1969-12-31T23:59:59.999999999",
                "1969-12-31T23:59:59.000000001",
                "1900-01-01T00:00:00.000000001",
                "1677-09-21T00:12:43.145224191",
                "0001-01-01T00:00:00",
                "9999-12-31T23:59:59.999999999"
            })
    void int96ToTimestamp(String text) {
        LocalDateTime time = LocalDateTime.parse(text);
        TimestampData expected = TimestampData.fromLocalDateTime(time);

        assertThat(LeafConverters.int96ToTimestamp(int96(time))).isEqualTo(expected);
        assertThat(LeafConverters.int96ToTimestamp(int96(time)).toLocalDateTime()).isEqualTo(time);

        Recorder out = new Recorder();
        PrimitiveConverter converter =
                LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT96).named("ts"),
                        new TimestampType(9),
                        out);
        converter.addBinary(int96(time));
        assertThat(out.value).isEqualTo(expected);
    }

    @Test
    void int96InsideALargerBuffer() {
        LocalDateTime time = LocalDateTime.parse("1965-05-05T05:05:05.505050505");
        byte[] padded = new byte[20];
        System.arraycopy(int96(time).getBytes(), 0, padded, 5, 12);

        assertThat(
                        LeafConverters.int96ToTimestamp(Binary.fromConstantByteArray(padded, 5, 12))
                                .toLocalDateTime())
                .isEqualTo(time);
    }

    // ---------------------------------------------------------------- INT64 timestamps

    @ParameterizedTest
    @ValueSource(
            longs = {
                0L,
                1L,
                -1L,
                -999L,
                -1_000L,
                -1_001L,
                -1_500L,
                -86_400_000_001L,
                1_704_067_200_123_456L,
                -2_208_988_800_000_001L // 1899-12-31T23:59:59.999999
            })
    void timestampMicrosIncludingBefore1970(long micros) {
        Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        TimestampData expected =
                TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));

        assertThat(convertLong(timestamp(TimeUnit.MICROS, false), new TimestampType(6), micros))
                .isEqualTo(expected);
        assertThat(
                        convertLong(
                                timestamp(TimeUnit.MICROS, true),
                                new LocalZonedTimestampType(6),
                                micros))
                .isEqualTo(TimestampData.fromInstant(instant));
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                0L,
                1L,
                -1L,
                -999_999L,
                -1_000_000L,
                -1_000_001L,
                -1_500_000_123L,
                Long.MIN_VALUE,
                Long.MAX_VALUE
            })
    void timestampNanosIncludingBefore1970(long nanos) {
        Instant instant = Instant.EPOCH.plusNanos(nanos);
        TimestampData expected =
                TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));

        TimestampData actual =
                (TimestampData)
                        convertLong(timestamp(TimeUnit.NANOS, false), new TimestampType(9), nanos);

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getNanoOfMillisecond()).isBetween(0, 999_999);
    }

    @Test
    void timestampMillisBefore1970() {
        assertThat(convertLong(timestamp(TimeUnit.MILLIS, false), new TimestampType(3), -1L))
                .isEqualTo(
                        TimestampData.fromLocalDateTime(
                                LocalDateTime.parse("1969-12-31T23:59:59.999")));
    }

    @Test
    void timestampsWidenToAHigherPrecision() {
        assertThat(convertLong(timestamp(TimeUnit.MILLIS, false), new TimestampType(9), 1_234L))
                .isEqualTo(TimestampData.fromEpochMillis(1_234L));
        assertThat(
                        convertLong(
                                timestamp(TimeUnit.MICROS, true),
                                new LocalZonedTimestampType(9),
                                -1L))
                .isEqualTo(TimestampData.fromEpochMillis(-1L, 999_000));
    }

    @Test
    void timesAreMillisecondsOfTheDay() {
        Recorder out = new Recorder();
        PrimitiveConverter micros =
                LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT64)
                                .as(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS))
                                .named("t"),
                        new TimeType(3),
                        out);
        micros.addLong(1_999L);
        assertThat(out.value).isEqualTo(1);
        micros.addLong(86_399_999_999L);
        assertThat(out.value).isEqualTo(86_399_999);

        PrimitiveConverter nanos =
                LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT64)
                                .as(LogicalTypeAnnotation.timeType(true, TimeUnit.NANOS))
                                .named("t"),
                        new TimeType(3),
                        out);
        nanos.addLong(86_399_999_999_999L);
        assertThat(out.kind).isEqualTo("int");
        assertThat(out.value).isEqualTo(86_399_999);

        PrimitiveConverter millis =
                LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT32)
                                .as(LogicalTypeAnnotation.timeType(true, TimeUnit.MILLIS))
                                .named("t"),
                        new TimeType(3),
                        out);
        millis.addInt(12_345);
        assertThat(out.value).isEqualTo(12_345);
    }

    // ---------------------------------------------------------------- FLOAT16

    @Test
    void halfFloatEdgeCases() {
        assertThat(Float.floatToRawIntBits(LeafConverters.halfToFloat((short) 0x0000)))
                .as("+0")
                .isEqualTo(0);
        assertThat(Float.floatToRawIntBits(LeafConverters.halfToFloat((short) 0x8000)))
                .as("-0")
                .isEqualTo(0x8000_0000);
        assertThat(LeafConverters.halfToFloat((short) 0x0001))
                .as("smallest subnormal")
                .isEqualTo(0x1p-24f);
        assertThat(LeafConverters.halfToFloat((short) 0x8001)).isEqualTo(-0x1p-24f);
        assertThat(LeafConverters.halfToFloat((short) 0x03FF))
                .as("largest subnormal")
                .isEqualTo(1023 * 0x1p-24f);
        assertThat(LeafConverters.halfToFloat((short) 0x0400))
                .as("smallest normal")
                .isEqualTo(0x1p-14f);
        assertThat(LeafConverters.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(LeafConverters.halfToFloat((short) 0x3C01)).isEqualTo(1.0f + 0x1p-10f);
        assertThat(LeafConverters.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(LeafConverters.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(LeafConverters.halfToFloat((short) 0x7BFF)).as("max").isEqualTo(65504.0f);
        assertThat(LeafConverters.halfToFloat((short) 0xFBFF)).as("min").isEqualTo(-65504.0f);
        assertThat(LeafConverters.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(LeafConverters.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(LeafConverters.halfToFloat((short) 0x7E00)).isNaN();
        assertThat(LeafConverters.halfToFloat((short) 0x7C01)).isNaN();
        assertThat(LeafConverters.halfToFloat((short) 0xFFFF)).isNaN();
    }

    @Test
    void everyHalfFloatMatchesTheDefinition() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float expected = halfByDefinition(bits);
            float actual = LeafConverters.halfToFloat((short) bits);
            if (Float.isNaN(expected)) {
                assertThat(actual).as("0x%04X", bits).isNaN();
            } else {
                assertThat(Float.floatToRawIntBits(actual))
                        .as("0x%04X", bits)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    @Test
    void float16ColumnsAreLittleEndian() {
        PrimitiveType type =
                Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                        .length(2)
                        .as(LogicalTypeAnnotation.float16Type())
                        .named("f");
        Recorder out = new Recorder();

        LeafConverters.create(type, new FloatType(), out)
                .addBinary(Binary.fromConstantByteArray(new byte[] {0x00, 0x3C}));
        assertThat(out.kind).isEqualTo("float");
        assertThat(out.value).isEqualTo(1.0f);

        // a slice of a larger buffer, widened to DOUBLE
        LeafConverters.create(type, new DoubleType(), out)
                .addBinary(
                        Binary.fromConstantByteArray(
                                new byte[] {0x7F, 0x7F, (byte) 0xFF, 0x7B, 0x7F}, 2, 2));
        assertThat(out.kind).isEqualTo("double");
        assertThat(out.value).isEqualTo(65504.0d);
    }

    // ---------------------------------------------------------------- decimals

    @Test
    void decimalsFromBigEndianTwosComplementBytes() {
        DecimalType type = new DecimalType(38, 2);

        assertThat(decimalOf(new byte[] {}, 2, type).toBigDecimal())
                .as("zero-length is zero")
                .isEqualByComparingTo("0");
        assertThat(decimalOf(new byte[] {}, 2, type).scale()).isEqualTo(2);
        assertThat(decimalOf(new byte[] {0}, 2, type).toBigDecimal()).isEqualByComparingTo("0");
        assertThat(decimalOf(new byte[] {(byte) 0xFF}, 2, type).toBigDecimal())
                .isEqualTo(new BigDecimal("-0.01"));
        assertThat(decimalOf(new byte[] {(byte) 0x80}, 2, type).toBigDecimal())
                .isEqualTo(new BigDecimal("-1.28"));
        assertThat(decimalOf(new byte[] {0x00, (byte) 0x80}, 2, type).toBigDecimal())
                .isEqualTo(new BigDecimal("1.28"));
        byte[] minusOne = new byte[16];
        Arrays.fill(minusOne, (byte) 0xFF);
        assertThat(decimalOf(minusOne, 2, type).toBigDecimal()).isEqualTo(new BigDecimal("-0.01"));

        BigInteger max = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
        assertThat(decimalOf(max.toByteArray(), 0, new DecimalType(38, 0)).toBigDecimal())
                .isEqualTo(new BigDecimal(max));
        assertThat(
                        decimalOf(max.negate().toByteArray(), 10, new DecimalType(38, 10))
                                .toBigDecimal())
                .isEqualTo(new BigDecimal(max.negate(), 10));
    }

    /**
     * Decimals of up to 16 bytes whose unscaled value fits a long (sign-extended or not) or does
     * not read from a Binary as from the bytes through a BigInteger: value, scale, and NULL beyond
     * the precision.
     */
    @ParameterizedTest(name = "DECIMAL({0}, {1})")
    @CsvSource({"38, 6", "18, 4", "9, 2", "20, 0"})
    void decimalsFromBinariesAsFromBytes(int precision, int scale) {
        DecimalType type = new DecimalType(precision, scale);
        java.util.Random random = new java.util.Random(precision * 100L + scale);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(17);
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            // mostly values that fit a long: leading bytes that only extend the sign
            int significant = random.nextInt(10);
            for (int k = 0; k < length - significant; k++) {
                bytes[k] = (byte) (random.nextBoolean() ? 0 : -1);
            }
            if (length > significant && length > 0) {
                byte sign = bytes[0];
                for (int k = 0; k < length - significant; k++) {
                    bytes[k] = sign;
                }
            }
            DecimalData expected =
                    length == 0
                            ? DecimalData.fromBigDecimal(BigDecimal.ZERO, precision, scale)
                            : DecimalData.fromBigDecimal(
                                    new BigDecimal(new BigInteger(bytes), scale), precision, scale);
            assertThat(LeafConverters.decimal(inTheMiddleOfABuffer(bytes), scale, type))
                    .as("%s", Arrays.toString(bytes))
                    .isEqualTo(expected);
        }
    }

    @Test
    void decimalColumnsOfEveryPhysicalType() {
        Recorder out = new Recorder();

        LeafConverters.create(decimal(PrimitiveTypeName.INT32, 0, 9, 2), new DecimalType(9, 2), out)
                .addInt(-12_345);
        assertThat(out.value)
                .isEqualTo(DecimalData.fromBigDecimal(new BigDecimal("-123.45"), 9, 2));

        LeafConverters.create(
                        decimal(PrimitiveTypeName.INT64, 0, 18, 4), new DecimalType(18, 4), out)
                .addLong(-999_999_999_999_999_999L);
        assertThat(((DecimalData) out.value).toBigDecimal())
                .isEqualTo(new BigDecimal("-99999999999999.9999"));

        LeafConverters.create(
                        decimal(PrimitiveTypeName.BINARY, 0, 10, 2), new DecimalType(10, 2), out)
                .addBinary(Binary.fromConstantByteArray(BigInteger.valueOf(-12_345).toByteArray()));
        assertThat(((DecimalData) out.value).toBigDecimal()).isEqualTo(new BigDecimal("-123.45"));

        LeafConverters.create(
                        decimal(PrimitiveTypeName.BINARY, 0, 10, 2), new DecimalType(10, 2), out)
                .addBinary(Binary.fromConstantByteArray(new byte[0]));
        assertThat(((DecimalData) out.value).toBigDecimal()).isEqualByComparingTo("0");

        byte[] sixteen = new byte[16];
        Arrays.fill(sixteen, (byte) 0xFF);
        sixteen[15] = (byte) 0x85; // -123
        LeafConverters.create(
                        decimal(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, 16, 38, 9),
                        new DecimalType(38, 9),
                        out)
                .addBinary(Binary.fromConstantByteArray(sixteen));
        assertThat(((DecimalData) out.value).toBigDecimal())
                .isEqualTo(new BigDecimal("-0.000000123"));
    }

    @Test
    void decimalsWidenToMorePrecisionWithTheSameScale() {
        Recorder out = new Recorder();

        // compact to compact
        LeafConverters.create(
                        decimal(PrimitiveTypeName.INT32, 0, 9, 2), new DecimalType(18, 2), out)
                .addInt(-12_345);
        assertThat(((DecimalData) out.value).precision()).isEqualTo(18);
        assertThat(((DecimalData) out.value).toBigDecimal()).isEqualTo(new BigDecimal("-123.45"));

        // compact to non-compact
        LeafConverters.create(
                        decimal(PrimitiveTypeName.INT64, 0, 18, 2), new DecimalType(30, 2), out)
                .addLong(Long.MIN_VALUE / 10);
        assertThat(((DecimalData) out.value).precision()).isEqualTo(30);
        assertThat(((DecimalData) out.value).toBigDecimal())
                .isEqualTo(BigDecimal.valueOf(Long.MIN_VALUE / 10, 2));

        LeafConverters.create(
                        decimal(PrimitiveTypeName.BINARY, 0, 10, 3), new DecimalType(38, 3), out)
                .addBinary(Binary.fromConstantByteArray(new byte[] {(byte) 0xFF}));
        assertThat(((DecimalData) out.value).toBigDecimal()).isEqualTo(new BigDecimal("-0.001"));
    }

    // ---------------------------------------------------------------- unsigned integers

    @Test
    void unsigned64IsADecimal() {
        PrimitiveType type =
                Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.intType(64, false))
                        .named("u64");

        assertThat(unsigned64(type, new DecimalType(20, 0), 0L)).isEqualTo(new BigDecimal("0"));
        assertThat(unsigned64(type, new DecimalType(20, 0), -1L))
                .isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(unsigned64(type, new DecimalType(20, 0), Long.MIN_VALUE))
                .isEqualTo(new BigDecimal("9223372036854775808"));
        assertThat(unsigned64(type, new DecimalType(20, 0), Long.MAX_VALUE))
                .isEqualTo(new BigDecimal("9223372036854775807"));
        assertThat(unsigned64(type, new DecimalType(25, 0), -2L))
                .isEqualTo(new BigDecimal("18446744073709551614"));
    }

    @Test
    void unsignedSmallerIntegersWidenWithoutWrapping() {
        Recorder out = new Recorder();

        LeafConverters.create(unsigned(8), new SmallIntType(), out).addInt(255);
        assertThat(out.kind).isEqualTo("short");
        assertThat(out.value).isEqualTo((short) 255);

        LeafConverters.create(unsigned(16), new IntType(), out).addInt(65_535);
        assertThat(out.value).isEqualTo(65_535);

        // the writer stores UINT32 4294967295 as the int -1
        LeafConverters.create(unsigned(32), new BigIntType(), out).addInt(-1);
        assertThat(out.kind).isEqualTo("long");
        assertThat(out.value).isEqualTo(4_294_967_295L);

        LeafConverters.create(unsigned(8), new BigIntType(), out).addInt(200);
        assertThat(out.value).isEqualTo(200L);
    }

    // ---------------------------------------------------------------- other types

    @Test
    void otherPrimitives() {
        Recorder out = new Recorder();

        LeafConverters.create(
                        Types.required(PrimitiveTypeName.BOOLEAN).named("b"),
                        new org.apache.flink.table.types.logical.BooleanType(false),
                        out)
                .addBoolean(true);
        assertThat(out.kind).isEqualTo("boolean");
        assertThat(out.value).isEqualTo(true);

        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT32)
                                .as(LogicalTypeAnnotation.dateType())
                                .named("d"),
                        new DateType(),
                        out)
                .addInt(-719_162);
        assertThat(out.kind).isEqualTo("int");
        assertThat(out.value).isEqualTo(-719_162);

        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT32)
                                .as(LogicalTypeAnnotation.intType(8, true))
                                .named("t"),
                        new TinyIntType(),
                        out)
                .addInt(-128);
        assertThat(out.kind).isEqualTo("byte");
        assertThat(out.value).isEqualTo((byte) -128);

        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.BINARY)
                                .as(LogicalTypeAnnotation.stringType())
                                .named("s"),
                        VarCharType.STRING_TYPE,
                        out)
                .addBinary(Binary.fromString("grüße 😀"));
        assertThat(out.kind).isEqualTo("string");
        assertThat(out.value).isEqualTo("grüße 😀");

        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.BINARY).named("raw"),
                        new VarBinaryType(VarBinaryType.MAX_LENGTH),
                        out)
                .addBinary(Binary.fromConstantByteArray(new byte[] {1, 2, 3}));
        assertThat(out.kind).isEqualTo("binary");
        assertThat((byte[]) out.value).containsExactly(1, 2, 3);

        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                                .length(3)
                                .named("fixed"),
                        new BinaryType(3),
                        out)
                .addBinary(Binary.fromConstantByteArray(new byte[] {4, 5, 6}));
        assertThat((byte[]) out.value).containsExactly(4, 5, 6);
    }

    /**
     * Strings of a dictionary kept as objects (elements, keys, values and fields of nested values)
     * are made once per entry and shared; the next column chunk's dictionary has its own.
     */
    @Test
    void dictionaryStringsKeptAsObjectsAreOneObjectPerEntry() {
        List<Object> kept = new ArrayList<>();
        ObjectTarget target =
                new ObjectTarget() {
                    @Override
                    public void set(Object value) {
                        kept.add(value);
                    }
                };
        PrimitiveConverter converter =
                LeafConverters.create(
                        Types.optional(PrimitiveTypeName.BINARY)
                                .as(LogicalTypeAnnotation.stringType())
                                .named("s"),
                        VarCharType.STRING_TYPE,
                        target);
        assertThat(converter.hasDictionarySupport()).isTrue();
        converter.setDictionary(dictionary("a", "grüße", ""));
        for (int id : new int[] {1, 0, 1, 2, 1}) {
            converter.addValueFromDictionary(id);
        }
        assertThat(kept)
                .extracting(Object::toString)
                .containsExactly("grüße", "a", "grüße", "", "grüße");
        assertThat(kept.get(0)).isInstanceOf(StringData.class).isSameAs(kept.get(2));
        assertThat(kept.get(4)).isSameAs(kept.get(0));

        converter.setDictionary(dictionary("x", "y"));
        converter.addValueFromDictionary(1);
        converter.addValueFromDictionary(0);
        assertThat(kept.subList(5, 7)).extracting(Object::toString).containsExactly("y", "x");
    }

    private static Dictionary dictionary(String... entries) {
        return new Dictionary(Encoding.PLAIN_DICTIONARY) {
            @Override
            public Binary decodeToBinary(int id) {
                return Binary.fromString(entries[id]);
            }

            @Override
            public int getMaxId() {
                return entries.length - 1;
            }
        };
    }

    @Test
    void uuidsAreCanonicalStrings() {
        PrimitiveType type =
                Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                        .length(16)
                        .as(LogicalTypeAnnotation.uuidType())
                        .named("id");
        byte[] bytes = new byte[18];
        for (int i = 0; i < 16; i++) {
            bytes[i + 2] = (byte) (0x00 + i * 0x11);
        }
        Recorder out = new Recorder();

        LeafConverters.create(type, VarCharType.STRING_TYPE, out)
                .addBinary(Binary.fromConstantByteArray(bytes, 2, 16));

        assertThat(out.kind).isEqualTo("string");
        assertThat(out.value).isEqualTo("00112233-4455-6677-8899-aabbccddeeff");
    }

    // ---------------------------------------------------------------- widening

    @Test
    void safeWidenings() {
        Recorder out = new Recorder();

        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT32).named("i"), new BigIntType(), out)
                .addInt(-7);
        assertThat(out.kind).isEqualTo("long");
        assertThat(out.value).isEqualTo(-7L);

        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT32)
                                .as(LogicalTypeAnnotation.intType(16, true))
                                .named("s"),
                        new IntType(),
                        out)
                .addInt(-32_768);
        assertThat(out.kind).isEqualTo("int");
        assertThat(out.value).isEqualTo(-32_768);

        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.FLOAT).named("f"), new DoubleType(), out)
                .addFloat(1.5f);
        assertThat(out.kind).isEqualTo("double");
        assertThat(out.value).isEqualTo(1.5d);

        // nullability does not matter
        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT64).named("l"),
                        new BigIntType(false),
                        out)
                .addLong(3L);
        assertThat(out.value).isEqualTo(3L);
    }

    static Stream<Arguments> impossibleReads() {
        return Stream.of(
                Arguments.of(
                        Types.optional(PrimitiveTypeName.INT64).named("price_cents"),
                        new IntType(),
                        "BIGINT",
                        "INT"),
                Arguments.of(
                        Types.optional(PrimitiveTypeName.DOUBLE).named("ratio"),
                        new FloatType(),
                        "DOUBLE",
                        "FLOAT"),
                Arguments.of(
                        Types.optional(PrimitiveTypeName.INT32).named("qty"),
                        new SmallIntType(),
                        "INT",
                        "SMALLINT"),
                Arguments.of(
                        Types.optional(PrimitiveTypeName.BINARY)
                                .as(LogicalTypeAnnotation.stringType())
                                .named("symbol"),
                        new IntType(),
                        "STRING",
                        "INT"),
                Arguments.of(
                        timestamp(TimeUnit.MILLIS, false),
                        new LocalZonedTimestampType(3),
                        "TIMESTAMP(3)",
                        "TIMESTAMP_LTZ(3)"),
                Arguments.of(
                        decimal(PrimitiveTypeName.INT32, 0, 9, 2),
                        new DecimalType(9, 3),
                        "DECIMAL(9, 2)",
                        "DECIMAL(9, 3)"),
                Arguments.of(
                        decimal(PrimitiveTypeName.BINARY, 0, 20, 2),
                        new DecimalType(10, 2),
                        "DECIMAL(20, 2)",
                        "DECIMAL(10, 2)"),
                Arguments.of(
                        Types.optional(PrimitiveTypeName.INT64)
                                .as(LogicalTypeAnnotation.intType(64, false))
                                .named("u64"),
                        new BigIntType(),
                        "DECIMAL(20, 0)",
                        "BIGINT"),
                Arguments.of(
                        Types.optional(PrimitiveTypeName.INT96).named("legacy_ts"),
                        new BigIntType(),
                        "TIMESTAMP(9)",
                        "BIGINT"));
    }

    @ParameterizedTest
    @MethodSource("impossibleReads")
    void aReadThatIsNotASafeWideningFailsNamingTheColumnAndBothTypes(
            PrimitiveType source, LogicalType target, String natural, String wanted) {
        assertThatThrownBy(() -> LeafConverters.create(source, target, new Recorder()))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("Column '" + source.getName() + "'")
                .hasMessageContaining("(read as " + natural + ")")
                .hasMessageContaining("cannot be read as " + wanted);
    }

    static Stream<Arguments> narrowingReads() {
        return Stream.of(
                Arguments.of(
                        Types.optional(PrimitiveTypeName.BINARY)
                                .as(LogicalTypeAnnotation.stringType())
                                .named("s"),
                        new VarCharType(5)),
                Arguments.of(
                        Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                                .length(16)
                                .named("fixed"),
                        new BinaryType(4)));
    }

    /**
     * The class Javadoc allows a longer VARCHAR or VARBINARY and says "anything else fails": a
     * shorter VARCHAR or another BINARY(n) would hold values that do not fit it. (Timestamps read
     * at a lower precision are allowed and truncated: {@link
     * #aTimestampReadAtALowerPrecisionIsTruncatedTowardTheFloor}.)
     */
    @ParameterizedTest
    @MethodSource("narrowingReads")
    void aNarrowingReadFails(PrimitiveType source, LogicalType target) {
        assertThatThrownBy(() -> LeafConverters.create(source, target, new Recorder()))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("cannot be read as " + target.asSummaryString());
    }

    /**
     * A timestamp read at a lower precision than its unit's keeps the floor at that precision, also
     * before 1970 (where truncating toward zero would move the value forward).
     */
    @ParameterizedTest(name = "{0} {1} as {2}")
    @CsvSource({
        "MICROS, -1, 3, 1969-12-31T23:59:59.999",
        "MICROS, -1, 0, 1969-12-31T23:59:59",
        "MICROS, 1704103200123456, 3, 2024-01-01T10:00:00.123",
        "MICROS, 1704103200123456, 0, 2024-01-01T10:00",
        "MICROS, -1500001, 1, 1969-12-31T23:59:58.4",
        "NANOS, -1, 6, 1969-12-31T23:59:59.999999",
        "NANOS, -1, 3, 1969-12-31T23:59:59.999",
        "NANOS, 1704103200123456789, 6, 2024-01-01T10:00:00.123456",
        "NANOS, 1704103200123456789, 4, 2024-01-01T10:00:00.1234",
        "MILLIS, -1, 0, 1969-12-31T23:59:59",
        "MILLIS, -1001, 2, 1969-12-31T23:59:58.99",
        "MICROS, 1704103200123456, 6, 2024-01-01T10:00:00.123456",
    })
    void aTimestampReadAtALowerPrecisionIsTruncatedTowardTheFloor(
            TimeUnit unit, long value, int precision, LocalDateTime expected) {
        Recorder out = new Recorder();
        LeafConverters.create(timestamp(unit, false), new TimestampType(precision), out)
                .addLong(value);
        assertThat(out.value).isEqualTo(TimestampData.fromLocalDateTime(expected));

        Recorder ltz = new Recorder();
        LeafConverters.create(timestamp(unit, true), new LocalZonedTimestampType(precision), ltz)
                .addLong(value);
        assertThat(ltz.value).isEqualTo(TimestampData.fromLocalDateTime(expected));
    }

    @ParameterizedTest(name = "{0} as TIMESTAMP({1})")
    @CsvSource({
        "1969-12-31T23:59:59.999999999, 0, 1969-12-31T23:59:59",
        "1969-12-31T23:59:59.999999999, 3, 1969-12-31T23:59:59.999",
        "1969-12-31T23:59:59.999999999, 6, 1969-12-31T23:59:59.999999",
        "2024-01-01T10:00:00.123456789, 3, 2024-01-01T10:00:00.123",
        "1900-06-30T12:34:56.000000789, 0, 1900-06-30T12:34:56",
    })
    void anInt96ReadAtALowerPrecisionIsTruncatedTowardTheFloor(
            LocalDateTime time, int precision, LocalDateTime expected) {
        Recorder out = new Recorder();
        LeafConverters.create(
                        Types.optional(PrimitiveTypeName.INT96).named("ts"),
                        new TimestampType(precision),
                        out)
                .addBinary(int96(time));
        assertThat(out.value).isEqualTo(TimestampData.fromLocalDateTime(expected));
    }

    @Test
    void aLowerPrecisionKeepsTheKindOfTimestamp() {
        // isAdjustedToUTC = true is TIMESTAMP_LTZ, false is TIMESTAMP, at any precision
        assertThatThrownBy(
                        () ->
                                LeafConverters.create(
                                        timestamp(TimeUnit.MICROS, true),
                                        new TimestampType(3),
                                        new Recorder()))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("cannot be read as TIMESTAMP(3)");
        assertThatThrownBy(
                        () ->
                                LeafConverters.create(
                                        timestamp(TimeUnit.NANOS, false),
                                        new LocalZonedTimestampType(3),
                                        new Recorder()))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("cannot be read as TIMESTAMP_LTZ(3)");
    }

    // ------------------------------------------------------------------------------------------

    /**
     * IEEE 754 binary16 by its definition (Java 17 has no {@code Float.float16ToFloat}): (-1)^s ×
     * 2^-14 × 0.m for subnormals, (-1)^s × 2^(e-15) × 1.m for normals.
     */
    private static float halfByDefinition(int bits) {
        int sign = (bits >> 15) & 1;
        int exponent = (bits >> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        double magnitude;
        if (exponent == 0x1F) {
            magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (exponent == 0) {
            magnitude = Math.scalb((double) mantissa, -24);
        } else {
            magnitude = Math.scalb((double) (1024 + mantissa), exponent - 25);
        }
        return (float) (sign == 1 ? -magnitude : magnitude);
    }

    /** INT96 as Impala/Hive/Spark write it: nanos of the day then the Julian day, little-endian. */
    private static Binary int96(LocalDateTime time) {
        ByteBuffer buffer = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(time.toLocalTime().toNanoOfDay());
        buffer.putInt((int) (time.toLocalDate().toEpochDay() + 2_440_588L));
        return Binary.fromConstantByteArray(buffer.array());
    }

    private static PrimitiveType timestamp(TimeUnit unit, boolean utc) {
        return Types.optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(utc, unit))
                .named("ts");
    }

    private static PrimitiveType decimal(
            PrimitiveTypeName physical, int length, int precision, int scale) {
        Types.PrimitiveBuilder<PrimitiveType> builder = Types.optional(physical);
        if (length > 0) {
            builder = builder.length(length);
        }
        return builder.as(LogicalTypeAnnotation.decimalType(scale, precision)).named("amount");
    }

    private static PrimitiveType unsigned(int bits) {
        return Types.optional(PrimitiveTypeName.INT32)
                .as(LogicalTypeAnnotation.intType(bits, false))
                .named("u" + bits);
    }

    private static Object convertLong(PrimitiveType type, LogicalType target, long value) {
        Recorder out = new Recorder();
        LeafConverters.create(type, target, out).addLong(value);
        assertThat(out.kind).isIn("timestamp", "object");
        return out.value;
    }

    private static BigDecimal unsigned64(PrimitiveType type, DecimalType target, long value) {
        DecimalData decimal = (DecimalData) convertLong(type, target, value);
        assertThat(decimal).isNotNull();
        assertThat(decimal.precision()).isEqualTo(target.getPrecision());
        return decimal.toBigDecimal();
    }

    private static DecimalData decimalOf(byte[] bytes, int scale, DecimalType type) {
        DecimalData value = LeafConverters.decimal(bytes, scale, type);
        assertThat(value).isNotNull();
        assertThat(LeafConverters.decimal(inTheMiddleOfABuffer(bytes), scale, type))
                .as("from a Binary")
                .isEqualTo(value);
        return value;
    }

    /** {@code bytes} as a Binary over part of a larger buffer, as a page's values are. */
    private static Binary inTheMiddleOfABuffer(byte[] bytes) {
        byte[] page = new byte[bytes.length + 7];
        Arrays.fill(page, (byte) 0x5A);
        System.arraycopy(bytes, 0, page, 3, bytes.length);
        return Binary.fromConstantByteBuffer(ByteBuffer.wrap(page, 3, bytes.length));
    }

    /**
     * A {@link ValueTarget} that keeps the last value and which kind of setter received it.
     * Timestamps are recorded as {@link TimestampData} whether they come through {@code setObject}
     * or {@code setTimestamp(millis, nanos)}; byte arrays and {@link Binary}s alike. The methods
     * without {@code @Override} are those a newer {@link ValueTarget} declares.
     */
    private static final class Recorder implements ValueTarget {
        String kind;
        Object value;

        private void record(String kind, Object value) {
            this.kind = kind;
            this.value = value;
        }

        @Override
        public void setBoolean(boolean value) {
            record("boolean", value);
        }

        @Override
        public void setByte(byte value) {
            record("byte", value);
        }

        @Override
        public void setShort(short value) {
            record("short", value);
        }

        @Override
        public void setInt(int value) {
            record("int", value);
        }

        @Override
        public void setLong(long value) {
            record("long", value);
        }

        @Override
        public void setFloat(float value) {
            record("float", value);
        }

        @Override
        public void setDouble(double value) {
            record("double", value);
        }

        @Override
        public void setString(Binary utf8) {
            record("string", utf8.toStringUsingUTF8());
        }

        @Override
        public void setBinary(Binary bytes) {
            record("binary", bytes.getBytes());
        }

        @Override
        public void setObject(Object value) {
            record(value instanceof TimestampData ? "timestamp" : "object", value);
        }

        public void setTimestamp(long epochMillis, int nanoOfMilli) {
            assertThat(nanoOfMilli).isBetween(0, 999_999);
            record("timestamp", TimestampData.fromEpochMillis(epochMillis, nanoOfMilli));
        }

        public void setString(byte[] utf8) {
            record("string", new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
        }

        public void setBinary(byte[] bytes) {
            record("binary", bytes.clone());
        }
    }
}
