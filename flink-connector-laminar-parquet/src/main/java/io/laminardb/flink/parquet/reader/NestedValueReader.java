package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

/**
 * A decoder of a nested column that assembles one value per row, an array, a map or a row ({@link
 * #next}), and hands it to the sink, or NULL. Fetcher thread.
 */
@Internal
abstract class NestedValueReader implements ColumnDecoder {

    private final ColumnSink sink;

    NestedValueReader(ColumnSink sink) {
        this.sink = sink;
    }

    @Override
    public final void read(int rows) {
        for (int i = 0; i < rows; i++) {
            sink.position(i);
            Object value = next();
            if (value == null) {
                sink.setNull();
            } else {
                sink.setObject(value);
            }
        }
    }

    /** The next row's value, its leaves moved past it; null for a NULL value. */
    @Nullable
    abstract Object next();
}
