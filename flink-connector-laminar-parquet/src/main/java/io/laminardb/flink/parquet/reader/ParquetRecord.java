package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/**
 * A row and the split position just after it: the row group to read next and the rows of it already
 * emitted. One instance is reused for all rows of a batch (the emitter reads it before asking for
 * the next).
 */
@Internal
public final class ParquetRecord {

    private RowData row;
    private int nextRowGroup;
    private long rowsToSkip;

    void set(RowData row, int nextRowGroup, long rowsToSkip) {
        this.row = row;
        this.nextRowGroup = nextRowGroup;
        this.rowsToSkip = rowsToSkip;
    }

    public RowData row() {
        return row;
    }

    public int nextRowGroup() {
        return nextRowGroup;
    }

    public long rowsToSkip() {
        return rowsToSkip;
    }
}
