package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;

/**
 * A MAP value as a Parquet map holds it: its keys and its values, two arrays of one length, in the
 * file's order. Nothing is hashed (Flink's own columnar maps are read the same way, through {@link
 * #keyArray} and {@link #valueArray}). A file that repeats a key within a map keeps every entry, as
 * Flink's own reader does.
 */
@Internal
final class ArrayMapData implements MapData {

    private final ArrayData keys;
    private final ArrayData values;

    ArrayMapData(ArrayData keys, ArrayData values) {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException(
                    keys.size() + " keys and " + values.size() + " values");
        }
        this.keys = keys;
        this.values = values;
    }

    @Override
    public int size() {
        return keys.size();
    }

    @Override
    public ArrayData keyArray() {
        return keys;
    }

    @Override
    public ArrayData valueArray() {
        return values;
    }

    @Override
    public String toString() {
        return "ArrayMapData{keys=" + keys + ", values=" + values + "}";
    }
}
