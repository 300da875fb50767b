package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a top-level ROW whose fields are all primitive and not repeated straight from its leaf
 * columns, one value or NULL of each per row, without parquet-java's record assembly: a definition
 * level below the group's own is a NULL row; a leaf's maximum is a value, anything between a NULL
 * field. Each row is a {@link GenericRowData}. Fetcher thread.
 */
@Internal
final class StructFieldReader implements ColumnDecoder {

    private final LeafCursor[] leaves;
    private final int[] valueLevels;
    private final int rowLevel;
    private final int arity;
    private final ColumnSink sink;

    /** The row under assembly, which the leaves' converters write into. */
    private GenericRowData current;

    /**
     * @param columns the column alone, as a message, whose leaves are the group's fields in order
     * @param fields per field of the group, its Flink field and type
     * @param arity the fields of the Flink row
     */
    StructFieldReader(
            NestedColumnReaders.Leaves columns,
            NestedColumnReaders.Field[] fields,
            int arity,
            ColumnSink sink) {
        MessageType schema = columns.schema();
        this.leaves = new LeafCursor[fields.length];
        this.valueLevels = new int[fields.length];
        for (int j = 0; j < fields.length; j++) {
            ColumnDescriptor leaf = schema.getColumns().get(j);
            int field = fields[j].index();
            ObjectTarget target =
                    new ObjectTarget() {
                        @Override
                        public void set(Object value) {
                            current.setField(field, value);
                        }
                    };
            leaves[j] = columns.open(leaf, fields[j].type(), target);
            valueLevels[j] = leaf.getMaxDefinitionLevel();
        }
        this.rowLevel = schema.getMaxDefinitionLevel(schema.getType(0).getName());
        this.arity = arity;
        this.sink = sink;
    }

    @Override
    public void read(int rows) {
        for (int i = 0; i < rows; i++) {
            sink.position(i);
            if (leaves[0].definitionLevel() < rowLevel) {
                for (LeafCursor leaf : leaves) {
                    leaf.consume();
                }
                sink.setNull();
                continue;
            }
            current = new GenericRowData(arity);
            for (int j = 0; j < leaves.length; j++) {
                LeafCursor leaf = leaves[j];
                if (leaf.definitionLevel() == valueLevels[j]) {
                    leaf.writeValue();
                }
                leaf.consume();
            }
            sink.setObject(current);
        }
    }

    @Override
    public void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            for (int j = 0; j < leaves.length; j++) {
                if (leaves[j].definitionLevel() == valueLevels[j]) {
                    leaves[j].skipValue();
                }
                leaves[j].consume();
            }
        }
    }
}
