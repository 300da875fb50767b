package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

import javax.annotation.Nullable;

/**
 * A {@link ColumnSink} that holds one column of one batch at a time: {@link #open} starts the
 * column of a batch in fresh storage (or, for a pooled batch, in a vector of a batch whose rows
 * were all emitted), the decoder writes it, {@link #take} hands it over as a Flink {@link
 * ColumnVector} (what the residual filter and the row outputs read). Storage taken is not written
 * again until it is passed back to {@link #open(int, ColumnVector)}. Fetcher thread only.
 */
@Internal
public interface BatchColumnSink extends ColumnSink {

    /** Starts the column of a batch of exactly {@code rows} rows in fresh storage. */
    void open(int rows);

    /**
     * Starts the column of a batch of {@code rows} rows in {@code reusable}, a vector this sink's
     * kind took before and nobody reads any more, when it fits (class and capacity); else as {@link
     * #open(int)}. Sinks whose storage is handed over for good (Arrow) ignore it.
     */
    default void open(int rows, @Nullable ColumnVector reusable) {
        open(rows);
    }

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
