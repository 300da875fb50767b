package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.columnar.vector.DecimalColumnVector;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;

/**
 * Decimals of a precision of at most 18 ({@link DecimalData#isCompact}) as their unscaled longs, as
 * Flink's own Parquet vectors hold them: a value is a {@link DecimalData} only when it is asked
 * for, so that decoding stores a long per row instead of an object reference, and runs of values go
 * in with one copy ({@link ColumnSink#setDecimals}).
 */
@Internal
public final class CompactDecimalVector extends AbstractHeapVector
        implements DecimalColumnVector, ObjectValues {

    private static final long serialVersionUID = 1L;

    final long[] unscaled;
    private final int precision;
    private final int scale;

    public CompactDecimalVector(int capacity, int precision, int scale) {
        super(capacity);
        if (!DecimalData.isCompact(precision)) {
            throw new IllegalArgumentException(
                    "DECIMAL(" + precision + ", " + scale + ") does not fit a long");
        }
        this.unscaled = new long[capacity];
        this.precision = precision;
        this.scale = scale;
    }

    @Override
    public DecimalData getDecimal(int i, int precision, int scale) {
        return DecimalData.fromUnscaledLong(unscaled[i], precision, scale);
    }

    @Override
    public Object get(int rowId) {
        return DecimalData.fromUnscaledLong(unscaled[rowId], precision, scale);
    }
}
