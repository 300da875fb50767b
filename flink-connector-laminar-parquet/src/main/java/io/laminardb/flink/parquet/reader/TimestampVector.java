package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.vector.TimestampColumnVector;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;

/**
 * Timestamps as epoch milliseconds plus nanoseconds of the millisecond, written without creating a
 * {@link TimestampData} per value (Flink's heap vector keeps its arrays private).
 */
@Internal
public final class TimestampVector extends AbstractHeapVector implements TimestampColumnVector {

    private static final long serialVersionUID = 1L;

    final long[] millis;
    final int[] nanosOfMilli;

    public TimestampVector(int capacity) {
        super(capacity);
        this.millis = new long[capacity];
        this.nanosOfMilli = new int[capacity];
    }

    @Override
    public TimestampData getTimestamp(int i, int precision) {
        return TimestampData.fromEpochMillis(millis[i], nanosOfMilli[i]);
    }
}
