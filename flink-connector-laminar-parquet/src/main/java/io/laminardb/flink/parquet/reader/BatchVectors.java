package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapLongVector;

import javax.annotation.Nullable;

/**
 * The vectors of one pooled batch ({@link BatchPool}), kept for the next batch decoded into them:
 * per file column of the read schema the vector its sink filled last, and the {@code ROW_INDEX}
 * column's vector. A sink reuses a vector only when it is of the class and capacity it needs
 * ({@link BatchColumnSink#open(int, ColumnVector)}), else makes one that is kept from then on.
 * Taken on the fetcher thread, released on the mailbox thread once the batch's rows are all
 * emitted.
 */
@Internal
final class BatchVectors {

    private final BatchPool pool;
    private final ColumnVector[] columns;
    @Nullable private HeapLongVector rowIndexes;

    /** Whether the vectors are out of the pool: a batch holds them. */
    private boolean out;

    BatchVectors(BatchPool pool, int columns) {
        this.pool = pool;
        this.columns = new ColumnVector[columns];
    }

    /** The vector file column {@code column} last filled, or null. */
    @Nullable
    ColumnVector column(int column) {
        return columns[column];
    }

    /** Keeps the vector file column {@code column} was just decoded into. */
    void keep(int column, ColumnVector vector) {
        columns[column] = vector;
    }

    /** A vector for the row indexes of {@code rows} rows (every row is written). */
    HeapLongVector rowIndexes(int rows) {
        if (rowIndexes == null || rowIndexes.vector.length < rows) {
            rowIndexes = new HeapLongVector(rows);
        }
        return rowIndexes;
    }

    void taken() {
        out = true;
    }

    /** Gives the vectors back to the pool: their batch's rows are no longer read. Once only. */
    void release() {
        if (!out) {
            throw new IllegalStateException("A pooled batch was released twice");
        }
        out = false;
        pool.release(this);
    }
}
