package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import javax.annotation.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Runs of one column's INT32, INT64, FLOAT or DOUBLE values that go to the sink unchanged ({@link
 * LeafConverters#passesValuesUnchanged}), of INT32 values read as TINYINT or SMALLINT ({@link
 * LeafConverters#narrowInts}), of INT64 values read as timestamps ({@link
 * LeafConverters#epochTimestamps}), or of INT32 and INT64 unscaled decimals ({@link
 * LeafConverters#decimalRescaler}): decoded from a PLAIN page or from dictionary ids into one array
 * the column keeps, and handed to the {@link ColumnSink} in one call ({@link ColumnSink#setInts}
 * and the like), instead of one converter call and two sink calls per value. Fetcher thread.
 */
@Internal
final class NumberRuns {

    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT_LE =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_LE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final ColumnSink sink;
    private final PrimitiveTypeName type;
    private final ColumnDescriptor column;

    /** For INT64 values that are timestamps, their converter; else null. */
    @Nullable private final LeafConverters.EpochTimestamps timestamps;

    /** For INT32 and INT64 values that are unscaled decimals, their rescaler; else null. */
    @Nullable private final LeafConverters.Rescaler decimals;

    /** For INT32 values read as TINYINT or SMALLINT, their converter; else null. */
    @Nullable private final LeafConverters.NarrowInts narrowInts;

    /** Bytes per PLAIN value. */
    private final int width;

    /** The run being handed over; only the array of {@link #type} is ever made. */
    private int[] ints = new int[0];

    private long[] longs = new long[0];
    private float[] floats = new float[0];
    private double[] doubles = new double[0];

    NumberRuns(
            ColumnSink sink,
            PrimitiveTypeName type,
            @Nullable LeafConverters.EpochTimestamps timestamps,
            @Nullable LeafConverters.Rescaler decimals,
            @Nullable LeafConverters.NarrowInts narrowInts,
            ColumnDescriptor column) {
        this.sink = sink;
        this.type = type;
        this.timestamps = timestamps;
        this.decimals = decimals;
        this.narrowInts = narrowInts;
        this.column = column;
        this.width = type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.DOUBLE ? 8 : 4;
    }

    /**
     * Rows {@code row..row+n-1} are the dictionary's entries of {@code ids[0..n-1]}; {@code
     * entries} is the decoded dictionary, an array of the column's type.
     */
    void fromDictionary(int row, Object entries, int[] ids, int n) {
        switch (type) {
            case INT32:
                {
                    int[] dictionary = (int[]) entries;
                    int[] out = ints(n);
                    for (int i = 0; i < n; i++) {
                        out[i] =
                                dictionary[
                                        FlatColumnReader.checkedId(
                                                ids[i], dictionary.length, column)];
                    }
                    setInts(row, out, n);
                    break;
                }
            case INT64:
                {
                    long[] dictionary = (long[]) entries;
                    long[] out = longs(n);
                    for (int i = 0; i < n; i++) {
                        out[i] =
                                dictionary[
                                        FlatColumnReader.checkedId(
                                                ids[i], dictionary.length, column)];
                    }
                    setLongs(row, out, n);
                    break;
                }
            case FLOAT:
                {
                    float[] dictionary = (float[]) entries;
                    float[] out = floats(n);
                    for (int i = 0; i < n; i++) {
                        out[i] =
                                dictionary[
                                        FlatColumnReader.checkedId(
                                                ids[i], dictionary.length, column)];
                    }
                    sink.setFloats(row, out, n);
                    break;
                }
            default: // DOUBLE
                {
                    double[] dictionary = (double[]) entries;
                    double[] out = doubles(n);
                    for (int i = 0; i < n; i++) {
                        out[i] =
                                dictionary[
                                        FlatColumnReader.checkedId(
                                                ids[i], dictionary.length, column)];
                    }
                    sink.setDoubles(row, out, n);
                }
        }
    }

    /**
     * Rows {@code row..row+n-1} are the {@code n} PLAIN values at {@code page[at..]}, of which
     * {@code available} bytes belong to the page; returns the bytes they took.
     */
    int plain(int row, byte[] page, int at, long available, int n) {
        int bytes = width * n;
        if (bytes > available) {
            throw new ParquetDecodingException(
                    "PLAIN values end before their count in column " + column);
        }
        switch (type) {
            case INT32:
                {
                    int[] out = ints(n);
                    for (int i = 0; i < n; i++, at += 4) {
                        out[i] = (int) INT_LE.get(page, at);
                    }
                    setInts(row, out, n);
                    break;
                }
            case INT64:
                {
                    long[] out = longs(n);
                    for (int i = 0; i < n; i++, at += 8) {
                        out[i] = (long) LONG_LE.get(page, at);
                    }
                    setLongs(row, out, n);
                    break;
                }
            case FLOAT:
                {
                    float[] out = floats(n);
                    for (int i = 0; i < n; i++, at += 4) {
                        out[i] = (float) FLOAT_LE.get(page, at);
                    }
                    sink.setFloats(row, out, n);
                    break;
                }
            default: // DOUBLE
                {
                    double[] out = doubles(n);
                    for (int i = 0; i < n; i++, at += 8) {
                        out[i] = (double) DOUBLE_LE.get(page, at);
                    }
                    sink.setDoubles(row, out, n);
                }
        }
        return bytes;
    }

    private void setInts(int row, int[] values, int n) {
        if (decimals != null) {
            long[] widened = longs(n);
            for (int i = 0; i < n; i++) {
                widened[i] = values[i];
            }
            decimals.write(sink, row, widened, n);
        } else if (narrowInts != null) {
            narrowInts.write(sink, row, values, n);
        } else {
            sink.setInts(row, values, n);
        }
    }

    private void setLongs(int row, long[] values, int n) {
        if (decimals != null) {
            decimals.write(sink, row, values, n);
        } else if (timestamps != null) {
            timestamps.write(sink, row, values, n);
        } else {
            sink.setLongs(row, values, n);
        }
    }

    private int[] ints(int n) {
        if (ints.length < n) {
            ints = new int[Math.max(n, 1024)];
        }
        return ints;
    }

    private long[] longs(int n) {
        if (longs.length < n) {
            longs = new long[Math.max(n, 1024)];
        }
        return longs;
    }

    private float[] floats(int n) {
        if (floats.length < n) {
            floats = new float[Math.max(n, 1024)];
        }
        return floats;
    }

    private double[] doubles(int n) {
        if (doubles.length < n) {
            doubles = new double[Math.max(n, 1024)];
        }
        return doubles;
    }
}
