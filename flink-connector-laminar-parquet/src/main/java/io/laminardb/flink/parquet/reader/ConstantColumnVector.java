package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.data.columnar.vector.BooleanColumnVector;
import org.apache.flink.table.data.columnar.vector.ByteColumnVector;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;
import org.apache.flink.table.data.columnar.vector.DoubleColumnVector;
import org.apache.flink.table.data.columnar.vector.FloatColumnVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;
import org.apache.flink.table.data.columnar.vector.LongColumnVector;
import org.apache.flink.table.data.columnar.vector.ShortColumnVector;
import org.apache.flink.table.data.columnar.vector.TimestampColumnVector;

import javax.annotation.Nullable;

/**
 * A column with the same value (or NULL) in every row, of any length: Hive partition values.
 * Created once per split and shared by all its batches, so injecting a partition column costs
 * nothing per row and nothing per batch.
 */
@Internal
public final class ConstantColumnVector
        implements ObjectValues,
                BooleanColumnVector,
                ByteColumnVector,
                ShortColumnVector,
                IntColumnVector,
                LongColumnVector,
                FloatColumnVector,
                DoubleColumnVector,
                BytesColumnVector,
                TimestampColumnVector {

    @Nullable private final Object value;
    @Nullable private final byte[] utf8;

    /**
     * @param value the value in Flink's internal form (StringData for strings), or null
     */
    public ConstantColumnVector(@Nullable Object value) {
        this.value = value;
        if (value instanceof StringData) {
            this.utf8 = ((StringData) value).toBytes();
        } else if (value instanceof byte[]) {
            this.utf8 = (byte[]) value;
        } else {
            this.utf8 = null;
        }
    }

    @Override
    public boolean isNullAt(int i) {
        return value == null;
    }

    @Override
    public Object get(int rowId) {
        return value;
    }

    @Override
    public boolean getBoolean(int i) {
        return (Boolean) value;
    }

    @Override
    public byte getByte(int i) {
        return (Byte) value;
    }

    @Override
    public short getShort(int i) {
        return (Short) value;
    }

    @Override
    public int getInt(int i) {
        return (Integer) value;
    }

    @Override
    public long getLong(int i) {
        return (Long) value;
    }

    @Override
    public float getFloat(int i) {
        return (Float) value;
    }

    @Override
    public double getDouble(int i) {
        return (Double) value;
    }

    @Override
    public Bytes getBytes(int i) {
        return new Bytes(utf8, 0, utf8.length);
    }

    @Override
    public TimestampData getTimestamp(int i, int precision) {
        return (TimestampData) value;
    }

    /** The string value, for tests and logs. */
    @Override
    public String toString() {
        return value instanceof BinaryStringData ? value.toString() : String.valueOf(value);
    }
}
