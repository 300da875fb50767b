package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.split.ParquetSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Hands each row downstream, then moves the split's position past it, so that a checkpoint (taken
 * between two calls) resumes at exactly the next row. Mailbox thread.
 */
@Internal
public final class ParquetRecordEmitter<T>
        implements RecordEmitter<ParquetRecord, T, ParquetSplitState> {

    private final RecordConverter<T> converter;
    private final ParquetSourceReaderMetrics metrics;

    public ParquetRecordEmitter(RecordConverter<T> converter, ParquetSourceReaderMetrics metrics) {
        this.converter = converter;
        this.metrics = metrics;
    }

    @Override
    public void emitRecord(ParquetRecord record, SourceOutput<T> output, ParquetSplitState state) {
        output.collect(converter.convert(record.row()));
        state.setPosition(record.nextRowGroup(), record.rowsToSkip());
        metrics.rowEmitted();
    }
}
