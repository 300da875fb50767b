package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.reader.BatchColumnSink;
import io.laminardb.flink.parquet.reader.DictionaryStrings;
import io.laminardb.flink.parquet.reader.LeafConverters;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.io.api.Binary;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A {@link BatchColumnSink} that decoders write straight into an Arrow vector of the reader's
 * {@link ArrowReaderMemory}: fixed-width values into the data buffer, text and bytes into the
 * variable-width buffers, decimals as unscaled 128-bit integers, timestamps in the unit of {@link
 * ArrowTypes}; a nested value (LIST, MAP, STRUCT), as the nested decoder assembles it, into the
 * list, map or struct vector and its children as it arrives ({@link FlinkToArrow}). {@link #take}
 * hands the vector over as an {@link ArrowColumnView}. Fetcher thread only.
 */
@Internal
final class ArrowColumnSink implements BatchColumnSink {

    private final Field field;
    private final LogicalType type;
    private final ArrowReaderMemory memory;
    private final TimeUnit timeUnit;
    private final boolean nested;

    private FieldVector vector;
    private BaseFixedWidthVector fixed;
    private BaseVariableWidthVector variable;
    private int rows;
    private int row;

    /**
     * Where each dictionary entry of a run starts and its length ({@link #setDictionaryEntries}).
     */
    private int[] entryStarts = new int[0];

    private int[] entryLengths = new int[0];

    ArrowColumnSink(String name, LogicalType type, ArrowReaderMemory memory) {
        this.field = ArrowTypes.field(name, type);
        this.type = type;
        this.memory = memory;
        this.nested = isNested(type);
        switch (type.getTypeRoot()) {
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                this.timeUnit = ArrowTypes.unit(type);
                break;
            default:
                this.timeUnit = null;
        }
    }

    /** Whether decoders of a column of this type can write Arrow directly. */
    static boolean canWrite(LogicalType type) {
        switch (type.getTypeRoot()) {
            case MULTISET:
            case STRUCTURED_TYPE:
                return false;
            default:
                return true;
        }
    }

    private static boolean isNested(LogicalType type) {
        switch (type.getTypeRoot()) {
            case ARRAY:
            case MAP:
            case ROW:
                return true;
            default:
                return false;
        }
    }

    @Override
    public void open(int rows) {
        this.rows = rows;
        vector = memory.newVector(field, rows);
        fixed = vector instanceof BaseFixedWidthVector ? (BaseFixedWidthVector) vector : null;
        variable =
                vector instanceof BaseVariableWidthVector ? (BaseVariableWidthVector) vector : null;
    }

    @Override
    public ArrowColumnView take() {
        FieldVector taken = vector;
        taken.setValueCount(rows);
        vector = null;
        fixed = null;
        variable = null;
        return new ArrowColumnView(taken, type, memory);
    }

    @Override
    public void position(int row) {
        this.row = row;
    }

    @Override
    public void setNull() {
        if (nested) {
            FlinkToArrow.write(vector, row, null, type, field.getName());
        } else {
            vector.setNull(row);
        }
    }

    private void markSet() {
        BitVectorHelper.setBit(fixed.getValidityBuffer(), row);
    }

    @Override
    public void setBoolean(boolean value) {
        ((BitVector) vector).set(row, value ? 1 : 0);
    }

    @Override
    public void setByte(byte value) {
        fixed.getDataBuffer().setByte(row, value);
        markSet();
    }

    @Override
    public void setShort(short value) {
        fixed.getDataBuffer().setShort((long) row * 2, value);
        markSet();
    }

    @Override
    public void setInt(int value) {
        fixed.getDataBuffer().setInt((long) row * 4, value);
        markSet();
    }

    @Override
    public void setLong(long value) {
        fixed.getDataBuffer().setLong((long) row * 8, value);
        markSet();
    }

    @Override
    public void setFloat(float value) {
        fixed.getDataBuffer().setFloat((long) row * 4, value);
        markSet();
    }

    @Override
    public void setDouble(double value) {
        fixed.getDataBuffer().setDouble((long) row * 8, value);
        markSet();
    }

    @Override
    public void setInts(int row, int[] values, int n) {
        ArrowBuf data = fixed.getDataBuffer();
        for (int i = 0; i < n; i++) {
            data.setInt((long) (row + i) * 4, values[i]);
        }
        markSet(row, n);
    }

    @Override
    public void setTinyInts(int row, int[] values, int n) {
        ArrowBuf data = fixed.getDataBuffer();
        for (int i = 0; i < n; i++) {
            data.setByte(row + i, values[i]);
        }
        markSet(row, n);
    }

    @Override
    public void setSmallInts(int row, int[] values, int n) {
        ArrowBuf data = fixed.getDataBuffer();
        for (int i = 0; i < n; i++) {
            data.setShort((long) (row + i) * 2, (short) values[i]);
        }
        markSet(row, n);
    }

    @Override
    public void setLongs(int row, long[] values, int n) {
        ArrowBuf data = fixed.getDataBuffer();
        for (int i = 0; i < n; i++) {
            data.setLong((long) (row + i) * 8, values[i]);
        }
        markSet(row, n);
    }

    @Override
    public void setFloats(int row, float[] values, int n) {
        ArrowBuf data = fixed.getDataBuffer();
        for (int i = 0; i < n; i++) {
            data.setFloat((long) (row + i) * 4, values[i]);
        }
        markSet(row, n);
    }

    @Override
    public void setDoubles(int row, double[] values, int n) {
        ArrowBuf data = fixed.getDataBuffer();
        for (int i = 0; i < n; i++) {
            data.setDouble((long) (row + i) * 8, values[i]);
        }
        markSet(row, n);
    }

    /** Rows {@code row..row+n-1} of the fixed-width vector are set (not NULL). */
    private void markSet(int row, int n) {
        ArrowBuf validity = fixed.getValidityBuffer();
        for (int i = 0; i < n; i++) {
            BitVectorHelper.setBit(validity, row + i);
        }
    }

    @Override
    public void setTimestamp(long epochMillis, int nanoOfMilli) {
        ((TimeStampVector) vector).set(row, inUnit(epochMillis, nanoOfMilli));
    }

    @Override
    public void setTimestamps(int row, long[] epochUnits, int n, int unitsPerMilli) {
        ArrowBuf data = fixed.getDataBuffer();
        if (unitsPerMilli == ArrowTypes.unitsPerMilli(timeUnit)) {
            for (int i = 0; i < n; i++) {
                data.setLong((long) (row + i) * 8, epochUnits[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                long value = epochUnits[i];
                data.setLong(
                        (long) (row + i) * 8,
                        inUnit(
                                LeafConverters.epochMillis(value, unitsPerMilli),
                                LeafConverters.nanoOfMilli(value, unitsPerMilli)));
            }
        }
        markSet(row, n);
    }

    /** A timestamp in the vector's unit; fails naming the column where it does not fit. */
    private long inUnit(long epochMillis, int nanoOfMilli) {
        try {
            return ArrowTypes.toUnit(timeUnit, epochMillis, nanoOfMilli);
        } catch (ArithmeticException e) {
            throw ArrowTypes.timestampDoesNotFit(
                    TimestampData.fromEpochMillis(epochMillis, nanoOfMilli),
                    field.getName(),
                    timeUnit,
                    e);
        }
    }

    @Override
    public void setString(byte[] utf8) {
        setBinary(utf8);
    }

    @Override
    public void setBinary(byte[] bytes) {
        try {
            if (variable != null) {
                variable.setSafe(row, bytes);
            } else {
                setFixedBinary(bytes);
            }
        } catch (OutOfMemoryException e) {
            throw memory.limitExceeded(field.getName(), e);
        }
    }

    @Override
    public void setString(Binary utf8) {
        setBinary(utf8);
    }

    @Override
    public void setBinary(Binary value) {
        if (variable == null) {
            setFixedBinary(value.getBytes());
            return;
        }
        ByteBuffer buffer = value.toByteBuffer();
        try {
            variable.setSafe(row, buffer, buffer.position(), buffer.remaining());
        } catch (OutOfMemoryException e) {
            throw memory.limitExceeded(field.getName(), e);
        }
    }

    @Override
    public void setBytes(byte[] src, int offset, int length) {
        if (variable == null) {
            setFixedBinary(Arrays.copyOfRange(src, offset, offset + length));
            return;
        }
        try {
            // one copy from the page into the Arrow buffer, no Binary per value
            variable.setSafe(row, src, offset, length);
        } catch (OutOfMemoryException e) {
            throw memory.limitExceeded(field.getName(), e);
        }
    }

    @Override
    public void setByteValues(
            int row, byte[] src, int[] starts, int[] lengths, int n, int spanStart, int spanEnd) {
        if (!writeVariable(row, src, starts, lengths, n)) {
            BatchColumnSink.super.setByteValues(row, src, starts, lengths, n, spanStart, spanEnd);
        }
    }

    @Override
    public void setDictionaryEntries(
            int row, DictionaryStrings dictionary, int[] ids, int from, int n) {
        if (entryStarts.length < n) {
            entryStarts = new int[Math.max(n, 1024)];
            entryLengths = new int[entryStarts.length];
        }
        for (int i = 0; i < n; i++) {
            int id = ids[from + i];
            entryStarts[i] = dictionary.offset(id);
            entryLengths[i] = dictionary.length(id);
        }
        if (!writeVariable(row, dictionary.bytes(), entryStarts, entryLengths, n)) {
            BatchColumnSink.super.setDictionaryEntries(row, dictionary, ids, from, n);
        }
    }

    /**
     * Rows {@code row..row+n-1} of the variable-width vector are {@code lengths[i]} bytes of {@code
     * src} from {@code starts[i]}, written with one capacity check for the run; false (nothing
     * written) for a vector of another kind or values past 2 GB.
     */
    private boolean writeVariable(int row, byte[] src, int[] starts, int[] lengths, int n) {
        if (variable == null) {
            return false;
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += lengths[i];
        }
        long at = prepareVariable(row, n, total);
        if (at < 0) {
            return false;
        }
        ArrowBuf offsets = variable.getOffsetBuffer();
        ArrowBuf data = variable.getDataBuffer();
        ArrowBuf validity = variable.getValidityBuffer();
        for (int i = 0; i < n; i++) {
            data.setBytes(at, src, starts[i], lengths[i]);
            at += lengths[i];
            offsets.setInt((long) (row + i + 1) * BaseVariableWidthVector.OFFSET_WIDTH, (int) at);
            BitVectorHelper.setBit(validity, row + i);
        }
        variable.setLastSet(row + n - 1);
        return true;
    }

    /**
     * Makes the variable-width vector ready for values at rows {@code row..row+n-1} of {@code
     * total} bytes in all, written in one go: rows before {@code row} not yet set are empty (as
     * {@code setSafe} leaves them), the buffers hold them. Returns where in the data buffer the
     * first value goes, or -1 when the offsets would pass 2 GB (the values then go one by one, and
     * Arrow's own checks fail as they do).
     */
    private long prepareVariable(int row, int n, long total) {
        try {
            while (row + n - 1 >= variable.getValueCapacity()) {
                variable.reallocValidityAndOffsetBuffers();
            }
            variable.fillEmpties(row);
            long start = variable.getStartOffset(row);
            if (start + total > Integer.MAX_VALUE) {
                return -1;
            }
            while (variable.getDataBuffer().capacity() < start + total) {
                variable.reallocDataBuffer();
            }
            return start;
        } catch (OutOfMemoryException e) {
            throw memory.limitExceeded(field.getName(), e);
        }
    }

    private void setFixedBinary(byte[] bytes) {
        FixedSizeBinaryVector binaries = (FixedSizeBinaryVector) vector;
        if (bytes.length != binaries.getByteWidth()) {
            throw new IllegalArgumentException(
                    "A value of "
                            + bytes.length
                            + " bytes in column '"
                            + field.getName()
                            + "' of type "
                            + type
                            + " does not fit Arrow's FixedSizeBinary("
                            + binaries.getByteWidth()
                            + ")");
        }
        binaries.set(row, bytes);
    }

    @Override
    public void setObject(Object value) {
        if (value == null) {
            // A decimal beyond its declared precision reads as NULL.
            setNull();
        } else if (nested) {
            try {
                FlinkToArrow.write(vector, row, value, type, field.getName());
            } catch (OutOfMemoryException e) {
                throw memory.limitExceeded(field.getName(), e);
            }
        } else if (value instanceof DecimalData) {
            DecimalData decimal = (DecimalData) value;
            if (decimal.isCompact()) {
                ((DecimalVector) vector).set(row, decimal.toUnscaledLong());
            } else {
                ((DecimalVector) vector).set(row, decimal.toBigDecimal());
            }
        } else if (value instanceof TimestampData) {
            TimestampData ts = (TimestampData) value;
            setTimestamp(ts.getMillisecond(), ts.getNanoOfMillisecond());
        } else {
            throw new IllegalArgumentException(
                    "Column '"
                            + field.getName()
                            + "' of type "
                            + type
                            + " cannot take a "
                            + value.getClass().getSimpleName());
        }
    }
}
