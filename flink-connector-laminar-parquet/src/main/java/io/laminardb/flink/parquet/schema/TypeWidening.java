package io.laminardb.flink.parquet.schema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import org.apache.parquet.schema.PrimitiveType;

/**
 * Which Flink type a Parquet primitive column may be read as: the type it maps to ({@link
 * ParquetSchemaConverter}), a safe widening of it, or a timestamp of lower precision. Pure
 * functions on types; the reader's converters, the declared-schema checks and the SQL filter
 * translation all ask here.
 *
 * <p>Safe widenings (every value is kept, the same and in the same order): a wider integer, FLOAT
 * to DOUBLE, a DECIMAL(p2, s2) that holds every DECIMAL(p, s) (s2 &ge; s and p2 - s2 &ge; p - s),
 * an integer to a DECIMAL with enough integer digits (3, 5, 10, 19 for TINYINT to BIGINT), a
 * timestamp of higher precision, a longer VARCHAR or VARBINARY.
 *
 * <p>Timestamp narrowing: a timestamp (INT64 MILLIS, MICROS or NANOS, INT96) may be read as a
 * timestamp of the same kind (TIMESTAMP, or TIMESTAMP_LTZ for isAdjustedToUTC) with a lower
 * precision; its values are then truncated toward negative infinity at that precision, as Flink's
 * CAST does.
 */
@Internal
public final class TypeWidening {

    /** Decimal digits of the largest TINYINT, SMALLINT, INT, BIGINT, by {@link #integerRank}. */
    private static final int[] INTEGER_DIGITS = {0, 3, 5, 10, 19};

    private TypeWidening() {}

    /**
     * Fails unless a column of Parquet type {@code column} can be read as Flink type {@code
     * target}: its own type, a safe widening of it or a narrower timestamp (nullability aside).
     *
     * @throws UnsupportedSchemaException naming the column, its Parquet type, the type it maps to
     *     and the target type
     */
    public static void checkReadable(PrimitiveType column, LogicalType target) {
        LogicalType natural = ParquetSchemaConverter.toFlinkType(column).copy(true);
        LogicalType wanted = target.copy(true);
        if (!canRead(natural, wanted)) {
            throw new UnsupportedSchemaException(
                    "Column '"
                            + column.getName()
                            + "' has Parquet type '"
                            + column
                            + "' (read as "
                            + natural.asSummaryString()
                            + "), which cannot be read as "
                            + wanted.asSummaryString());
        }
    }

    /**
     * Whether values of {@code from} can be read as {@code to}: the same type (nullability aside),
     * a safe widening or a timestamp narrowing.
     */
    public static boolean canRead(LogicalType from, LogicalType to) {
        return from.copy(true).equals(to.copy(true))
                || isSafeWidening(from, to)
                || isTimestampNarrowing(from, to);
    }

    /**
     * Whether every value of {@code from} is a value of {@code to}, the same and in the same order
     * (the widenings listed in the class comment).
     */
    public static boolean isSafeWidening(LogicalType from, LogicalType to) {
        LogicalTypeRoot f = from.getTypeRoot();
        LogicalTypeRoot t = to.getTypeRoot();
        int fromRank = integerRank(f);
        int toRank = integerRank(t);
        if (fromRank > 0 && toRank > 0) {
            return fromRank <= toRank;
        }
        if (f == LogicalTypeRoot.FLOAT && t == LogicalTypeRoot.DOUBLE) {
            return true;
        }
        if (f == LogicalTypeRoot.DECIMAL && t == LogicalTypeRoot.DECIMAL) {
            // Every value fits: no fewer integer digits, no fewer fraction digits.
            DecimalType a = (DecimalType) from;
            DecimalType b = (DecimalType) to;
            return b.getScale() >= a.getScale()
                    && b.getPrecision() - b.getScale() >= a.getPrecision() - a.getScale();
        }
        if (fromRank > 0 && t == LogicalTypeRoot.DECIMAL) {
            DecimalType b = (DecimalType) to;
            return b.getPrecision() - b.getScale() >= INTEGER_DIGITS[fromRank];
        }
        if (isTimestamp(f) && f == t) {
            return LogicalTypeChecks.getPrecision(from) <= LogicalTypeChecks.getPrecision(to);
        }
        if ((f == LogicalTypeRoot.VARCHAR || f == LogicalTypeRoot.CHAR)
                && (t == LogicalTypeRoot.VARCHAR || t == LogicalTypeRoot.CHAR)) {
            return t == LogicalTypeRoot.VARCHAR
                    && LogicalTypeChecks.getLength(from) <= LogicalTypeChecks.getLength(to);
        }
        if ((f == LogicalTypeRoot.BINARY || f == LogicalTypeRoot.VARBINARY)
                && (t == LogicalTypeRoot.BINARY || t == LogicalTypeRoot.VARBINARY)) {
            return t == LogicalTypeRoot.VARBINARY
                    ? LogicalTypeChecks.getLength(from) <= LogicalTypeChecks.getLength(to)
                    : f == LogicalTypeRoot.BINARY
                            && LogicalTypeChecks.getLength(from) == LogicalTypeChecks.getLength(to);
        }
        return false;
    }

    /**
     * Whether a timestamp is read as one of the same kind (TIMESTAMP, TIMESTAMP_LTZ) with a lower
     * precision, truncating its values.
     */
    public static boolean isTimestampNarrowing(LogicalType from, LogicalType to) {
        LogicalTypeRoot f = from.getTypeRoot();
        return isTimestamp(f)
                && f == to.getTypeRoot()
                && LogicalTypeChecks.getPrecision(to) < LogicalTypeChecks.getPrecision(from);
    }

    private static boolean isTimestamp(LogicalTypeRoot root) {
        return root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    /** 1 to 4 for TINYINT to BIGINT, 0 for any other type. */
    private static int integerRank(LogicalTypeRoot root) {
        switch (root) {
            case TINYINT:
                return 1;
            case SMALLINT:
                return 2;
            case INTEGER:
                return 3;
            case BIGINT:
                return 4;
            default:
                return 0;
        }
    }
}
