package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

import javax.annotation.Nullable;

/**
 * What a split reader hands to the emitter: one decoded batch of one split, in the produced layout
 * (file, partition and metadata columns), the rows of it that passed the filter, and the split
 * position just after it (the row group to read next and the rows of it to skip). A batch never
 * spans two row groups, its vectors are never written once it is handed out, and its rows stay
 * valid for as long as anyone holds them (object reuse is safe).
 *
 * <p>The RowData and Avro outputs iterate its rows; a columnar output can take the vectors whole.
 */
@Internal
public final class ParquetBatch {

    private final ColumnVector[] columns;

    /**
     * Per column, whether it holds no NULL in this batch (false: unknown); see {@link BatchRow}.
     */
    private final boolean[] noNulls;

    /** Rows of the vectors that are emitted, in order, or null for all of them. */
    @Nullable private final int[] selection;

    private final int numRows;
    private final int nextRowGroup;
    private final long rowsToSkip;

    ParquetBatch(
            ColumnVector[] columns,
            boolean[] noNulls,
            @Nullable int[] selection,
            int numRows,
            int nextRowGroup,
            long rowsToSkip) {
        this.columns = columns;
        this.noNulls = noNulls;
        this.selection = selection;
        this.numRows = numRows;
        this.nextRowGroup = nextRowGroup;
        this.rowsToSkip = rowsToSkip;
    }

    /** The rows emitted (after the filter); may be 0. */
    public int numRows() {
        return numRows;
    }

    /** The {@code k}-th emitted row. */
    public RowData row(int k) {
        return new BatchRow(columns, noNulls, selection == null ? k : selection[k]);
    }

    /** The batch's columns in the produced layout; rows not in {@link #selection()} are dropped. */
    public ColumnVector[] columns() {
        return columns;
    }

    /** The vector rows emitted, in order, or null when every row is. */
    @Nullable
    public int[] selection() {
        return selection;
    }

    /** The row group to resume at after this batch. */
    public int nextRowGroup() {
        return nextRowGroup;
    }

    /** The rows of {@link #nextRowGroup()} (file order) already read after this batch. */
    public long rowsToSkip() {
        return rowsToSkip;
    }
}
