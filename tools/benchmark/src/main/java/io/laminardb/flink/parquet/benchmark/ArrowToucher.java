package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.arrow.ArrowBatch;
import io.laminardb.flink.parquet.datagen.DataSetGenerator;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.util.Collector;

import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

import java.util.List;

/**
 * {@link RowToucher} for Arrow batches: reads every value of every row from the vectors' buffers
 * (strings hashed over their bytes in place, as Flink hashes a string's bytes), folds them into the
 * same per-row hash, and sums the same checksum, so the harness checks that the Arrow path reads
 * the values the RowData path and Flink's FileSource read. Closes each batch it receives.
 */
final class ArrowToucher extends RichFlatMapFunction<ArrowBatch, Long> {

    private static final long serialVersionUID = 1L;

    private transient LongCounter rows;
    private transient LongCounter checksum;
    private transient long localRows;
    private transient long localChecksum;

    @Override
    public void open(OpenContext openContext) {
        rows = getRuntimeContext().getLongCounter(RowToucher.ROWS);
        checksum = getRuntimeContext().getLongCounter(RowToucher.CHECKSUM);
        localRows = 0;
        localChecksum = 0;
    }

    @Override
    public void flatMap(ArrowBatch batch, Collector<Long> out) {
        try (batch) {
            if (localRows == 0) {
                RowToucher.FIRST_ROW_NANOS.accumulateAndGet(
                        System.nanoTime(), (a, b) -> a == 0 ? b : Math.min(a, b));
                RowToucher.FIRST_ROW_CPU_NANOS.compareAndSet(-1, RowToucher.processCpuNanos());
            }
            VectorSchemaRoot root = batch.root();
            List<FieldVector> vectors = root.getFieldVectors();
            int n = root.getRowCount();
            // Strings are hashed in place, over a Flink memory segment on the vector's buffer.
            MemorySegment[][] text = new MemorySegment[vectors.size()][];
            for (int c = 0; c < text.length; c++) {
                FieldVector vector = vectors.get(c);
                if (vector instanceof BaseVariableWidthVector
                        && vector.getDataBuffer().capacity() > 0) {
                    text[c] =
                            new MemorySegment[] {
                                MemorySegmentFactory.wrapOffHeapMemory(
                                        vector.getDataBuffer()
                                                .nioBuffer(
                                                        0, (int) vector.getDataBuffer().capacity()))
                            };
                }
            }
            for (int i = 0; i < n; i++) {
                long h = 1;
                for (int c = 0; c < text.length; c++) {
                    FieldVector vector = vectors.get(c);
                    h *= 31;
                    if (vector.isNull(i)) {
                        h += 7;
                        continue;
                    }
                    h += value(vector, text[c], i);
                }
                localChecksum += DataSetGenerator.mix(h);
            }
            localRows += n;
        }
    }

    /** What {@link RowToucher} adds for the value, read from the vector's buffers. */
    private static long value(FieldVector vector, MemorySegment[] text, int i) {
        ArrowType type = vector.getField().getType();
        switch (type.getTypeID()) {
            case Bool:
                return ((BitVector) vector).get(i) != 0 ? 1 : 2;
            case Int:
                return ((ArrowType.Int) type).getBitWidth() == 64
                        ? vector.getDataBuffer().getLong((long) i * 8)
                        : vector.getDataBuffer().getInt((long) i * 4);
            case Date:
                return vector.getDataBuffer().getInt((long) i * 4);
            case FloatingPoint:
                return ((ArrowType.FloatingPoint) type).getPrecision()
                                == FloatingPointPrecision.DOUBLE
                        ? Double.doubleToLongBits(vector.getDataBuffer().getDouble((long) i * 8))
                        : Float.floatToIntBits(vector.getDataBuffer().getFloat((long) i * 4));
            case Utf8:
                {
                    BaseVariableWidthVector strings = (BaseVariableWidthVector) vector;
                    int start = strings.getStartOffset(i);
                    int length = strings.getValueLength(i);
                    return BinarySegmentUtils.hash(text, start, length);
                }
            case Binary:
                return java.util.Arrays.hashCode(((BaseVariableWidthVector) vector).get(i));
            case Timestamp:
                {
                    long v = ((TimeStampVector) vector).get(i);
                    TimeUnit unit = ((ArrowType.Timestamp) type).getUnit();
                    long millis;
                    long nanoOfMilli;
                    if (unit == TimeUnit.MILLISECOND) {
                        millis = v;
                        nanoOfMilli = 0;
                    } else if (unit == TimeUnit.MICROSECOND) {
                        millis = Math.floorDiv(v, 1_000L);
                        nanoOfMilli = Math.floorMod(v, 1_000L) * 1_000L;
                    } else {
                        millis = Math.floorDiv(v, 1_000_000L);
                        nanoOfMilli = Math.floorMod(v, 1_000_000L);
                    }
                    return millis * 1_000_003L + nanoOfMilli;
                }
            default:
                throw new IllegalArgumentException(
                        "The benchmark does not read Arrow columns of type " + type);
        }
    }

    @Override
    public void close() {
        if (rows != null) {
            rows.add(localRows);
            checksum.add(localChecksum);
        }
        RowToucher.LAST_ROW_NANOS.accumulateAndGet(System.nanoTime(), Math::max);
        RowToucher.LAST_ROW_CPU_NANOS.accumulateAndGet(RowToucher.processCpuNanos(), Math::max);
    }
}
