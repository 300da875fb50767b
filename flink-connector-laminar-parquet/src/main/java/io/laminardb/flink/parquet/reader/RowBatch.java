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
    final int numRows;
    final int rowGroup;
    final long firstRowInGroup;
    final long rowGroupRowCount;

    RowBatch(
            ColumnVector[] columns,
            int numRows,
            int rowGroup,
            long firstRowInGroup,
            long rowGroupRowCount) {
        this.columns = columns;
        this.numRows = numRows;
        this.rowGroup = rowGroup;
        this.firstRowInGroup = firstRowInGroup;
        this.rowGroupRowCount = rowGroupRowCount;
    }

    public int numRows() {
        return numRows;
    }

    /** Sets {@code record} to row {@code i} of this batch and the position just after it. */
    void fill(ParquetRecord record, int i) {
        long emitted = firstRowInGroup + i + 1;
        if (emitted == rowGroupRowCount) {
            record.set(new BatchRow(columns, i), rowGroup + 1, 0L);
        } else {
            record.set(new BatchRow(columns, i), rowGroup, emitted);
        }
    }
}
