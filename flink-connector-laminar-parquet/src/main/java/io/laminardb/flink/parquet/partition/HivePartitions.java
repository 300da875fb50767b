package io.laminardb.flink.parquet.partition;

import io.laminardb.flink.parquet.fs.DiscoveredFile;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.table.utils.DateTimeUtils;

import javax.annotation.Nullable;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Hive-style partition values: unescaping as Hive and Spark escape path names, the default
 * partition (NULL), type inference over a column's values, and conversion of a value to Flink's
 * internal form.
 *
 * <p>Inference (Spark's and DuckDB's habits; the default partition does not take part): every value
 * an int → INT; a long → BIGINT; a number → DOUBLE; {@code yyyy-MM-dd} → DATE; {@code yyyy-MM-dd
 * HH:mm:ss[.f…]} (or with {@code T}) → TIMESTAMP(9); {@code true}/{@code false} (any case) →
 * BOOLEAN; otherwise STRING. Integers with leading zeros ({@code month=01}) are integers.
 */
@Internal
public final class HivePartitions {

    /** Hive's name of the partition that holds NULL values. */
    public static final String DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

    /**
     * The name Flink's own filesystem sink gives that partition ({@code partition.default-name}):
     * also NULL while the default name is Hive's.
     */
    public static final String FLINK_DEFAULT_PARTITION_NAME = "__DEFAULT_PARTITION__";

    private static final DateTimeFormatter TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .appendPattern("yyyy-MM-dd")
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .appendPattern("HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .optionalEnd()
                    .toFormatter(Locale.ROOT);

    private HivePartitions() {}

    /**
     * Undoes Hive's path-name escaping ({@code %XX} hex sequences, UTF-8); anything that is not a
     * valid escape stays as it is.
     */
    public static String unescape(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out.write((hi << 4) | lo);
                    i += 2;
                    continue;
                }
            }
            out.write(bytes[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The unescaped value, or null for the default partition (with Hive's default name, Flink's
     * {@value #FLINK_DEFAULT_PARTITION_NAME} too).
     */
    @Nullable
    public static String value(String raw, String defaultPartitionName) {
        String value = unescape(raw);
        if (value.equals(defaultPartitionName)
                || (defaultPartitionName.equals(DEFAULT_PARTITION_NAME)
                        && value.equals(FLINK_DEFAULT_PARTITION_NAME))) {
            return null;
        }
        return value;
    }

    /** The narrowest type that holds all the (unescaped, non-null) values. */
    public static LogicalType infer(Collection<String> values) {
        boolean allInt = true;
        boolean allLong = true;
        boolean allNumber = true;
        boolean allDate = true;
        boolean allTimestamp = true;
        boolean allBoolean = true;
        for (String v : values) {
            if (v == null) {
                continue;
            }
            allInt &= parsesAsInt(v);
            allLong &= parsesAsLong(v);
            allNumber &= parsesAsDouble(v);
            allDate &= parsesAsDate(v);
            allTimestamp &= parsesAsTimestamp(v);
            allBoolean &= v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
        }
        if (values.stream().allMatch(v -> v == null)) {
            return VarCharType.STRING_TYPE;
        }
        if (allInt) {
            return new IntType();
        }
        if (allLong) {
            return new BigIntType();
        }
        if (allNumber) {
            return new DoubleType();
        }
        if (allDate) {
            return new DateType();
        }
        if (allTimestamp) {
            return new TimestampType(9);
        }
        if (allBoolean) {
            return new BooleanType();
        }
        return VarCharType.STRING_TYPE;
    }

    /**
     * The value in Flink's internal form for a column of the given type, or null for null.
     *
     * @throws IllegalArgumentException when the value cannot be read as the type
     */
    @Nullable
    public static Object toInternal(@Nullable String value, LogicalType type) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        try {
            switch (type.getTypeRoot()) {
                case CHAR:
                case VARCHAR:
                    return StringData.fromString(value);
                case BOOLEAN:
                    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                        return Boolean.parseBoolean(v);
                    }
                    throw new IllegalArgumentException("not a boolean");
                case TINYINT:
                    return Byte.parseByte(v);
                case SMALLINT:
                    return Short.parseShort(v);
                case INTEGER:
                    return Integer.parseInt(v);
                case BIGINT:
                    return Long.parseLong(v);
                case FLOAT:
                    return Float.parseFloat(v);
                case DOUBLE:
                    return Double.parseDouble(v);
                case DECIMAL:
                    DecimalType d = (DecimalType) type;
                    DecimalData decimal =
                            DecimalData.fromBigDecimal(
                                    new BigDecimal(v), d.getPrecision(), d.getScale());
                    if (decimal == null) {
                        throw new IllegalArgumentException("does not fit " + type);
                    }
                    return decimal;
                case DATE:
                    return parseDate(v);
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                    // Cut to the declared precision, as Flink's planner does when it picks
                    // partitions: the values emitted are the values it compared.
                    LocalDateTime timestamp = LocalDateTime.parse(v, TIMESTAMP);
                    int unit = (int) Math.pow(10, 9 - LogicalTypeChecks.getPrecision(type));
                    return TimestampData.fromLocalDateTime(
                            timestamp.withNano(timestamp.getNano() / unit * unit));
                default:
                    throw new IllegalArgumentException(
                            "partition columns of type "
                                    + type.asSummaryString()
                                    + " are not supported");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a " + type.asSummaryString() + " value");
        }
    }

    /** Whether partition columns can have this type. */
    /**
     * A date as days since the epoch: ISO {@code yyyy-MM-dd}, or else what Flink's planner accepts
     * when it picks partitions (e.g. {@code 2024-1-5}), so both read a directory the same way.
     */
    private static int parseDate(String v) {
        try {
            return (int) LocalDate.parse(v).toEpochDay();
        } catch (DateTimeParseException e) {
            Integer lenient = null;
            try {
                lenient = DateTimeUtils.parseDate(v);
            } catch (RuntimeException ignored) {
                // not a date either way
            }
            if (lenient == null) {
                throw e;
            }
            return lenient;
        }
    }

    /** Whether a partition column may be of this type (see {@link #checkSupported}). */
    public static boolean isSupported(LogicalType type) {
        LogicalTypeRoot root = type.getTypeRoot();
        switch (root) {
            case CHAR:
            case VARCHAR:
            case BOOLEAN:
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
            case DECIMAL:
            case DATE:
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return true;
            default:
                return false;
        }
    }

    /**
     * Fails, naming the column, its type and the supported types, unless a partition column may be
     * of this type: STRING (or CHAR, VARCHAR), BOOLEAN, TINYINT to BIGINT, FLOAT, DOUBLE, DECIMAL,
     * DATE, TIMESTAMP.
     *
     * @throws IllegalArgumentException when it may not
     */
    public static void checkSupported(String column, LogicalType type) {
        if (!isSupported(type)) {
            throw new IllegalArgumentException(
                    "Partition column '"
                            + column
                            + "' cannot be of type "
                            + type.asSummaryString()
                            + "; supported: STRING, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT,"
                            + " DOUBLE, DECIMAL, DATE, TIMESTAMP");
        }
    }

    private static boolean parsesAsInt(String v) {
        try {
            Integer.parseInt(v.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean parsesAsLong(String v) {
        try {
            Long.parseLong(v.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean parsesAsDouble(String v) {
        String t = v.trim();
        if (t.isEmpty() || !(Character.isDigit(t.charAt(t.length() - 1)) || t.endsWith("."))) {
            return false; // "NaN", "Infinity", "1d", "1f" are not numbers in a path
        }
        try {
            Double.parseDouble(t);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean parsesAsDate(String v) {
        try {
            LocalDate.parse(v.trim());
            return v.trim().length() == 10;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean parsesAsTimestamp(String v) {
        try {
            LocalDateTime.parse(v.trim(), TIMESTAMP);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * The partition keys all the files share, in directory order.
     *
     * @throws IllegalArgumentException naming two files whose partition directories differ (other
     *     keys, another order, or another depth)
     */
    public static List<String> commonKeys(List<DiscoveredFile> files) {
        if (files.isEmpty()) {
            return List.of();
        }
        DiscoveredFile first = files.get(0);
        List<String> keys = new ArrayList<>(first.partitionValues().keySet());
        for (DiscoveredFile file : files) {
            if (!keys.equals(new ArrayList<>(file.partitionValues().keySet()))) {
                throw new IllegalArgumentException(
                        "Files have different Hive partition directories: "
                                + first.path()
                                + " has "
                                + keys
                                + ", but "
                                + file.path()
                                + " has "
                                + file.partitionValues().keySet()
                                + ". All files below the path must sit at the same depth under"
                                + " the same key=value directories (or turn hive.partitioning"
                                + " off)");
            }
        }
        return keys;
    }
}
