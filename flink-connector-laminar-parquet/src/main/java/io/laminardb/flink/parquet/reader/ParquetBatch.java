package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

import javax.annotation.Nullable;

/**
 * What a split reader hands to the emitter: one decoded batch of one split, in the produced layout
 * (file, partition and metadata columns), the rows of it that passed the filter, and the split
 * position just after it (the row group to read next and the rows of it to skip). A batch never
 * spans two row groups.
 *
 * <p>A batch of fresh vectors is never written once handed out: its rows stay valid for as long as
 * anyone holds them. A batch of pooled vectors ({@link BatchPool}, outputs whose records hold
 * nothing of a row once Flink is done with it: {@link RecordConverter#allowsBatchReuse()}) is valid
 * until {@link #recycle()}, which the source reader calls once every row of it was emitted; its
 * vectors then go to a later batch.
 *
 * <p>The RowData and Avro outputs iterate its rows; a columnar output can take the vectors whole
 * (and never gets pooled vectors).
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

    /** The row {@link #reusedRow} hands out, made on first use. */
    @Nullable private BatchRow reused;

    /** The pooled vectors this batch is in, until recycled; null for fresh vectors. */
    @Nullable private BatchVectors pooled;

    ParquetBatch(
            ColumnVector[] columns,
            boolean[] noNulls,
            @Nullable int[] selection,
            int numRows,
            int nextRowGroup,
            long rowsToSkip,
            @Nullable BatchVectors pooled) {
        this.columns = columns;
        this.noNulls = noNulls;
        this.selection = selection;
        this.numRows = numRows;
        this.nextRowGroup = nextRowGroup;
        this.rowsToSkip = rowsToSkip;
        this.pooled = pooled;
    }

    /**
     * Gives a pooled batch's vectors back for a later batch: nothing reads this batch's rows any
     * more. Nothing for a batch of fresh vectors; once only otherwise. Mailbox thread.
     */
    public void recycle() {
        BatchVectors vectors = pooled;
        if (vectors != null) {
            pooled = null;
            vectors.release();
        }
    }

    /** Whether this batch's vectors go to a later batch once {@link #recycle() recycled}. */
    boolean isPooled() {
        return pooled != null;
    }

    /** The rows emitted (after the filter); may be 0. */
    public int numRows() {
        return numRows;
    }

    /** The {@code k}-th emitted row, a row object of its own. */
    public RowData row(int k) {
        return new BatchRow(columns, noNulls, selection == null ? k : selection[k]);
    }

    /**
     * The {@code k}-th emitted row in the one row object this batch hands out for every {@code k}:
     * it reads row {@code k} until the next call. For outputs whose records hold nothing of a row
     * once Flink is done with them ({@link RecordConverter#allowsBatchReuse()}), as Flink's own
     * columnar rows are reused: no row object per row.
     */
    public RowData reusedRow(int k) {
        BatchRow row = reused;
        if (row == null) {
            row = new BatchRow(columns, noNulls, 0);
            reused = row;
        }
        return row.moveTo(selection == null ? k : selection[k]);
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
