package io.laminardb.flink.parquet.split;

import org.apache.flink.annotation.Internal;

/**
 * The mutable reading position of a {@link ParquetSplit} inside a source reader: the row group to
 * read next and its rows (in file order) before the next row to emit. Advanced by the record
 * emitter after each record is handed downstream, so a checkpoint taken between two records resumes
 * at the exact row. Mailbox thread only.
 */
@Internal
public final class ParquetSplitState {

    private final ParquetSplit split;
    private int nextRowGroup;
    private long rowsToSkip;

    public ParquetSplitState(ParquetSplit split) {
        this.split = split;
        this.nextRowGroup = split.nextRowGroup();
        this.rowsToSkip = split.rowsToSkip();
    }

    public void setPosition(int nextRowGroup, long rowsToSkip) {
        this.nextRowGroup = nextRowGroup;
        this.rowsToSkip = rowsToSkip;
    }

    public ParquetSplit split() {
        return split;
    }

    public ParquetSplit toSplit() {
        return split.withPosition(nextRowGroup, rowsToSkip);
    }
}
