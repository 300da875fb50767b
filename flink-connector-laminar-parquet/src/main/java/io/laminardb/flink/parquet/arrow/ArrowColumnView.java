package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.reader.ObjectValues;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.vector.BooleanColumnVector;
import org.apache.flink.table.data.columnar.vector.ByteColumnVector;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;
import org.apache.flink.table.data.columnar.vector.DoubleColumnVector;
import org.apache.flink.table.data.columnar.vector.FloatColumnVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;
import org.apache.flink.table.data.columnar.vector.LongColumnVector;
import org.apache.flink.table.data.columnar.vector.ShortColumnVector;
import org.apache.flink.table.data.columnar.vector.TimestampColumnVector;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * An Arrow vector decoded by an {@link ArrowColumnSink}, seen as a Flink column vector (flat
 * types): what the residual filter reads while the batch is assembled. It owns its vector until the
 * emitter takes it ({@link #handOut}) or releases it ({@link #release}). Fetcher thread, then
 * mailbox thread.
 */
@Internal
final class ArrowColumnView
        implements BooleanColumnVector,
                ByteColumnVector,
                ShortColumnVector,
                IntColumnVector,
                LongColumnVector,
                FloatColumnVector,
                DoubleColumnVector,
                BytesColumnVector,
                TimestampColumnVector,
                ObjectValues {

    private final FieldVector vector;
    private final LogicalType type;
    private final ArrowReaderMemory memory;

    ArrowColumnView(FieldVector vector, LogicalType type, ArrowReaderMemory memory) {
        this.vector = vector;
        this.type = type;
        this.memory = memory;
    }

    /** The vector, read-only. */
    FieldVector vector() {
        return vector;
    }

    /** Hands the vector over to a batch, which releases it. */
    FieldVector handOut() {
        return memory.handOut(vector);
    }

    /** Releases the vector (its rows were copied, or it is not emitted). */
    void release() {
        memory.release(vector);
    }

    @Override
    public boolean isNullAt(int i) {
        return vector.isNull(i);
    }

    @Override
    public boolean getBoolean(int i) {
        return ((BitVector) vector).get(i) != 0;
    }

    private ArrowBuf data() {
        return vector.getDataBuffer();
    }

    @Override
    public byte getByte(int i) {
        return data().getByte(i);
    }

    @Override
    public short getShort(int i) {
        return data().getShort((long) i * 2);
    }

    @Override
    public int getInt(int i) {
        return data().getInt((long) i * 4);
    }

    @Override
    public long getLong(int i) {
        return data().getLong((long) i * 8);
    }

    @Override
    public float getFloat(int i) {
        return data().getFloat((long) i * 4);
    }

    @Override
    public double getDouble(int i) {
        return data().getDouble((long) i * 8);
    }

    @Override
    public Bytes getBytes(int i) {
        byte[] bytes =
                vector instanceof BaseVariableWidthVector
                        ? ((BaseVariableWidthVector) vector).get(i)
                        : ((FixedSizeBinaryVector) vector).get(i);
        return new Bytes(bytes, 0, bytes.length);
    }

    @Override
    public TimestampData getTimestamp(int i, int precision) {
        long value = ((TimeStampVector) vector).get(i);
        TimeUnit unit = ArrowTypes.unit(type);
        switch (unit) {
            case MILLISECOND:
                return TimestampData.fromEpochMillis(value);
            case MICROSECOND:
                return TimestampData.fromEpochMillis(
                        Math.floorDiv(value, 1_000L), (int) Math.floorMod(value, 1_000L) * 1_000);
            default:
                return TimestampData.fromEpochMillis(
                        Math.floorDiv(value, 1_000_000L), (int) Math.floorMod(value, 1_000_000L));
        }
    }

    @Override
    public Object get(int i) {
        DecimalType decimal = (DecimalType) type;
        return DecimalData.fromBigDecimal(
                ((DecimalVector) vector).getObject(i), decimal.getPrecision(), decimal.getScale());
    }
}
