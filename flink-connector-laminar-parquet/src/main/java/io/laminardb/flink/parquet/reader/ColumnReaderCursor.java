package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;

/**
 * A {@link LeafCursor} over parquet-java's {@link ColumnReader}: every encoding (DELTA_*,
 * BYTE_STREAM_SPLIT too) and the rows a page index kept. Fetcher thread.
 */
@Internal
final class ColumnReaderCursor implements LeafCursor {

    private final ColumnReader reader;

    ColumnReaderCursor(ColumnReader reader) {
        this.reader = reader;
    }

    @Override
    public ColumnDescriptor descriptor() {
        return reader.getDescriptor();
    }

    @Override
    public int definitionLevel() {
        return reader.getCurrentDefinitionLevel();
    }

    @Override
    public int repetitionLevel() {
        return reader.getCurrentRepetitionLevel();
    }

    @Override
    public void writeValue() {
        reader.writeCurrentValueToConverter();
    }

    @Override
    public void skipValue() {
        reader.skip();
    }

    @Override
    public void consume() {
        reader.consume();
    }
}
