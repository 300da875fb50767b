package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

/**
 * Decodes one top-level column of one row group, a batch of rows at a time, into the {@link
 * ColumnSink} it was created with. Knows Parquet's encodings and Flink's logical types, nothing of
 * how the values are stored. Called on the fetcher thread only.
 */
@Internal
interface ColumnDecoder {

    /** Decodes the next {@code rows} rows into rows {@code 0..rows-1} of the sink. */
    void read(int rows);

    /** Skips the next {@code rows} rows (used when resuming inside a row group). */
    void skip(long rows);
}
