package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;

/**
 * A column vector of values held as objects in Flink's internal form: decimals and nested values
 * (ArrayData, MapData, RowData) assembled from Parquet's repetition and definition levels. Numbers,
 * strings, binaries and timestamps use Flink's primitive heap vectors instead.
 */
@Internal
public final class ObjectColumnVector extends AbstractHeapVector implements ObjectValues {

    private static final long serialVersionUID = 1L;

    private final Object[] values;

    public ObjectColumnVector(int capacity) {
        super(capacity);
        this.values = new Object[capacity];
    }

    public void set(int rowId, Object value) {
        values[rowId] = value;
    }

    @Override
    public Object get(int rowId) {
        return values[rowId];
    }
}
