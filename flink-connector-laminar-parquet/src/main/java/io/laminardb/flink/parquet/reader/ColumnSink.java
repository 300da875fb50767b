package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

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
     * The current row's string (UTF-8) or binary value: {@code length} bytes of {@code src} from
     * {@code offset}, a page's buffer that is reused after the call, so the sink copies them.
     */
    default void setBytes(byte[] src, int offset, int length) {
        setBinary(Binary.fromConstantByteArray(src, offset, length));
    }

    /**
     * The current row's string (UTF-8) or binary value: entry {@code id} of a column chunk's
     * decoded dictionary. Its array never changes, so the sink may keep referring to it (and to the
     * entry's string) instead of copying.
     */
    default void setDictionaryEntry(DictionaryStrings dictionary, int id) {
        setBytes(dictionary.bytes(), dictionary.offset(id), dictionary.length(id));
    }
}
