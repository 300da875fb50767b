package io.laminardb.flink.parquet.arrow;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The one mapping of the source's Flink types to Arrow types (docs/arrow.md has it as a table):
 *
 * <ul>
 *   <li>BOOLEAN → Bool; TINYINT, SMALLINT, INT, BIGINT → Int(8, 16, 32, 64, signed); FLOAT →
 *       FloatingPoint(SINGLE); DOUBLE → FloatingPoint(DOUBLE)
 *   <li>DECIMAL(p, s) → Decimal(p, s, 128)
 *   <li>CHAR, VARCHAR, STRING → Utf8; BINARY(n) → FixedSizeBinary(n); VARBINARY, BYTES → Binary
 *   <li>DATE → Date(DAY); TIME(p) → Time(MILLISECOND, 32) (Flink holds times in milliseconds)
 *   <li>TIMESTAMP(p) → Timestamp(unit, no time zone); TIMESTAMP_LTZ(p) → Timestamp(unit, "UTC");
 *       the unit is MILLISECOND for p ≤ 3, MICROSECOND for p ≤ 6, NANOSECOND above
 *   <li>ARRAY&lt;e&gt; → List&lt;element: e&gt;; MAP&lt;k, v&gt; → Map&lt;entries: Struct&lt;key: k
 *       (not null), value: v&gt;&gt;; ROW&lt;...&gt; → Struct&lt;...&gt;
 * </ul>
 *
 * Every field is nullable as its Flink type is; map keys are never null in Arrow.
 */
@PublicEvolving
public final class ArrowTypes {

    private ArrowTypes() {}

    /** The Arrow schema of rows of {@code rowType}. */
    public static Schema schema(RowType rowType) {
        List<Field> fields = new ArrayList<>(rowType.getFieldCount());
        for (RowType.RowField field : rowType.getFields()) {
            fields.add(field(field.getName(), field.getType()));
        }
        return new Schema(fields);
    }

    /** The Arrow field of a column {@code name} of Flink type {@code type}. */
    public static Field field(String name, LogicalType type) {
        return field(name, type, type.isNullable());
    }

    private static Field field(String name, LogicalType type, boolean nullable) {
        switch (type.getTypeRoot()) {
            case ARRAY:
                return new Field(
                        name,
                        new FieldType(nullable, ArrowType.List.INSTANCE, null),
                        List.of(field("element", ((ArrayType) type).getElementType())));
            case MAP:
                MapType map = (MapType) type;
                Field entries =
                        new Field(
                                "entries",
                                new FieldType(false, ArrowType.Struct.INSTANCE, null),
                                List.of(
                                        field("key", map.getKeyType(), false),
                                        field("value", map.getValueType())));
                return new Field(
                        name,
                        new FieldType(nullable, new ArrowType.Map(false), null),
                        List.of(entries));
            case ROW:
                RowType row = (RowType) type;
                List<Field> children = new ArrayList<>(row.getFieldCount());
                for (RowType.RowField f : row.getFields()) {
                    children.add(field(f.getName(), f.getType()));
                }
                return new Field(
                        name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
            default:
                return new Field(name, new FieldType(nullable, primitive(name, type), null), null);
        }
    }

    private static ArrowType primitive(String name, LogicalType type) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case TINYINT:
                return new ArrowType.Int(8, true);
            case SMALLINT:
                return new ArrowType.Int(16, true);
            case INTEGER:
                return new ArrowType.Int(32, true);
            case BIGINT:
                return new ArrowType.Int(64, true);
            case FLOAT:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL:
                DecimalType decimal = (DecimalType) type;
                return new ArrowType.Decimal(decimal.getPrecision(), decimal.getScale(), 128);
            case CHAR:
            case VARCHAR:
                return ArrowType.Utf8.INSTANCE;
            case BINARY:
                return new ArrowType.FixedSizeBinary(((BinaryType) type).getLength());
            case VARBINARY:
                return ArrowType.Binary.INSTANCE;
            case DATE:
                return new ArrowType.Date(DateUnit.DAY);
            case TIME_WITHOUT_TIME_ZONE:
                return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return new ArrowType.Timestamp(unit(type), null);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return new ArrowType.Timestamp(unit(type), "UTC");
            default:
                throw new UnsupportedOperationException(
                        "Column '" + name + "' of type " + type + " has no Arrow mapping");
        }
    }

    /** The Arrow unit of a TIMESTAMP or TIMESTAMP_LTZ of the type's precision. */
    static TimeUnit unit(LogicalType type) {
        int precision = LogicalTypeChecks.getPrecision(type);
        return precision <= 3
                ? TimeUnit.MILLISECOND
                : precision <= 6 ? TimeUnit.MICROSECOND : TimeUnit.NANOSECOND;
    }

    /** How many of {@code unit} make a millisecond: 1, 1,000 or 1,000,000. */
    static int unitsPerMilli(TimeUnit unit) {
        switch (unit) {
            case MILLISECOND:
                return 1;
            case MICROSECOND:
                return 1_000;
            default:
                return 1_000_000;
        }
    }

    /**
     * The error for a timestamp that does not fit its column's Arrow unit: only nanoseconds can
     * overflow (64 bits hold 1677-09-21T00:12:43.145224192 to 2262-04-11T23:47:16.854775807). A
     * batch's schema is fixed before its values are seen, so the unit cannot change per value; the
     * user chooses microseconds by declaring the column TIMESTAMP(6).
     */
    static IllegalArgumentException timestampDoesNotFit(
            TimestampData value, String column, TimeUnit unit, ArithmeticException cause) {
        return new IllegalArgumentException(
                "Timestamp "
                        + value
                        + " of column '"
                        + column
                        + "' does not fit an Arrow timestamp in "
                        + unit
                        + " (64-bit nanoseconds hold 1677-09-21T00:12:43.145224192 to"
                        + " 2262-04-11T23:47:16.854775807): declare the column as TIMESTAMP(6), or"
                        + " cast it to TIMESTAMP(6), to have it in microseconds",
                cause);
    }

    /**
     * A timestamp in the given unit since the epoch.
     *
     * @throws ArithmeticException when it does not fit 64 bits (nanoseconds past 2262)
     */
    static long toUnit(TimeUnit unit, long epochMillis, int nanoOfMilli) {
        switch (unit) {
            case MILLISECOND:
                return epochMillis;
            case MICROSECOND:
                return Math.addExact(Math.multiplyExact(epochMillis, 1_000L), nanoOfMilli / 1_000);
            default:
                if (epochMillis < 0 && nanoOfMilli > 0) {
                    // Borrow a millisecond so the product stays in range at the lower end:
                    // 1677-09-21T00:12:43.145224192 is -9223372036855 ms + 224192 ns, and the
                    // first factor alone would not fit.
                    return Math.addExact(
                            Math.multiplyExact(epochMillis + 1, 1_000_000L),
                            nanoOfMilli - 1_000_000L);
                }
                return Math.addExact(Math.multiplyExact(epochMillis, 1_000_000L), nanoOfMilli);
        }
    }
}
