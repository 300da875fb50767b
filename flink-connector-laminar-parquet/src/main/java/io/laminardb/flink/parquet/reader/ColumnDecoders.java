package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Chooses the decoder of a column chunk: {@link FlatColumnReader} for flat columns whose encodings
 * it decodes in bulk, {@link PrimitiveFieldReader} for other flat columns, the readers of {@link
 * NestedColumnReaders} for nested columns (arrays, maps and rows at any depth, assembled from their
 * leaves' levels), {@link NestedFieldReader} for the shapes those decline. Fetcher thread.
 */
@Internal
final class ColumnDecoders {

    private ColumnDecoders() {}

    /**
     * The decoder of one column of a scanned row group.
     *
     * @param column the file's column, pruned to the fields read
     * @param type the Flink type the column is read as
     * @param sink where the decoder writes
     */
    static ColumnDecoder create(
            ScannedRowGroup group,
            Type column,
            LogicalType type,
            MessageType fileSchema,
            String createdBy,
            ColumnSink sink) {
        PageReadStore pages = group.pages();
        if (column.isPrimitive()
                && FlatColumnReader.canRead(column, chunkOf(group.block(), column))) {
            return new FlatColumnReader(pages, column.asPrimitiveType(), type, sink);
        }
        if (column.isPrimitive() && !column.isRepetition(Type.Repetition.REPEATED)) {
            return new PrimitiveFieldReader(pages, column.asPrimitiveType(), type, createdBy, sink);
        }
        ColumnDecoder nested =
                NestedColumnReaders.create(pages, group.block(), column, type, createdBy, sink);
        if (nested != null) {
            return nested;
        }
        return new NestedFieldReader(pages, column, fileSchema, type, createdBy, sink);
    }

    private static ColumnChunkMetaData chunkOf(BlockMetaData block, Type column) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            String[] path = chunk.getPath().toArray();
            if (path.length == 1 && path[0].equals(column.getName())) {
                return chunk;
            }
        }
        throw new IllegalStateException("Row group has no column chunk for " + column.getName());
    }
}
