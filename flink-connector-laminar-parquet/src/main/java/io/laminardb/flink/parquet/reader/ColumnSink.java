package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;

import org.apache.parquet.io.api.Binary;

/**
 * Where a {@link ColumnDecoder} writes one column of a batch: for each row, {@link #position} then
 * either one value (the {@link ValueTarget} methods; decimals, timestamps and nested values in
 * Flink's internal form through {@link #setObject}) or {@link #setNull}. The decoder knows nothing
 * of how values are stored: {@link FlinkVectorSink} fills Flink's heap vectors; an Arrow sink can
 * fill Arrow vectors from the same decoding.
 *
 * <p>Called on the fetcher thread only.
 */
@Internal
public interface ColumnSink extends ValueTarget {

    /** The row of the batch (0-based) that the next value or NULL is for. */
    void position(int row);

    /** The current row is NULL. */
    void setNull();

    /** Rows {@code row..row+count-1} are NULL (the current row is then undefined). */
    default void setNulls(int row, int count) {
        for (int i = 0; i < count; i++) {
            position(row + i);
            setNull();
        }
    }

    /**
     * Rows {@code row..row+n-1} get {@code values[0..n-1]}, as {@link #position} and {@link
     * #setInt} row by row would; the sink may copy them in one go.
     */
    default void setInts(int row, int[] values, int n) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            setInt(values[i]);
        }
    }

    /**
     * Rows {@code row..row+n-1} of a TINYINT column get {@code values[0..n-1]} cast to bytes, as
     * {@link #setByte} would.
     */
    default void setTinyInts(int row, int[] values, int n) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            setByte((byte) values[i]);
        }
    }

    /**
     * Rows {@code row..row+n-1} of a SMALLINT column get {@code values[0..n-1]} cast to shorts, as
     * {@link #setShort} would.
     */
    default void setSmallInts(int row, int[] values, int n) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            setShort((short) values[i]);
        }
    }

    /** Rows {@code row..row+n-1} get {@code values[0..n-1]}, as {@link #setLong} would. */
    default void setLongs(int row, long[] values, int n) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            setLong(values[i]);
        }
    }

    /**
     * Rows {@code row..row+n-1} are the DECIMAL({@code precision}, {@code scale}) values of the
     * unscaled longs {@code unscaled[0..n-1]} (a compact precision: at most 18), as {@link
     * #setObject} with their {@link DecimalData} would.
     */
    default void setDecimals(int row, long[] unscaled, int n, int precision, int scale) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            setObject(DecimalData.fromUnscaledLong(unscaled[i], precision, scale));
        }
    }

    /**
     * Rows {@code row..row+n-1} are the timestamps {@code epochUnits[0..n-1]}, each that many
     * milli-, micro- or nanoseconds since the epoch ({@code unitsPerMilli} 1, 1,000 or 1,000,000),
     * as {@link #setTimestamp} would.
     */
    default void setTimestamps(int row, long[] epochUnits, int n, int unitsPerMilli) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            long value = epochUnits[i];
            setTimestamp(
                    LeafConverters.epochMillis(value, unitsPerMilli),
                    LeafConverters.nanoOfMilli(value, unitsPerMilli));
        }
    }

    /** Rows {@code row..row+n-1} get {@code values[0..n-1]}, as {@link #setFloat} would. */
    default void setFloats(int row, float[] values, int n) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            setFloat(values[i]);
        }
    }

    /** Rows {@code row..row+n-1} get {@code values[0..n-1]}, as {@link #setDouble} would. */
    default void setDoubles(int row, double[] values, int n) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            setDouble(values[i]);
        }
    }

    /**
     * The current row's string (UTF-8) or binary value: {@code length} bytes of {@code src} from
     * {@code offset}, a page's buffer that is reused after the call, so the sink copies them.
     */
    default void setBytes(byte[] src, int offset, int length) {
        setBinary(Binary.fromConstantByteArray(src, offset, length));
    }

    /**
     * Rows {@code row..row+n-1} are string (UTF-8) or binary values: {@code lengths[i]} bytes of
     * {@code src} from {@code starts[i]}, all within {@code src[spanStart..spanEnd)} (a page's
     * buffer that is reused after the call), so the sink may copy the span at once. The current row
     * is then undefined.
     */
    default void setByteValues(
            int row, byte[] src, int[] starts, int[] lengths, int n, int spanStart, int spanEnd) {
        for (int i = 0; i < n; i++) {
            position(row + i);
            setBytes(src, starts[i], lengths[i]);
        }
    }

    /**
     * Whether rows of a dictionary entry get the entry's one string object ({@link
     * DictionaryStrings#string}), so a decoded dictionary makes them: a sink of Flink rows of a
     * string column. False for sinks that copy entries' bytes (Arrow) and binary columns.
     */
    default boolean sharesDictionaryStrings() {
        return false;
    }

    /**
     * Rows {@code row..row+n-1} are string (UTF-8) or binary values: entries {@code
     * ids[from..from+n-1]} (in range) of a column chunk's decoded dictionary. Its array never
     * changes, so the sink may keep referring to it (and to the entries' strings) instead of
     * copying. The current row is then undefined.
     */
    default void setDictionaryEntries(
            int row, DictionaryStrings dictionary, int[] ids, int from, int n) {
        for (int i = 0; i < n; i++) {
            int id = ids[from + i];
            position(row + i);
            setBytes(dictionary.bytes(), dictionary.offset(id), dictionary.length(id));
        }
    }
}
