package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

/**
 * Decoded rows of one row group: column vectors plus where the rows sit in their row group. A batch
 * never crosses a row-group boundary. Its vectors are not written after it is handed out.
 */
@Internal
public final class RowBatch {

    final ColumnVector[] columns;

    /** Rows of the batch that are emitted, or null for all of them. */
    final int[] selection;

    final int numRows;
    final int rowGroup;
    final long firstRowInGroup;

    /** File row index of each decoded row when pages were skipped, else null (contiguous). */
    final long[] fileRowIndexes;

    /** Rows of the row group in the file. */
    final long rowGroupRowCount;

    RowBatch(
            ColumnVector[] columns,
            int[] selection,
            int numRows,
            int rowGroup,
            long firstRowInGroup,
            long[] fileRowIndexes,
            long rowGroupRowCount) {
        this.columns = columns;
        this.selection = selection;
        this.numRows = numRows;
        this.rowGroup = rowGroup;
        this.firstRowInGroup = firstRowInGroup;
        this.fileRowIndexes = fileRowIndexes;
        this.rowGroupRowCount = rowGroupRowCount;
    }

    public int numRows() {
        return numRows;
    }

    /**
     * Sets {@code record} to the {@code k}-th emitted row of this batch and the position just after
     * it. Positions count the row group's rows in file order (the page index's row indexes when
     * pages were skipped, not the decoded rows), which is what a restore skips.
     */
    void fill(ParquetRecord record, int k) {
        int i = selection == null ? k : selection[k];
        long emitted = rowInGroup(i) + 1;
        if (emitted == rowGroupRowCount) {
            record.set(new BatchRow(columns, i), rowGroup + 1, 0L);
        } else {
            record.set(new BatchRow(columns, i), rowGroup, emitted);
        }
    }

    /** The index in its row group (file order) of the {@code i}-th decoded row. */
    long rowInGroup(int i) {
        return fileRowIndexes == null ? firstRowInGroup + i : fileRowIndexes[i];
    }
}
