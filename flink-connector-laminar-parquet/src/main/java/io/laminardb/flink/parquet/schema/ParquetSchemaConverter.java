package io.laminardb.flink.parquet.schema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
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

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a Parquet schema to Flink's logical types, following the Parquet format specification
 * (LogicalTypes.md), including the backward-compatibility rules for LIST and MAP layouts written by
 * older writers.
 *
 * <p>The mapping, in one place:
 *
 * <ul>
 *   <li>BOOLEAN → BOOLEAN; FLOAT → FLOAT; DOUBLE → DOUBLE; FLOAT16 (FLBA(2)) → FLOAT.
 *   <li>INT32 → INT; INT(8/16/32, signed) → TINYINT/SMALLINT/INT; INT(8/16/32, unsigned) →
 *       SMALLINT/INT/BIGINT (the next wider signed type, so no value wraps).
 *   <li>INT64 → BIGINT; INT(64, unsigned) → DECIMAL(20, 0).
 *   <li>DECIMAL(p, s) on INT32, INT64, FIXED_LEN_BYTE_ARRAY or BINARY → DECIMAL(p, s) (p ≤ 38).
 *   <li>DATE → DATE; TIME(any unit) → TIME(3) (Flink holds TIME as milliseconds of the day; finer
 *       units are truncated toward the start of the day).
 *   <li>TIMESTAMP(unit, isAdjustedToUTC=false) → TIMESTAMP(3|6|9); with isAdjustedToUTC=true →
 *       TIMESTAMP_LTZ(3|6|9); INT96 (Impala, Hive, Spark) → TIMESTAMP(9), read as UTC.
 *   <li>BINARY with STRING, ENUM or JSON → STRING; other BINARY → BYTES; UUID → STRING in the
 *       canonical 36-character form; other FIXED_LEN_BYTE_ARRAY(n) → BINARY(n).
 *   <li>groups → ROW; LIST (3-level, and the legacy 2-level layouts) → ARRAY; MAP and MAP_KEY_VALUE
 *       → MAP; a MAP whose entries have no value → ARRAY of its keys; a repeated field without a
 *       LIST annotation → ARRAY of NOT NULL elements.
 *   <li>an unknown logical type → the physical type's mapping.
 * </ul>
 *
 * <p>REQUIRED fields become NOT NULL, OPTIONAL fields nullable.
 */
@Internal
public final class ParquetSchemaConverter {

    private ParquetSchemaConverter() {}

    /** The Flink row type of a whole Parquet file schema. */
    public static RowType toRowType(MessageType schema) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (Type field : schema.getFields()) {
            fields.add(new RowType.RowField(field.getName(), toFlinkType(field)));
        }
        return new RowType(false, fields);
    }

    /** The Flink type of one Parquet field, nullability included. */
    public static LogicalType toFlinkType(Type type) {
        if (type.isRepetition(Type.Repetition.REPEATED)) {
            // A repeated field without a LIST annotation: a required list of required elements.
            return new ArrayType(false, toFlinkTypeIgnoringRepetition(type).copy(false));
        }
        boolean nullable = !type.isRepetition(Type.Repetition.REQUIRED);
        return toFlinkTypeIgnoringRepetition(type).copy(nullable);
    }

    private static LogicalType toFlinkTypeIgnoringRepetition(Type type) {
        if (type.isPrimitive()) {
            return primitiveType(type.asPrimitiveType());
        }
        GroupType group = type.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return new ArrayType(toFlinkType(listElementType(group)));
        }
        if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            GroupType entry = mapEntryType(group);
            LogicalType key = toFlinkType(entry.getType(0)).copy(false);
            if (entry.getFieldCount() == 1) {
                return new ArrayType(key);
            }
            return new MapType(key, toFlinkType(entry.getType(1)));
        }
        List<RowType.RowField> fields = new ArrayList<>();
        for (Type field : group.getFields()) {
            fields.add(new RowType.RowField(field.getName(), toFlinkType(field)));
        }
        return new RowType(fields);
    }

    /**
     * The element type of a LIST-annotated group, by the specification's backward-compatibility
     * rules: the repeated field is the element when it is primitive, when it is a group of more
     * than one field, or when its name is {@code array} or {@code <list name>_tuple}; otherwise its
     * single child is the element (the standard 3-level layout).
     */
    public static Type listElementType(GroupType listGroup) {
        Type repeated = listRepeatedType(listGroup);
        if (isRepeatedElement(listGroup, repeated)) {
            // 2-level: the repeated field itself is the element, which is never null.
            return repeatedAsRequired(repeated);
        }
        return repeated.asGroupType().getType(0);
    }

    /** Whether the repeated field of a LIST group is itself the element (legacy 2-level lists). */
    public static boolean isRepeatedElement(GroupType listGroup, Type repeated) {
        if (repeated.isPrimitive()) {
            return true;
        }
        GroupType repeatedGroup = repeated.asGroupType();
        return repeatedGroup.getFieldCount() != 1
                || repeatedGroup.getType(0).isRepetition(Type.Repetition.REPEATED)
                || repeated.getName().equals("array")
                || repeated.getName().equals(listGroup.getName() + "_tuple");
    }

    /** The single repeated child of a LIST group. */
    public static Type listRepeatedType(GroupType listGroup) {
        if (listGroup.getFieldCount() != 1
                || !listGroup.getType(0).isRepetition(Type.Repetition.REPEATED)) {
            throw new UnsupportedSchemaException(
                    "LIST-annotated group '"
                            + listGroup.getName()
                            + "' must have exactly one repeated field, but is: "
                            + listGroup);
        }
        return listGroup.getType(0);
    }

    /** The repeated key/value group of a MAP or MAP_KEY_VALUE annotated group. */
    public static GroupType mapEntryType(GroupType mapGroup) {
        if (mapGroup.getFieldCount() != 1
                || mapGroup.getType(0).isPrimitive()
                || !mapGroup.getType(0).isRepetition(Type.Repetition.REPEATED)) {
            throw new UnsupportedSchemaException(
                    "MAP-annotated group '"
                            + mapGroup.getName()
                            + "' must have exactly one repeated key/value group, but is: "
                            + mapGroup);
        }
        GroupType entry = mapGroup.getType(0).asGroupType();
        if (entry.getFieldCount() < 1 || entry.getFieldCount() > 2) {
            throw new UnsupportedSchemaException(
                    "MAP-annotated group '"
                            + mapGroup.getName()
                            + "' must hold a key and at most one value, but is: "
                            + mapGroup);
        }
        return entry;
    }

    /** The same field with REQUIRED repetition (the element of a legacy 2-level list). */
    public static Type repeatedAsRequired(Type repeated) {
        if (repeated.isPrimitive()) {
            PrimitiveType p = repeated.asPrimitiveType();
            return Types.primitive(p.getPrimitiveTypeName(), Type.Repetition.REQUIRED)
                    .length(p.getTypeLength())
                    .as(p.getLogicalTypeAnnotation())
                    .named(p.getName());
        }
        GroupType g = repeated.asGroupType();
        return Types.buildGroup(Type.Repetition.REQUIRED)
                .as(g.getLogicalTypeAnnotation())
                .addFields(g.getFields().toArray(new Type[0]))
                .named(g.getName());
    }

    private static LogicalType primitiveType(PrimitiveType type) {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN:
                return new BooleanType();
            case FLOAT:
                return new FloatType();
            case DOUBLE:
                return new DoubleType();
            case INT96:
                return new TimestampType(9);
            case INT32:
                if (annotation instanceof DecimalLogicalTypeAnnotation) {
                    return decimal(type, (DecimalLogicalTypeAnnotation) annotation);
                }
                if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return new DateType();
                }
                if (annotation instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                    return new TimeType(3);
                }
                if (annotation instanceof IntLogicalTypeAnnotation) {
                    IntLogicalTypeAnnotation i = (IntLogicalTypeAnnotation) annotation;
                    int bits = i.getBitWidth();
                    if (i.isSigned()) {
                        return bits == 8
                                ? new TinyIntType()
                                : bits == 16 ? new SmallIntType() : new IntType();
                    }
                    return bits == 8
                            ? new SmallIntType()
                            : bits == 16 ? new IntType() : new BigIntType();
                }
                return new IntType();
            case INT64:
                if (annotation instanceof DecimalLogicalTypeAnnotation) {
                    return decimal(type, (DecimalLogicalTypeAnnotation) annotation);
                }
                if (annotation instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                    return new TimeType(3);
                }
                if (annotation instanceof TimestampLogicalTypeAnnotation) {
                    TimestampLogicalTypeAnnotation ts = (TimestampLogicalTypeAnnotation) annotation;
                    int precision = timestampPrecision(ts.getUnit());
                    return ts.isAdjustedToUTC()
                            ? new LocalZonedTimestampType(precision)
                            : new TimestampType(precision);
                }
                if (annotation instanceof IntLogicalTypeAnnotation
                        && !((IntLogicalTypeAnnotation) annotation).isSigned()) {
                    return new DecimalType(20, 0);
                }
                return new BigIntType();
            case BINARY:
                if (annotation instanceof DecimalLogicalTypeAnnotation) {
                    return decimal(type, (DecimalLogicalTypeAnnotation) annotation);
                }
                if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    return VarCharType.STRING_TYPE;
                }
                return new VarBinaryType(VarBinaryType.MAX_LENGTH);
            case FIXED_LEN_BYTE_ARRAY:
                if (annotation instanceof DecimalLogicalTypeAnnotation) {
                    return decimal(type, (DecimalLogicalTypeAnnotation) annotation);
                }
                if (annotation instanceof LogicalTypeAnnotation.Float16LogicalTypeAnnotation) {
                    return new FloatType();
                }
                if (annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                    return VarCharType.STRING_TYPE;
                }
                return new BinaryType(Math.max(1, type.getTypeLength()));
            default:
                throw new UnsupportedSchemaException(
                        "Unsupported Parquet type of column '" + type.getName() + "': " + type);
        }
    }

    private static LogicalType decimal(PrimitiveType type, DecimalLogicalTypeAnnotation decimal) {
        if (decimal.getPrecision() > DecimalType.MAX_PRECISION) {
            throw new UnsupportedSchemaException(
                    "Column '"
                            + type.getName()
                            + "' is DECIMAL("
                            + decimal.getPrecision()
                            + ", "
                            + decimal.getScale()
                            + "), but Flink supports at most precision "
                            + DecimalType.MAX_PRECISION);
        }
        return new DecimalType(decimal.getPrecision(), decimal.getScale());
    }

    static int timestampPrecision(TimeUnit unit) {
        switch (unit) {
            case MILLIS:
                return 3;
            case MICROS:
                return 6;
            default:
                return 9;
        }
    }
}
