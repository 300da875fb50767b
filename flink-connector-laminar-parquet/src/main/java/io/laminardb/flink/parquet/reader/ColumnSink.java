package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

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
}
