package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.ColumnDescriptor;

/**
 * One leaf column of a nested column, value by value with its levels: what the readers of {@link
 * NestedColumnReaders} assemble arrays, maps and rows from. The cursor stands on one value (one
 * pair of levels); {@link #consume} moves to the next. At the end of the column chunk the
 * repetition level is 0 (no row continues); the readers ask for a definition level only where a row
 * starts or continues ({@link PagedLeafCursor} fails if asked past the end). Fetcher thread.
 */
@Internal
interface LeafCursor {

    /** The leaf column. */
    ColumnDescriptor descriptor();

    /** The current value's definition level; the leaf's maximum when the value is there. */
    int definitionLevel();

    /** The current value's repetition level: 0 where a row starts. */
    int repetitionLevel();

    /** Hands the current value to the leaf's converter; only where the value is there. */
    void writeValue();

    /** Passes over the current value without converting it; only where the value is there. */
    void skipValue();

    /** Moves to the next value. */
    void consume();

    /**
     * Hands the current value, and the values after it that are there and are the next elements of
     * the same array (repetition level {@code repetition}), to the leaf's converter, and moves past
     * them: one value at least, only where the current value is there. A cursor may hand a run over
     * at once; this one hands over the current value alone.
     */
    default void writeRun(int repetition) {
        writeValue();
        consume();
    }
}
