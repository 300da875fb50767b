package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

/**
 * A {@link ColumnSink} that holds one column of one batch at a time: {@link #open} starts the
 * column of a batch in fresh storage, the decoder writes it, {@link #take} hands it over as a Flink
 * {@link ColumnVector} (what the residual filter and the row outputs read). Storage taken is never
 * written again. Fetcher thread only.
 */
@Internal
public interface BatchColumnSink extends ColumnSink {

    /** Starts the column of a batch of exactly {@code rows} rows in fresh storage. */
    void open(int rows);

    /** The column of the batch just decoded; the next batch goes to fresh storage. */
    ColumnVector take();

    /**
     * Whether the column last handed out by {@link #take} holds no NULL; false when that is not
     * known. Rows skip the vector's (megamorphic) {@code isNullAt} for such columns.
     */
    default boolean tookNoNulls() {
        return false;
    }
}
