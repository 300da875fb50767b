package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * The primitive, non-repeated fields of a ROW read in step from their leaf columns, one value or
 * NULL of each per row: a leaf's maximum definition level is a value, a lower one a NULL field.
 * {@link #read} makes each row a {@link GenericRowData}. Used for a top-level ROW ({@link
 * StructFieldReader}) and for the rows of an ARRAY ({@link RowListFieldReader}). Fetcher thread.
 */
@Internal
final class RowFields {

    private final LeafCursor[] leaves;
    private final int[] valueLevels;
    private final int arity;

    /** The row under assembly, which the leaves' converters write into. */
    private GenericRowData current;

    /**
     * @param columns the top-level column alone, as a message, whose leaves are the fields in order
     * @param fields per field of the group, its Flink field and type
     * @param arity the fields of the Flink row
     */
    RowFields(NestedColumnReaders.Leaves columns, NestedColumnReaders.Field[] fields, int arity) {
        this.leaves = new LeafCursor[fields.length];
        this.valueLevels = new int[fields.length];
        for (int j = 0; j < fields.length; j++) {
            ColumnDescriptor leaf = columns.schema().getColumns().get(j);
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
        this.arity = arity;
    }

    /** The cursor of the first field's leaf: where the levels of the group are read. */
    LeafCursor first() {
        return leaves[0];
    }

    /** The row at the cursors: every field's value or NULL. Does not move them. */
    GenericRowData read() {
        GenericRowData row = new GenericRowData(arity);
        current = row;
        for (int j = 0; j < leaves.length; j++) {
            LeafCursor leaf = leaves[j];
            if (leaf.definitionLevel() == valueLevels[j]) {
                leaf.writeValue();
            }
        }
        return row;
    }

    /** Passes over the values at the cursors without reading them. Does not move them. */
    void skipValues() {
        for (int j = 0; j < leaves.length; j++) {
            if (leaves[j].definitionLevel() == valueLevels[j]) {
                leaves[j].skipValue();
            }
        }
    }

    /**
     * Moves every cursor to its next value; fails unless they stay at the same place of the same
     * row (equal repetition levels).
     */
    void consume() {
        for (LeafCursor leaf : leaves) {
            leaf.consume();
        }
        int repetition = leaves[0].repetitionLevel();
        for (int j = 1; j < leaves.length; j++) {
            if (leaves[j].repetitionLevel() != repetition) {
                throw new ParquetDecodingException(
                        "The fields of column "
                                + leaves[0].descriptor()
                                + " do not line up: the repetition levels of field "
                                + leaves[j].descriptor()
                                + " differ");
            }
        }
    }
}
