package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a top-level nested column (a group, LIST, MAP, or a repeated field) through parquet-java's
 * record assembly, which handles every nesting layout and encoding; each assembled value (Flink's
 * RowData, ArrayData or MapData) goes to the sink as one object.
 */
@Internal
final class NestedFieldReader implements ColumnDecoder {

    private final RecordReader<GenericRowData> records;
    private final ColumnSink sink;

    NestedFieldReader(
            PageReadStore pages,
            Type column,
            MessageType fileSchema,
            LogicalType flinkType,
            String createdBy,
            ColumnSink sink) {
        this.sink = sink;
        MessageType schema = new MessageType("root", column);
        RowType wrapper =
                RowType.of(new LogicalType[] {flinkType}, new String[] {column.getName()});
        NestedConverters.RowConverter root =
                new NestedConverters.RowConverter(
                        schema,
                        wrapper,
                        new ObjectTarget() {
                            @Override
                            public void set(Object value) {}
                        });
        RecordMaterializer<GenericRowData> materializer =
                new RecordMaterializer<>() {
                    @Override
                    public GenericRowData getCurrentRecord() {
                        return root.current();
                    }

                    @Override
                    public GroupConverter getRootConverter() {
                        return root;
                    }
                };
        MessageColumnIO io = new ColumnIOFactory(createdBy).getColumnIO(schema, fileSchema, true);
        this.records = io.getRecordReader(pages, materializer, FilterCompat.NOOP);
    }

    @Override
    public void read(int rows) {
        for (int i = 0; i < rows; i++) {
            Object value = records.read().getField(0);
            sink.position(i);
            if (value == null) {
                sink.setNull();
            } else {
                sink.setObject(value);
            }
        }
    }

    @Override
    public void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            records.read();
        }
    }
}
