package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.reader.BatchRow;
import io.laminardb.flink.parquet.reader.ConstantColumnVector;
import io.laminardb.flink.parquet.reader.ParquetBatch;
import io.laminardb.flink.parquet.split.ParquetSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

import java.util.ArrayList;
import java.util.List;

/**
 * Emits each decoded batch as one {@link ArrowBatch}, then moves the split's position past it, so a
 * checkpoint (taken between two calls) resumes at exactly the next row. Columns decoded into Arrow
 * are handed over whole when every row passed the filter, else the rows that passed are copied;
 * constant columns (partition, per-split metadata, missing) share one vector per value ({@link
 * ConstantArrowColumns}); the other columns (nested, row index) are written from their Flink
 * values. The batch is closed when {@code collect} returns (see {@link ArrowBatch} on ownership); a
 * batch without rows is not emitted, only its position is. Mailbox thread.
 */
@Internal
final class ArrowBatchEmitter
        implements RecordEmitter<ParquetBatch, ArrowBatch, ParquetSplitState> {

    private final RowType producedType;
    private final List<Field> fields;
    private final RowData.FieldGetter[] getters;
    private final ArrowReaderMemory memory;
    private final ConstantArrowColumns constants;
    private final ParquetSourceReaderMetrics metrics;

    ArrowBatchEmitter(
            RowType producedType,
            int batchSize,
            ArrowReaderMemory memory,
            ParquetSourceReaderMetrics metrics) {
        this.producedType = producedType;
        this.fields = ArrowTypes.schema(producedType).getFields();
        this.getters = new RowData.FieldGetter[producedType.getFieldCount()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(producedType.getTypeAt(i), i);
        }
        this.memory = memory;
        this.constants = new ConstantArrowColumns(producedType, fields, batchSize, memory);
        this.metrics = metrics;
    }

    @Override
    public void emitRecord(
            ParquetBatch batch, SourceOutput<ArrowBatch> output, ParquetSplitState state) {
        int rows = batch.numRows();
        if (rows > 0) {
            try (ArrowBatch arrow = new ArrowBatch(assemble(batch))) {
                output.collect(arrow);
            }
        } else {
            releaseArrowColumns(batch);
        }
        metrics.batchEmitted(rows);
        state.setPosition(batch.nextRowGroup(), batch.rowsToSkip());
    }

    /** The batch's rows as Arrow vectors; releases the decoded Arrow vectors not handed over. */
    private VectorSchemaRoot assemble(ParquetBatch batch) {
        org.apache.flink.table.data.columnar.vector.ColumnVector[] columns = batch.columns();
        int[] selection = batch.selection();
        int rows = batch.numRows();
        List<FieldVector> vectors = new ArrayList<>(columns.length);
        try {
            for (int c = 0; c < columns.length; c++) {
                vectors.add(column(columns, c, selection, rows));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            releaseArrowColumns(batch);
            throw e;
        }
        releaseArrowColumns(batch);
        return new VectorSchemaRoot(fields, vectors, rows);
    }

    private FieldVector column(
            org.apache.flink.table.data.columnar.vector.ColumnVector[] columns,
            int c,
            int[] selection,
            int rows) {
        Field field = fields.get(c);
        if (columns[c] instanceof ArrowColumnView) {
            ArrowColumnView view = (ArrowColumnView) columns[c];
            if (selection == null) {
                return view.handOut();
            }
            FieldVector copy = memory.newVector(field, rows);
            memory.handOut(copy);
            try {
                for (int k = 0; k < rows; k++) {
                    copy.copyFromSafe(selection[k], k, view.vector());
                }
            } catch (OutOfMemoryException e) {
                copy.close();
                throw memory.limitExceeded(field.getName(), e);
            }
            copy.setValueCount(rows);
            return copy;
        }
        if (columns[c] instanceof ConstantColumnVector) {
            return constants.vector(c, (ConstantColumnVector) columns[c], rows);
        }
        FieldVector vector = memory.newVector(field, rows);
        memory.handOut(vector);
        LogicalType type = producedType.getTypeAt(c);
        try {
            for (int k = 0; k < rows; k++) {
                RowData row = new BatchRow(columns, selection == null ? k : selection[k]);
                FlinkToArrow.write(
                        vector, k, getters[c].getFieldOrNull(row), type, field.getName());
            }
        } catch (OutOfMemoryException e) {
            vector.close();
            throw memory.limitExceeded(field.getName(), e);
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
        vector.setValueCount(rows);
        return vector;
    }

    /** Releases the batch's decoded Arrow vectors that were not handed over (copied or unused). */
    private void releaseArrowColumns(ParquetBatch batch) {
        for (org.apache.flink.table.data.columnar.vector.ColumnVector column : batch.columns()) {
            if (column instanceof ArrowColumnView) {
                ((ArrowColumnView) column).release();
            }
        }
    }
}
