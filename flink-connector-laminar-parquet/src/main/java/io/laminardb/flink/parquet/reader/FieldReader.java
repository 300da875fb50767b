package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;

/**
 * Decodes one top-level column of one row group, a batch of rows at a time, into a fresh vector.
 * Called on the fetcher thread only.
 */
@Internal
interface FieldReader {

    /** Decodes the next {@code rows} rows into positions {@code 0..rows-1} of {@code vector}. */
    void read(int rows, AbstractHeapVector vector);

    /** Skips the next {@code rows} rows (used when resuming inside a row group). */
    void skip(long rows);
}
