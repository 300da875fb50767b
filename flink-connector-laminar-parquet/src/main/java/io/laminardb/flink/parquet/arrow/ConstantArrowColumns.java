package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.reader.ConstantColumnVector;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Arrow vectors of constant columns (Hive partition values, the file's metadata, the row group
 * of {@code ROW_GROUP}, declared columns a file lacks): per column one template vector, written
 * once with the value in {@code batchSize} rows when the value changes (per split, or per row
 * group), and handed to each batch as a zero-copy slice of its first rows: the batch's vector
 * shares the template's buffers (reference counted in the reader's allocator), so a constant column
 * costs nothing per row and one small object per batch. Plain Arrow vectors, so every Arrow reader
 * reads them (a run-end-encoded vector would be smaller, but Arrow's JavaScript implementation,
 * among others, does not read that layout). Batches are read-only: writing into a batch's constant
 * vector would change it in every batch sharing it. Mailbox thread.
 */
@Internal
public final class ConstantArrowColumns {

    private final ArrowReaderMemory memory;
    private final List<Field> fields;
    private final RowType producedType;
    private final int batchSize;

    /** Per column: the Flink column the template holds the value of, and the template. */
    private final ConstantColumnVector[] sources;

    private final FieldVector[] templates;

    /**
     * @param producedType the batches' Flink row type
     * @param fields its Arrow fields ({@link ArrowTypes#schema})
     * @param batchSize the rows of a template: a batch's rows at most
     * @param memory the reader's Arrow memory, which holds the templates and releases them
     */
    public ConstantArrowColumns(
            RowType producedType, List<Field> fields, int batchSize, ArrowReaderMemory memory) {
        this.producedType = producedType;
        this.batchSize = batchSize;
        this.fields = fields;
        this.memory = memory;
        this.sources = new ConstantColumnVector[fields.size()];
        this.templates = new FieldVector[fields.size()];
    }

    /** Column {@code c} of a batch of {@code rows} rows, all holding {@code column}'s value. */
    public FieldVector vector(int c, ConstantColumnVector column, int rows) {
        FieldVector template = templates[c];
        if (template == null || template.getValueCount() < rows || !sameValue(sources[c], column)) {
            template = rebuild(c, column, Math.max(rows, batchSize));
        }
        TransferPair slice = template.getTransferPair(memory.allocator());
        slice.splitAndTransfer(0, rows);
        return (FieldVector) slice.getTo();
    }

    private static boolean sameValue(ConstantColumnVector held, ConstantColumnVector column) {
        if (held == column) {
            return true; // the same split's or row group's column: the common case
        }
        Object a = held.get(0);
        Object b = column.get(0);
        return a instanceof byte[] && b instanceof byte[]
                ? Arrays.equals((byte[]) a, (byte[]) b)
                : Objects.equals(a, b);
    }

    private FieldVector rebuild(int c, ConstantColumnVector column, int rows) {
        release(c);
        Field field = fields.get(c);
        LogicalType type = producedType.getTypeAt(c);
        FieldVector template = memory.newVector(field, rows);
        Object value = column.get(0);
        try {
            if (value != null) {
                for (int k = 0; k < rows; k++) {
                    FlinkToArrow.write(template, k, value, type, field.getName());
                }
            }
            template.setValueCount(rows);
        } catch (OutOfMemoryException e) {
            memory.release(template);
            throw memory.limitExceeded(field.getName(), e);
        } catch (RuntimeException e) {
            memory.release(template);
            throw e;
        }
        sources[c] = column;
        templates[c] = template;
        return template;
    }

    private void release(int c) {
        @Nullable FieldVector template = templates[c];
        if (template != null) {
            memory.release(template); // slices still in batches keep their buffers alive
            templates[c] = null;
            sources[c] = null;
        }
    }
}
