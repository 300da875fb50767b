package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Reads a top-level, non-repeated primitive column through parquet-java's {@link ColumnReader},
 * which decodes every encoding (PLAIN, dictionary, RLE, DELTA_*, BYTE_STREAM_SPLIT) of v1 and v2
 * data pages; values go straight into the column vector without boxing.
 */
@Internal
final class PrimitiveFieldReader implements ColumnDecoder {

    private final ColumnReader reader;
    private final ColumnSink sink;
    private final int maxDefinitionLevel;

    PrimitiveFieldReader(
            PageReadStore pages,
            PrimitiveType column,
            LogicalType flinkType,
            String createdBy,
            ColumnSink sink) {
        MessageType schema = new MessageType("root", column);
        this.sink = sink;
        PrimitiveConverter converter = LeafConverters.create(column, flinkType, sink);
        GroupConverter root =
                new GroupConverter() {
                    @Override
                    public Converter getConverter(int fieldIndex) {
                        return converter;
                    }

                    @Override
                    public void start() {}

                    @Override
                    public void end() {}
                };
        ColumnDescriptor descriptor = schema.getColumns().get(0);
        this.reader =
                new ColumnReadStoreImpl(pages, root, schema, createdBy).getColumnReader(descriptor);
        this.maxDefinitionLevel = descriptor.getMaxDefinitionLevel();
    }

    @Override
    public void read(int rows) {
        if (maxDefinitionLevel == 0) {
            for (int i = 0; i < rows; i++) {
                sink.position(i);
                reader.writeCurrentValueToConverter();
                reader.consume();
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            sink.position(i);
            if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                reader.writeCurrentValueToConverter();
            } else {
                sink.setNull();
            }
            reader.consume();
        }
    }

    @Override
    public void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                reader.skip();
            }
            reader.consume();
        }
    }
}
