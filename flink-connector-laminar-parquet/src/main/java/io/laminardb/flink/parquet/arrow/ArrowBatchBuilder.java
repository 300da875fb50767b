package io.laminardb.flink.parquet.arrow;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects {@link RowData} rows into Arrow vectors (types as {@link ArrowTypes} maps them) and
 * hands them out as an {@link ArrowBatch} when asked; the next rows go to fresh vectors. For sinks
 * that take rows and pass batches on. One thread.
 */
@Internal
public final class ArrowBatchBuilder implements AutoCloseable {

    private final RowType type;
    private final List<Field> fields;
    private final RowData.FieldGetter[] getters;
    private final BufferAllocator allocator;
    private List<FieldVector> vectors;
    private int rows;

    public ArrowBatchBuilder(RowType type, BufferAllocator allocator) {
        this.type = type;
        this.fields = ArrowTypes.schema(type).getFields();
        this.getters = new RowData.FieldGetter[type.getFieldCount()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(type.getTypeAt(i), i);
        }
        this.allocator = allocator;
    }

    /** Appends one row. */
    public void append(RowData row) {
        if (vectors == null) {
            vectors = new ArrayList<>(fields.size());
            for (Field field : fields) {
                FieldVector vector = field.createVector(allocator);
                vector.allocateNew();
                vectors.add(vector);
            }
        }
        for (int c = 0; c < getters.length; c++) {
            FlinkToArrow.write(
                    vectors.get(c),
                    rows,
                    getters[c].getFieldOrNull(row),
                    type.getTypeAt(c),
                    fields.get(c).getName());
        }
        rows++;
    }

    /** The rows appended since the last batch. */
    public int rows() {
        return rows;
    }

    /** The rows appended since the last batch, as a batch the caller owns (closes). */
    public ArrowBatch build() {
        List<FieldVector> taken = vectors == null ? List.of() : vectors;
        for (FieldVector vector : taken) {
            vector.setValueCount(rows);
        }
        ArrowBatch batch = new ArrowBatch(new VectorSchemaRoot(fields, taken, rows));
        vectors = null;
        rows = 0;
        return batch;
    }

    /** Releases rows appended and not built. */
    @Override
    public void close() {
        if (vectors != null) {
            vectors.forEach(FieldVector::close);
            vectors = null;
        }
        rows = 0;
    }
}
