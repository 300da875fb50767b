package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;

import org.apache.parquet.schema.MessageType;

import javax.annotation.Nullable;

/**
 * Reads a top-level ROW whose fields are all primitive and not repeated straight from its leaf
 * columns, one value or NULL of each per row ({@link RowFields}), without parquet-java's record
 * assembly: a definition level below the group's own is a NULL row. Each row is a {@link
 * GenericRowData}. Fetcher thread.
 */
@Internal
final class StructFieldReader extends NestedValueReader {

    private final RowFields fields;
    private final int rowLevel;

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
        super(sink);
        this.fields = new RowFields(columns, fields, arity);
        MessageType schema = columns.schema();
        this.rowLevel = schema.getMaxDefinitionLevel(schema.getType(0).getName());
    }

    @Override
    @Nullable
    GenericRowData next() {
        GenericRowData row = fields.first().definitionLevel() < rowLevel ? null : fields.read();
        fields.consume();
        return row;
    }

    @Override
    public void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            fields.skipValues();
            fields.consume();
        }
    }
}
