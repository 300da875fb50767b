package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapBooleanVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapByteVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapBytesVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapDoubleVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapFloatVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapIntVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapLongVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapShortVector;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

import org.apache.parquet.io.api.Binary;

import javax.annotation.Nullable;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A {@link ColumnSink} that fills Flink's heap column vectors: for each batch, {@link #open} makes
 * a fresh vector of the column's type, or resets a vector of a pooled batch whose rows were all
 * emitted ({@link #open(int, ColumnVector)}), the decoder writes it, {@link #take} hands it over.
 * Exactly one of the typed vector fields is set, chosen by the vector's class ({@link
 * #createVector}). A vector is not written again once taken until it is passed back to {@link
 * #open(int, ColumnVector)}, so rows of a handed-out batch stay valid until the batch is recycled.
 * Fetcher thread.
 */
@Internal
final class FlinkVectorSink implements BatchColumnSink {

    private final LogicalType type;
    private int row;

    /** Whether the vector being written got a NULL. */
    private boolean nulls;

    /** Whether the vector last taken holds no NULL. */
    private boolean takenNoNulls;

    private AbstractHeapVector vector;
    private HeapBooleanVector booleans;
    private HeapByteVector bytes;
    private HeapShortVector shorts;
    private HeapIntVector ints;
    private HeapLongVector longs;
    private HeapFloatVector floats;
    private HeapDoubleVector doubles;
    private HeapBytesVector binaries;
    private BatchBytes batchBytes;

    /** Bytes the last batch of a string or binary column copied: the next one's first guess. */
    private int lastBytes;

    private TimestampVector timestamps;
    private ObjectColumnVector objects;
    private CompactDecimalVector decimals;

    @Nullable private Class<?> vectorClass;

    /** Whether the column is read as strings: dictionary entries then hand out shared strings. */
    private final boolean strings;

    FlinkVectorSink(LogicalType type) {
        this.type = type;
        this.strings = type.is(LogicalTypeFamily.CHARACTER_STRING);
    }

    /** Starts the column of a batch of at most {@code capacity} rows in a fresh vector. */
    @Override
    public void open(int capacity) {
        bind(
                isBytes(type)
                        ? new BatchBytes(capacity, lastBytes + (lastBytes >>> 3))
                        : createVector(type, capacity));
        nulls = false;
    }

    /**
     * Starts the column of a batch of at most {@code capacity} rows in {@code reusable}, reset
     * (NULLs cleared, a string vector back on its own array), when it is the vector this sink makes
     * for its type and holds that many rows; else in a fresh vector.
     */
    @Override
    public void open(int capacity, @Nullable ColumnVector reusable) {
        if (reusable instanceof AbstractHeapVector
                && ((AbstractHeapVector) reusable).getLen() >= capacity
                && reusable.getClass() == vectorClass()) {
            AbstractHeapVector vector = (AbstractHeapVector) reusable;
            vector.reset();
            bind(vector);
            nulls = false;
        } else {
            open(capacity);
        }
    }

    /** The class of the vectors {@link #open(int)} makes. */
    private Class<?> vectorClass() {
        if (vectorClass == null) {
            vectorClass = isBytes(type) ? BatchBytes.class : createVector(type, 0).getClass();
        }
        return vectorClass;
    }

    /** The vector of the batch just decoded; the next batch goes to a fresh or reset one. */
    @Override
    public AbstractHeapVector take() {
        AbstractHeapVector taken = vector;
        takenNoNulls = !nulls;
        if (batchBytes != null && batchBytes.bytesUsed() > 0) {
            lastBytes = batchBytes.bytesUsed();
        }
        bind(null);
        return taken;
    }

    @Override
    public boolean tookNoNulls() {
        return takenNoNulls;
    }

    private void bind(AbstractHeapVector vector) {
        this.vector = vector;
        this.booleans = as(vector, HeapBooleanVector.class);
        this.bytes = as(vector, HeapByteVector.class);
        this.shorts = as(vector, HeapShortVector.class);
        this.ints = as(vector, HeapIntVector.class);
        this.longs = as(vector, HeapLongVector.class);
        this.floats = as(vector, HeapFloatVector.class);
        this.doubles = as(vector, HeapDoubleVector.class);
        this.binaries = as(vector, HeapBytesVector.class);
        this.batchBytes = as(vector, BatchBytes.class);
        this.timestamps = as(vector, TimestampVector.class);
        this.objects = as(vector, ObjectColumnVector.class);
        this.decimals = as(vector, CompactDecimalVector.class);
    }

    @Override
    public void position(int row) {
        this.row = row;
    }

    @Override
    public void setNull() {
        vector.setNullAt(row);
        nulls = true;
    }

    @Override
    public void setNulls(int row, int count) {
        vector.setNulls(row, count);
        nulls = true;
    }

    @Override
    public void setBytes(byte[] src, int offset, int length) {
        binaries.appendBytes(row, src, offset, length);
    }

    @Override
    public void setByteValues(
            int row, byte[] src, int[] starts, int[] lengths, int n, int spanStart, int spanEnd) {
        if (batchBytes == null) {
            BatchColumnSink.super.setByteValues(row, src, starts, lengths, n, spanStart, spanEnd);
        } else {
            batchBytes.appendSpan(row, src, starts, lengths, n, spanStart, spanEnd);
        }
    }

    @Override
    public boolean sharesDictionaryStrings() {
        return strings;
    }

    @Override
    public void setDictionaryEntries(
            int row, DictionaryStrings dictionary, int[] ids, int from, int n) {
        if (batchBytes == null) {
            BatchColumnSink.super.setDictionaryEntries(row, dictionary, ids, from, n);
        } else {
            batchBytes.appendDictionaryEntries(
                    row, dictionary, ids, from, n, strings && dictionary.sharesStrings());
        }
    }

    private static boolean isBytes(LogicalType type) {
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
            case BINARY:
            case VARBINARY:
                return true;
            default:
                return false;
        }
    }

    /** The heap vector that holds values of the given Flink type. */
    static AbstractHeapVector createVector(LogicalType type, int capacity) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return new HeapBooleanVector(capacity);
            case TINYINT:
                return new HeapByteVector(capacity);
            case SMALLINT:
                return new HeapShortVector(capacity);
            case INTEGER:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return new HeapIntVector(capacity);
            case BIGINT:
                return new HeapLongVector(capacity);
            case FLOAT:
                return new HeapFloatVector(capacity);
            case DOUBLE:
                return new HeapDoubleVector(capacity);
            case CHAR:
            case VARCHAR:
            case BINARY:
            case VARBINARY:
                return new HeapBytesVector(capacity);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return new TimestampVector(capacity);
            case DECIMAL:
                DecimalType decimal = (DecimalType) type;
                if (DecimalData.isCompact(decimal.getPrecision())) {
                    return new CompactDecimalVector(
                            capacity, decimal.getPrecision(), decimal.getScale());
                }
                return new ObjectColumnVector(capacity);
            default:
                return new ObjectColumnVector(capacity);
        }
    }

    private static <V> V as(@Nullable AbstractHeapVector vector, Class<V> type) {
        return type.isInstance(vector) ? type.cast(vector) : null;
    }

    @Override
    public void setBoolean(boolean value) {
        booleans.vector[row] = value;
    }

    @Override
    public void setByte(byte value) {
        bytes.vector[row] = value;
    }

    @Override
    public void setShort(short value) {
        shorts.vector[row] = value;
    }

    @Override
    public void setInt(int value) {
        ints.vector[row] = value;
    }

    @Override
    public void setLong(long value) {
        longs.vector[row] = value;
    }

    @Override
    public void setFloat(float value) {
        floats.vector[row] = value;
    }

    @Override
    public void setDouble(double value) {
        doubles.vector[row] = value;
    }

    @Override
    public void setInts(int row, int[] values, int n) {
        if (ints == null) {
            BatchColumnSink.super.setInts(row, values, n);
        } else {
            System.arraycopy(values, 0, ints.vector, row, n);
        }
    }

    @Override
    public void setTinyInts(int row, int[] values, int n) {
        if (bytes == null) {
            BatchColumnSink.super.setTinyInts(row, values, n);
        } else {
            byte[] vector = bytes.vector;
            for (int i = 0; i < n; i++) {
                vector[row + i] = (byte) values[i];
            }
        }
    }

    @Override
    public void setSmallInts(int row, int[] values, int n) {
        if (shorts == null) {
            BatchColumnSink.super.setSmallInts(row, values, n);
        } else {
            short[] vector = shorts.vector;
            for (int i = 0; i < n; i++) {
                vector[row + i] = (short) values[i];
            }
        }
    }

    @Override
    public void setLongs(int row, long[] values, int n) {
        if (longs == null) {
            BatchColumnSink.super.setLongs(row, values, n);
        } else {
            System.arraycopy(values, 0, longs.vector, row, n);
        }
    }

    @Override
    public void setDecimals(int row, long[] unscaled, int n, int precision, int scale) {
        if (decimals == null) {
            BatchColumnSink.super.setDecimals(row, unscaled, n, precision, scale);
        } else {
            System.arraycopy(unscaled, 0, decimals.unscaled, row, n);
        }
    }

    @Override
    public void setTimestamps(int row, long[] epochUnits, int n, int unitsPerMilli) {
        if (timestamps == null) {
            BatchColumnSink.super.setTimestamps(row, epochUnits, n, unitsPerMilli);
        } else if (unitsPerMilli == 1) {
            System.arraycopy(epochUnits, 0, timestamps.millis, row, n);
            Arrays.fill(timestamps.nanosOfMilli, row, row + n, 0);
        } else {
            long[] millis = timestamps.millis;
            int[] nanos = timestamps.nanosOfMilli;
            for (int i = 0; i < n; i++) {
                long value = epochUnits[i];
                millis[row + i] = LeafConverters.epochMillis(value, unitsPerMilli);
                nanos[row + i] = LeafConverters.nanoOfMilli(value, unitsPerMilli);
            }
        }
    }

    @Override
    public void setFloats(int row, float[] values, int n) {
        if (floats == null) {
            BatchColumnSink.super.setFloats(row, values, n);
        } else {
            System.arraycopy(values, 0, floats.vector, row, n);
        }
    }

    @Override
    public void setDoubles(int row, double[] values, int n) {
        if (doubles == null) {
            BatchColumnSink.super.setDoubles(row, values, n);
        } else {
            System.arraycopy(values, 0, doubles.vector, row, n);
        }
    }

    @Override
    public void setTimestamp(long epochMillis, int nanoOfMilli) {
        timestamps.millis[row] = epochMillis;
        timestamps.nanosOfMilli[row] = nanoOfMilli;
    }

    @Override
    public void setString(byte[] utf8) {
        binaries.appendBytes(row, utf8, 0, utf8.length);
    }

    @Override
    public void setBinary(byte[] bytes) {
        binaries.appendBytes(row, bytes, 0, bytes.length);
    }

    @Override
    public void setString(Binary utf8) {
        setBinary(utf8);
    }

    @Override
    public void setBinary(Binary value) {
        ByteBuffer buffer = value.toByteBuffer();
        if (buffer.hasArray()) {
            binaries.appendBytes(
                    row,
                    buffer.array(),
                    buffer.arrayOffset() + buffer.position(),
                    buffer.remaining());
        } else {
            byte[] copy = value.getBytes();
            binaries.appendBytes(row, copy, 0, copy.length);
        }
    }

    @Override
    public void setObject(Object value) {
        if (value == null) {
            // A decimal beyond its declared precision reads as NULL.
            setNull();
            return;
        }
        if (timestamps != null) {
            TimestampData ts = (TimestampData) value;
            setTimestamp(ts.getMillisecond(), ts.getNanoOfMillisecond());
        } else if (decimals != null) {
            decimals.unscaled[row] = ((DecimalData) value).toUnscaledLong();
        } else {
            objects.set(row, value);
        }
    }
}
