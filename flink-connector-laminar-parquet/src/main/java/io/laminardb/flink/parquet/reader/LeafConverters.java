package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;
import io.laminardb.flink.parquet.schema.TypeWidening;
import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * Converters from one Parquet primitive column to one Flink type. Every conversion between
 * Parquet's physical and logical types and Flink's internal representation lives here, for top
 * level columns (written into vectors) and nested ones (written into values under assembly).
 *
 * <p>Which Flink types a column may be read as is {@link TypeWidening}'s rule: the type it maps to
 * ({@link ParquetSchemaConverter}), a safe widening of it (values are rescaled or widened exactly),
 * or a timestamp of lower precision, whose values are truncated here toward negative infinity at
 * that precision (TIMESTAMP(3) drops the sub-millisecond digits, TIMESTAMP(0) keeps whole seconds,
 * also before 1970), as Flink's CAST to a lower precision does. Anything else fails with an {@link
 * UnsupportedSchemaException} naming the column and both types.
 */
@Internal
public final class LeafConverters {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long JULIAN_EPOCH_OFFSET_DAYS = 2_440_588L;

    private LeafConverters() {}

    /**
     * A converter for a column of Parquet type {@code source} producing values of Flink type {@code
     * target} into {@code out}.
     */
    public static PrimitiveConverter create(
            PrimitiveType source, LogicalType target, ValueTarget out) {
        TypeWidening.checkReadable(source, target);
        LogicalType natural = ParquetSchemaConverter.toFlinkType(source).copy(true);
        LogicalType wanted = target.copy(true);
        LogicalTypeAnnotation annotation = source.getLogicalTypeAnnotation();
        switch (source.getPrimitiveTypeName()) {
            case BOOLEAN:
                return new PrimitiveConverter() {
                    @Override
                    public void addBoolean(boolean value) {
                        out.setBoolean(value);
                    }
                };
            case FLOAT:
                if (wanted.getTypeRoot() == LogicalTypeRoot.DOUBLE) {
                    return new PrimitiveConverter() {
                        @Override
                        public void addFloat(float value) {
                            out.setDouble(value);
                        }
                    };
                }
                return new ValuesUnchanged(out);
            case DOUBLE:
                return new ValuesUnchanged(out);
            case INT32:
                return int32(annotation, wanted, out);
            case INT64:
                return int64(annotation, wanted, out, Truncation.of(natural, wanted));
            case INT96:
                {
                    Truncation truncation = Truncation.of(natural, wanted);
                    if (truncation != null) {
                        return new PrimitiveConverter() {
                            @Override
                            public void addBinary(Binary value) {
                                TimestampData ts = int96ToTimestamp(value);
                                truncation.set(out, ts.getMillisecond(), ts.getNanoOfMillisecond());
                            }
                        };
                    }
                    return new PrimitiveConverter() {
                        @Override
                        public void addBinary(Binary value) {
                            TimestampData ts = int96ToTimestamp(value);
                            out.setTimestamp(ts.getMillisecond(), ts.getNanoOfMillisecond());
                        }
                    };
                }
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                return binary(annotation, wanted, out);
            default:
                throw new UnsupportedSchemaException(
                        "Unsupported Parquet type of column '" + source.getName() + "'");
        }
    }

    private static PrimitiveConverter int32(
            LogicalTypeAnnotation annotation, LogicalType wanted, ValueTarget out) {
        if (wanted.getTypeRoot() == LogicalTypeRoot.DECIMAL) {
            // A DECIMAL on INT32, or an integer read as a DECIMAL (scale 0).
            Rescaler decimal = new Rescaler(decimalScale(annotation), (DecimalType) wanted);
            if (isUnsigned(annotation)) {
                return new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        out.setObject(decimal.of(Integer.toUnsignedLong(value)));
                    }
                };
            }
            return new Decimals(decimal, out);
        }
        boolean unsigned = isUnsigned(annotation);
        switch (wanted.getTypeRoot()) {
            case TINYINT:
                return new NarrowInts(out, true);
            case SMALLINT:
                return new NarrowInts(out, false);
            case BIGINT:
                if (unsigned) {
                    return new PrimitiveConverter() {
                        @Override
                        public void addInt(int value) {
                            out.setLong(Integer.toUnsignedLong(value));
                        }
                    };
                }
                return new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        out.setLong(value);
                    }
                };
            default: // INTEGER, DATE, TIME(ms)
                return new ValuesUnchanged(out);
        }
    }

    private static PrimitiveConverter int64(
            LogicalTypeAnnotation annotation,
            LogicalType wanted,
            ValueTarget out,
            @Nullable Truncation truncation) {
        if (isUnsigned(annotation)) {
            DecimalType decimal = (DecimalType) wanted;
            return new PrimitiveConverter() {
                @Override
                public void addLong(long value) {
                    BigDecimal unsigned =
                            new BigDecimal(new BigInteger(Long.toUnsignedString(value)));
                    out.setObject(
                            DecimalData.fromBigDecimal(
                                    unsigned, decimal.getPrecision(), decimal.getScale()));
                }
            };
        }
        if (wanted.getTypeRoot() == LogicalTypeRoot.DECIMAL) {
            // A DECIMAL on INT64, or a BIGINT read as a DECIMAL (scale 0).
            return new Decimals(new Rescaler(decimalScale(annotation), (DecimalType) wanted), out);
        }
        if (annotation instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
            long perMilli =
                    unitsPerMilli(
                            ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) annotation)
                                    .getUnit());
            return new PrimitiveConverter() {
                @Override
                public void addLong(long value) {
                    out.setInt((int) Math.floorDiv(value, perMilli));
                }
            };
        }
        if (annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            TimeUnit unit =
                    ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) annotation).getUnit();
            return new EpochTimestamps(out, (int) unitsPerMilli(unit), truncation);
        }
        return new ValuesUnchanged(out);
    }

    private static PrimitiveConverter binary(
            LogicalTypeAnnotation annotation, LogicalType wanted, ValueTarget out) {
        if (annotation instanceof DecimalLogicalTypeAnnotation) {
            return new BinaryDecimals(
                    ((DecimalLogicalTypeAnnotation) annotation).getScale(),
                    (DecimalType) wanted,
                    out);
        }
        if (annotation instanceof LogicalTypeAnnotation.Float16LogicalTypeAnnotation) {
            boolean toDouble = wanted.getTypeRoot() == LogicalTypeRoot.DOUBLE;
            return new PrimitiveConverter() {
                @Override
                public void addBinary(Binary value) {
                    ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    float f = halfToFloat(b.getShort(b.position()));
                    if (toDouble) {
                        out.setDouble(f);
                    } else {
                        out.setFloat(f);
                    }
                }
            };
        }
        if (annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
            return new PrimitiveConverter() {
                @Override
                public void addBinary(Binary value) {
                    ByteBuffer b = value.toByteBuffer();
                    UUID uuid = new UUID(b.getLong(b.position()), b.getLong(b.position() + 8));
                    out.setString(Binary.fromString(uuid.toString()));
                }
            };
        }
        boolean string =
                wanted.getTypeRoot() == LogicalTypeRoot.VARCHAR
                        || wanted.getTypeRoot() == LogicalTypeRoot.CHAR;
        return new BytesConverter(out, string);
    }

    /**
     * The converter of BINARY or FIXED_LEN_BYTE_ARRAY decimals, so that a decoder may make them
     * from a page's bytes without a {@link Binary} per value ({@link BinaryDecimals#of}); null for
     * any other converter.
     */
    @Nullable
    static BinaryDecimals binaryDecimals(PrimitiveConverter converter) {
        return converter instanceof BinaryDecimals ? (BinaryDecimals) converter : null;
    }

    /** Big-endian two's complement unscaled integers of any length as DECIMALs. */
    static final class BinaryDecimals extends PrimitiveConverter {
        private final int scale;
        private final DecimalType type;
        private final ValueTarget out;

        BinaryDecimals(int scale, DecimalType type, ValueTarget out) {
            this.scale = scale;
            this.type = type;
            this.out = out;
        }

        @Override
        public void addBinary(Binary value) {
            out.setObject(decimal(value, scale, type));
        }

        /** The decimal of the {@code n} bytes at {@code bytes[at]}; NULL beyond the precision. */
        @Nullable
        DecimalData of(byte[] bytes, int at, int n) {
            return decimal(bytes, at, n, scale, type);
        }
    }

    /**
     * Whether the converter passes BINARY values on unchanged as strings or binaries (so a decoder
     * may hand their bytes to a {@link ColumnSink} itself).
     */
    static boolean isBytes(PrimitiveConverter converter) {
        return converter instanceof BytesConverter;
    }

    /**
     * The converter of INT64 timestamps ({@link EpochTimestamps}), so that a decoder may hand many
     * of them to a {@link ColumnSink} at once ({@link EpochTimestamps#write}); null for any other
     * converter.
     */
    @Nullable
    static EpochTimestamps epochTimestamps(PrimitiveConverter converter) {
        return converter instanceof EpochTimestamps ? (EpochTimestamps) converter : null;
    }

    /** The milliseconds since the epoch of a timestamp of {@code unitsPerMilli} units since it. */
    public static long epochMillis(long epochUnits, int unitsPerMilli) {
        return Math.floorDiv(epochUnits, unitsPerMilli);
    }

    /** The nanoseconds of the millisecond of a timestamp of {@code unitsPerMilli} units. */
    public static int nanoOfMilli(long epochUnits, int unitsPerMilli) {
        return Math.floorMod(epochUnits, unitsPerMilli) * (1_000_000 / unitsPerMilli);
    }

    /**
     * INT64 timestamps of milli-, micro- or nanoseconds since the epoch at the wanted precision:
     * every digit kept, or truncated toward the past to a lower precision ({@link Truncation}).
     */
    static final class EpochTimestamps extends PrimitiveConverter {
        private final ValueTarget out;
        private final int unitsPerMilli;
        @Nullable private final Truncation truncation;

        /**
         * The truncation as a step of the column's unit (the values that are multiples of it keep
         * every digit: 1,000 for microseconds read as TIMESTAMP(3)); 1 without truncation.
         */
        private final long step;

        EpochTimestamps(ValueTarget out, int unitsPerMilli, @Nullable Truncation truncation) {
            this.out = out;
            this.unitsPerMilli = unitsPerMilli;
            this.truncation = truncation;
            this.step = truncation == null ? 1 : truncation.stepOf(unitsPerMilli);
        }

        @Override
        public void addLong(long value) {
            set(out, value);
        }

        private void set(ValueTarget target, long value) {
            long millis = epochMillis(value, unitsPerMilli);
            int nanos = nanoOfMilli(value, unitsPerMilli);
            if (truncation == null) {
                target.setTimestamp(millis, nanos);
            } else {
                truncation.set(target, millis, nanos);
            }
        }

        /**
         * Rows {@code row..row+n-1} of {@code sink} are the timestamps of {@code values[0..n-1]},
         * as {@link #addLong} gives them: truncated in place (down to a multiple of {@link #step})
         * and handed over in one call ({@link ColumnSink#setTimestamps}), or one by one when a
         * value lies within a step of the smallest long (its truncation is no long of the unit).
         */
        void write(ColumnSink sink, int row, long[] values, int n) {
            if (step > 1) {
                for (int i = 0; i < n; i++) {
                    if (values[i] < Long.MIN_VALUE + step) {
                        for (int k = 0; k < n; k++) {
                            sink.position(row + k);
                            set(sink, values[k]);
                        }
                        return;
                    }
                }
                for (int i = 0; i < n; i++) {
                    values[i] -= Math.floorMod(values[i], step);
                }
            }
            sink.setTimestamps(row, values, n, unitsPerMilli);
        }
    }

    /**
     * The converter of INT32 values read as TINYINT or SMALLINT ({@link NarrowInts}), so that a
     * decoder may hand many of them to a {@link ColumnSink} at once ({@link NarrowInts#write});
     * null for any other converter.
     */
    @Nullable
    static NarrowInts narrowInts(PrimitiveConverter converter) {
        return converter instanceof NarrowInts ? (NarrowInts) converter : null;
    }

    /**
     * INT32 values (INT(8) and INT(16), signed or not, or plain INT32) read as TINYINT or SMALLINT:
     * each value's low 8 or 16 bits, as Java's cast keeps them.
     */
    static final class NarrowInts extends PrimitiveConverter {
        private final ValueTarget out;
        private final boolean toTinyInt;

        NarrowInts(ValueTarget out, boolean toTinyInt) {
            this.out = out;
            this.toTinyInt = toTinyInt;
        }

        @Override
        public void addInt(int value) {
            if (toTinyInt) {
                out.setByte((byte) value);
            } else {
                out.setShort((short) value);
            }
        }

        /**
         * Rows {@code row..row+n-1} of {@code sink} are {@code values[0..n-1]} narrowed as {@link
         * #addInt} narrows them, handed over in one call.
         */
        void write(ColumnSink sink, int row, int[] values, int n) {
            if (toTinyInt) {
                sink.setTinyInts(row, values, n);
            } else {
                sink.setSmallInts(row, values, n);
            }
        }
    }

    /**
     * The rescaler of the converter's INT32 or INT64 unscaled decimals ({@link Decimals}), so that
     * a decoder may hand many of them to a {@link ColumnSink} at once ({@link Rescaler#write});
     * null for any other converter.
     */
    @Nullable
    static Rescaler decimalRescaler(PrimitiveConverter converter) {
        return converter instanceof Decimals ? ((Decimals) converter).decimal : null;
    }

    /** Signed INT32 or INT64 unscaled integers as DECIMALs (an integer read as one: scale 0). */
    private static final class Decimals extends PrimitiveConverter {
        private final Rescaler decimal;
        private final ValueTarget out;

        Decimals(Rescaler decimal, ValueTarget out) {
            this.decimal = decimal;
            this.out = out;
        }

        @Override
        public void addInt(int value) {
            out.setObject(decimal.of(value));
        }

        @Override
        public void addLong(long value) {
            out.setObject(decimal.of(value));
        }
    }

    /**
     * Whether the converter passes INT32, INT64, FLOAT or DOUBLE values on unchanged (to {@link
     * ValueTarget#setInt}, {@link ValueTarget#setLong}, {@link ValueTarget#setFloat} or {@link
     * ValueTarget#setDouble}), so a decoder may hand many of them to a {@link ColumnSink} at once.
     */
    static boolean passesValuesUnchanged(PrimitiveConverter converter) {
        return converter instanceof ValuesUnchanged;
    }

    /**
     * A converter of numbers that Flink's type holds as Parquet's physical type does: INT32 as
     * INTEGER, DATE or TIME(0..3), INT64 as BIGINT, FLOAT as FLOAT, DOUBLE as DOUBLE. A column's
     * values come through the one method of its physical type.
     */
    private static final class ValuesUnchanged extends PrimitiveConverter {
        private final ValueTarget out;

        ValuesUnchanged(ValueTarget out) {
            this.out = out;
        }

        @Override
        public void addInt(int value) {
            out.setInt(value);
        }

        @Override
        public void addLong(long value) {
            out.setLong(value);
        }

        @Override
        public void addFloat(float value) {
            out.setFloat(value);
        }

        @Override
        public void addDouble(double value) {
            out.setDouble(value);
        }
    }

    /**
     * Strings and binaries. With a dictionary, each entry is decoded to bytes once per column chunk
     * and every value refers to them: no copy and no allocation per value.
     */
    private static final class BytesConverter extends PrimitiveConverter {
        private final ValueTarget out;
        private final boolean string;
        private byte[][] dictionary;

        /**
         * For strings kept as objects (an {@link ObjectTarget}: elements, keys, values and fields
         * of nested values), each dictionary entry's string, made when first used and then shared
         * by every value that refers to the entry; else null.
         */
        @Nullable private StringData[] strings;

        BytesConverter(ValueTarget out, boolean string) {
            this.out = out;
            this.string = string;
            this.strings = string && out instanceof ObjectTarget ? new StringData[0] : null;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dictionary) {
            this.dictionary = new byte[dictionary.getMaxId() + 1][];
            for (int id = 0; id <= dictionary.getMaxId(); id++) {
                this.dictionary[id] = dictionary.decodeToBinary(id).getBytes();
            }
            if (strings != null) {
                strings = new StringData[this.dictionary.length];
            }
        }

        @Override
        public void addValueFromDictionary(int dictionaryId) {
            if (strings != null) {
                StringData entry = strings[dictionaryId];
                if (entry == null) {
                    entry = StringData.fromBytes(dictionary[dictionaryId]);
                    strings[dictionaryId] = entry;
                }
                out.setObject(entry);
            } else if (string) {
                out.setString(dictionary[dictionaryId]);
            } else {
                out.setBinary(dictionary[dictionaryId]);
            }
        }

        @Override
        public void addBinary(Binary value) {
            if (string) {
                out.setString(value);
            } else {
                out.setBinary(value);
            }
        }
    }

    /**
     * Truncation of timestamps toward negative infinity at a precision below the column's own: to a
     * multiple of {@code 10^(3 - p)} milliseconds (p &lt; 3) or of {@code 10^(9 - p)} nanoseconds
     * of the millisecond.
     */
    private static final class Truncation {
        private final long millisStep;
        private final int nanosStep;

        private Truncation(int precision) {
            this.millisStep = precision >= 3 ? 1 : pow10(3 - precision);
            this.nanosStep = precision >= 3 ? (int) pow10(9 - precision) : 1_000_000;
        }

        /** The truncation from the natural type to the wanted one, or null if none is needed. */
        @Nullable
        static Truncation of(LogicalType natural, LogicalType wanted) {
            return TypeWidening.isTimestampNarrowing(natural, wanted)
                    ? new Truncation(LogicalTypeChecks.getPrecision(wanted))
                    : null;
        }

        /**
         * This truncation as a step of a unit of {@code unitsPerMilli} per millisecond, for a unit
         * finer than the precision it truncates to: flooring a timestamp of that unit to a multiple
         * of the step is {@link #set}.
         */
        long stepOf(int unitsPerMilli) {
            return millisStep > 1
                    ? millisStep * unitsPerMilli
                    : nanosStep / (1_000_000 / unitsPerMilli);
        }

        /** Sets the truncated value of a timestamp ({@code nanoOfMilli} in 0..999999). */
        void set(ValueTarget out, long epochMillis, int nanoOfMilli) {
            out.setTimestamp(
                    epochMillis - Math.floorMod(epochMillis, millisStep),
                    nanoOfMilli - nanoOfMilli % nanosStep);
        }

        private static long pow10(int n) {
            long p = 1;
            for (int i = 0; i < n; i++) {
                p *= 10;
            }
            return p;
        }
    }

    private static long unitsPerMilli(TimeUnit unit) {
        switch (unit) {
            case MILLIS:
                return 1L;
            case MICROS:
                return 1_000L;
            default:
                return 1_000_000L;
        }
    }

    private static boolean isUnsigned(LogicalTypeAnnotation annotation) {
        return annotation instanceof IntLogicalTypeAnnotation
                && !((IntLogicalTypeAnnotation) annotation).isSigned();
    }

    /** The scale of a DECIMAL annotation; 0 for an integer. */
    private static int decimalScale(LogicalTypeAnnotation annotation) {
        return annotation instanceof DecimalLogicalTypeAnnotation
                ? ((DecimalLogicalTypeAnnotation) annotation).getScale()
                : 0;
    }

    /**
     * Unscaled integers of one scale as DECIMALs of a type with the same or a larger scale: exact,
     * by a multiplication while the result fits a compact decimal.
     */
    static final class Rescaler {
        private final int fromScale;
        private final int precision;
        private final int scale;
        private final boolean compact;
        private final long factor;
        private final long limit;

        Rescaler(int fromScale, DecimalType type) {
            this.fromScale = fromScale;
            this.precision = type.getPrecision();
            this.scale = type.getScale();
            this.compact = DecimalData.isCompact(precision);
            // A compact scale is at most 18, so 10^(scale - fromScale) fits a long.
            this.factor = compact ? BigInteger.TEN.pow(scale - fromScale).longValueExact() : 0;
            this.limit = compact ? Long.MAX_VALUE / factor : 0;
        }

        DecimalData of(long unscaled) {
            if (compact && unscaled <= limit && unscaled >= -limit) {
                return DecimalData.fromUnscaledLong(unscaled * factor, precision, scale);
            }
            // NULL when the value exceeds the precision.
            return DecimalData.fromBigDecimal(
                    BigDecimal.valueOf(unscaled, fromScale), precision, scale);
        }

        /**
         * Rows {@code row..row+n-1} of {@code sink} are the decimals of {@code unscaled[0..n-1]},
         * as {@link #of} gives them: rescaled in place and handed over in one call ({@link
         * ColumnSink#setDecimals}) when every one fits a compact decimal, else one by one.
         */
        void write(ColumnSink sink, int row, long[] unscaled, int n) {
            boolean fits = compact;
            for (int i = 0; fits && i < n; i++) {
                fits = unscaled[i] <= limit && unscaled[i] >= -limit;
            }
            if (!fits) {
                for (int i = 0; i < n; i++) {
                    sink.position(row + i);
                    sink.setObject(of(unscaled[i]));
                }
                return;
            }
            if (factor != 1) {
                for (int i = 0; i < n; i++) {
                    unscaled[i] *= factor;
                }
            }
            sink.setDecimals(row, unscaled, n, precision, scale);
        }
    }

    /**
     * A BINARY or FIXED_LEN_BYTE_ARRAY decimal, as {@link #decimal(byte[], int, DecimalType)} gives
     * it; an unscaled value that fits a long (most values, whatever the declared precision) is
     * folded from the bytes without copying them or making a {@link BigInteger}.
     */
    static DecimalData decimal(Binary value, int scale, DecimalType type) {
        ByteBuffer b = value.toByteBuffer();
        if (b.hasArray()) {
            return decimal(b.array(), b.arrayOffset() + b.position(), b.remaining(), scale, type);
        }
        byte[] bytes = new byte[b.remaining()];
        b.get(b.position(), bytes);
        return decimal(bytes, 0, bytes.length, scale, type);
    }

    /**
     * The decimal of the {@code n} bytes at {@code bytes[at]}, as {@link #decimal(Binary, int,
     * DecimalType)}.
     */
    static DecimalData decimal(byte[] bytes, int at, int n, int scale, DecimalType type) {
        int from = Math.max(0, n - 8);
        byte sign = n == 0 ? 0 : (byte) (bytes[at + from] >> 7);
        for (int i = 0; i < from; i++) {
            if (bytes[at + i] != sign) {
                return DecimalData.fromBigDecimal(
                        new BigDecimal(new BigInteger(bytes, at, n), scale),
                        type.getPrecision(),
                        type.getScale());
            }
        }
        long unscaled = sign;
        for (int i = from; i < n; i++) {
            unscaled = unscaled << 8 | (bytes[at + i] & 0xFF);
        }
        return DecimalData.fromBigDecimal(
                BigDecimal.valueOf(unscaled, scale), type.getPrecision(), type.getScale());
    }

    static DecimalData decimal(byte[] bigEndianUnscaled, int scale, DecimalType type) {
        BigDecimal value =
                bigEndianUnscaled.length == 0
                        ? BigDecimal.ZERO.setScale(scale)
                        : new BigDecimal(new BigInteger(bigEndianUnscaled), scale);
        return DecimalData.fromBigDecimal(value, type.getPrecision(), type.getScale());
    }

    /** INT96: nanoseconds of the day (8 bytes) then the Julian day (4 bytes), little-endian. */
    static TimestampData int96ToTimestamp(Binary value) {
        ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = b.getLong(b.position());
        long julianDay = Integer.toUnsignedLong(b.getInt(b.position() + 8));
        long epochDay = julianDay - JULIAN_EPOCH_OFFSET_DAYS;
        long millis =
                Math.addExact(
                        Math.multiplyExact(epochDay, MILLIS_PER_DAY),
                        Math.floorDiv(nanosOfDay, 1_000_000L));
        return TimestampData.fromEpochMillis(millis, (int) Math.floorMod(nanosOfDay, 1_000_000L));
    }

    /** IEEE 754 half precision to single precision. */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h >>> 15) & 0x1;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f;
        } else if (exponent == 0x1F) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exponent + 112) << 23) | (mantissa << 13));
        }
        return sign == 0 ? magnitude : -magnitude;
    }
}
