package io.laminardb.flink.parquet.testutils;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import java.util.Arrays;

/**
 * Values of Flink's internal data structures as text, read through their typed getters, so that
 * equal values read alike whatever class holds them: {@code null}; arrays {@code [a,b,]}; maps
 * {@code {[keys,] -> [values,]}} in entry order; rows {@code (a,b,)}; binaries as {@link
 * Arrays#toString(byte[])}; anything else by {@code toString()}.
 */
public final class RenderedValues {

    private RenderedValues() {}

    /** {@code value} of Flink type {@code type}, as text. */
    public static String render(Object value, LogicalType type) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[]) {
            return Arrays.toString((byte[]) value);
        }
        if (value instanceof ArrayData) {
            return render((ArrayData) value, ((ArrayType) type).getElementType());
        }
        if (value instanceof MapData) {
            MapType map = (MapType) type;
            MapData data = (MapData) value;
            return "{"
                    + render(data.keyArray(), map.getKeyType())
                    + " -> "
                    + render(data.valueArray(), map.getValueType())
                    + "}";
        }
        if (value instanceof RowData) {
            RowType row = (RowType) type;
            StringBuilder text = new StringBuilder("(");
            for (int f = 0; f < row.getFieldCount(); f++) {
                LogicalType fieldType = row.getTypeAt(f);
                Object field =
                        RowData.createFieldGetter(fieldType, f).getFieldOrNull((RowData) value);
                text.append(render(field, fieldType)).append(',');
            }
            return text.append(')').toString();
        }
        return value.toString();
    }

    private static String render(ArrayData array, LogicalType elementType) {
        ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
        StringBuilder text = new StringBuilder("[");
        for (int e = 0; e < array.size(); e++) {
            text.append(render(getter.getElementOrNull(array, e), elementType)).append(',');
        }
        return text.append(']').toString();
    }
}
