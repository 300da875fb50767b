package io.laminardb.flink.parquet.arrow;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

import javax.annotation.Nullable;

import java.util.List;

/**
 * Writes one value in Flink's internal form (the values {@code RowData.FieldGetter} returns) into a
 * slot of an Arrow vector of the type {@link ArrowTypes} maps its Flink type to, growing the vector
 * as needed. Used for the columns decoders do not write into Arrow directly: nested columns (LIST,
 * MAP, STRUCT, assembled as Flink values first), partition and metadata columns, and columns a file
 * lacks.
 */
@Internal
final class FlinkToArrow {

    private FlinkToArrow() {}

    /**
     * Writes {@code value} (null for NULL) into slot {@code index} of {@code vector}.
     *
     * @param column the column's name, for errors
     */
    static void write(
            FieldVector vector,
            int index,
            @Nullable Object value,
            LogicalType type,
            String column) {
        if (value == null) {
            setNull(vector, index);
            return;
        }
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                ((BitVector) vector).setSafe(index, (Boolean) value ? 1 : 0);
                break;
            case TINYINT:
                ((TinyIntVector) vector).setSafe(index, (Byte) value);
                break;
            case SMALLINT:
                ((SmallIntVector) vector).setSafe(index, (Short) value);
                break;
            case INTEGER:
                ((IntVector) vector).setSafe(index, (Integer) value);
                break;
            case DATE:
                ((DateDayVector) vector).setSafe(index, (Integer) value);
                break;
            case TIME_WITHOUT_TIME_ZONE:
                ((TimeMilliVector) vector).setSafe(index, (Integer) value);
                break;
            case BIGINT:
                ((BigIntVector) vector).setSafe(index, (Long) value);
                break;
            case FLOAT:
                ((Float4Vector) vector).setSafe(index, (Float) value);
                break;
            case DOUBLE:
                ((Float8Vector) vector).setSafe(index, (Double) value);
                break;
            case DECIMAL:
                ((DecimalVector) vector).setSafe(index, ((DecimalData) value).toBigDecimal());
                break;
            case CHAR:
            case VARCHAR:
                ((VarCharVector) vector).setSafe(index, ((StringData) value).toBytes());
                break;
            case BINARY:
                writeFixed((FixedSizeBinaryVector) vector, index, (byte[]) value, type, column);
                break;
            case VARBINARY:
                ((VarBinaryVector) vector).setSafe(index, (byte[]) value);
                break;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                TimestampData ts = (TimestampData) value;
                long converted;
                try {
                    converted =
                            ArrowTypes.toUnit(
                                    ArrowTypes.unit(type),
                                    ts.getMillisecond(),
                                    ts.getNanoOfMillisecond());
                } catch (ArithmeticException e) {
                    throw ArrowTypes.timestampDoesNotFit(ts, column, ArrowTypes.unit(type), e);
                }
                ((TimeStampVector) vector).setSafe(index, converted);
                break;
            case ARRAY:
                writeArray((ListVector) vector, index, (ArrayData) value, (ArrayType) type, column);
                break;
            case MAP:
                writeMap((MapVector) vector, index, (MapData) value, (MapType) type, column);
                break;
            case ROW:
                writeRow((StructVector) vector, index, (RowData) value, (RowType) type, column);
                break;
            default:
                throw new UnsupportedOperationException(
                        "Column '" + column + "' of type " + type + " has no Arrow mapping");
        }
    }

    private static void setNull(FieldVector vector, int index) {
        while (index >= vector.getValueCapacity()) {
            vector.reAlloc();
        }
        vector.setNull(index);
    }

    private static void writeFixed(
            FixedSizeBinaryVector vector,
            int index,
            byte[] bytes,
            LogicalType type,
            String column) {
        if (bytes.length != vector.getByteWidth()) {
            throw new IllegalArgumentException(
                    "A value of "
                            + bytes.length
                            + " bytes in column '"
                            + column
                            + "' of type "
                            + type
                            + " does not fit Arrow's FixedSizeBinary("
                            + vector.getByteWidth()
                            + ")");
        }
        vector.setSafe(index, bytes);
    }

    private static void writeArray(
            ListVector vector, int index, ArrayData array, ArrayType type, String column) {
        LogicalType elementType = type.getElementType();
        ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
        FieldVector elements = vector.getDataVector();
        int start = vector.startNewValue(index);
        int size = array.size();
        for (int j = 0; j < size; j++) {
            write(elements, start + j, getter.getElementOrNull(array, j), elementType, column);
        }
        vector.endValue(index, size);
    }

    private static void writeMap(
            MapVector vector, int index, MapData map, MapType type, String column) {
        StructVector entries = (StructVector) vector.getDataVector();
        List<FieldVector> keyValue = entries.getChildrenFromFields();
        ArrayData keys = map.keyArray();
        ArrayData values = map.valueArray();
        ArrayData.ElementGetter keyGetter = ArrayData.createElementGetter(type.getKeyType());
        ArrayData.ElementGetter valueGetter = ArrayData.createElementGetter(type.getValueType());
        int start = vector.startNewValue(index);
        int size = map.size();
        for (int j = 0; j < size; j++) {
            Object key = keyGetter.getElementOrNull(keys, j);
            if (key == null) {
                throw new IllegalArgumentException(
                        "A map of column '"
                                + column
                                + "' has a NULL key: Arrow maps cannot hold it");
            }
            entries.setIndexDefined(start + j);
            write(keyValue.get(0), start + j, key, type.getKeyType(), column);
            write(
                    keyValue.get(1),
                    start + j,
                    valueGetter.getElementOrNull(values, j),
                    type.getValueType(),
                    column);
        }
        vector.endValue(index, size);
    }

    private static void writeRow(
            StructVector vector, int index, RowData row, RowType type, String column) {
        vector.setIndexDefined(index);
        List<FieldVector> children = vector.getChildrenFromFields();
        for (int f = 0; f < type.getFieldCount(); f++) {
            LogicalType fieldType = type.getTypeAt(f);
            Object value = RowData.createFieldGetter(fieldType, f).getFieldOrNull(row);
            write(children.get(f), index, value, fieldType, column);
        }
    }
}
