package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.split.ParquetSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.core.io.InputStatus;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * The source reader: one fetcher thread reads splits ({@link ParquetSplitReader}); the mailbox
 * thread emits rows ({@link ParquetRecordEmitter}) and asks the enumerator for the next split
 * whenever one is finished.
 */
@Internal
public final class ParquetSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<
                ParquetBatch, T, ParquetSplit, ParquetSplitState> {

    private final ParquetSourceReaderMetrics metrics;

    /** The row emitter (limit pushdown), or null for an output of whole batches. */
    @Nullable private final ParquetRecordEmitter<T> rowEmitter;

    /** Released when the reader closes, after its fetcher has stopped (e.g. Arrow memory). */
    @Nullable private final AutoCloseable resources;

    /**
     * @param eventTimeColumn the produced column whose value becomes each record's timestamp
     * @param limit how many rows this reader emits at most before it ends its input
     */
    public ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            int batchSize,
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            @Nullable String eventTimeColumn,
            long limit) {
        this(
                context,
                plan,
                batchSize,
                converter,
                metrics,
                new ParquetRecordEmitter<>(
                        converter,
                        metrics,
                        plan.readSchema().producedType(),
                        eventTimeColumn,
                        limit));
    }

    private ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            int batchSize,
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            ParquetRecordEmitter<T> emitter) {
        super(
                () -> new ParquetSplitReader(plan, batchSize, metrics),
                emitter,
                context.getConfiguration(),
                context);
        this.metrics = metrics;
        this.rowEmitter = emitter;
        this.resources = null;
        converter.open(plan.readSchema().producedType());
    }

    /**
     * A reader that emits whole batches: its decoders write into the sinks {@code sinks} makes,
     * {@code emitter} turns each batch into a record, and {@code resources} are closed when the
     * reader closes, after the fetcher thread has stopped.
     */
    public ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            int batchSize,
            BatchColumnSinks sinks,
            RecordEmitter<ParquetBatch, T, ParquetSplitState> emitter,
            ParquetSourceReaderMetrics metrics,
            AutoCloseable resources) {
        super(
                () -> new ParquetSplitReader(plan, batchSize, metrics, sinks),
                emitter,
                context.getConfiguration(),
                context);
        this.metrics = metrics;
        this.rowEmitter = null;
        this.resources = resources;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (rowEmitter != null && rowEmitter.limitReached()) {
            return InputStatus.END_OF_INPUT;
        }
        return super.pollNext(output);
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (resources != null) {
                resources.close();
            }
        }
    }

    @Override
    public void start() {
        // A reader restored with splits reads them first and asks for more when they finish.
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    public void addSplits(List<ParquetSplit> splits) {
        for (ParquetSplit split : splits) {
            metrics.splitAdded(split.remainingRows());
        }
        super.addSplits(splits);
    }

    @Override
    protected void onSplitFinished(Map<String, ParquetSplitState> finishedSplitIds) {
        for (ParquetSplitState state : finishedSplitIds.values()) {
            metrics.splitFinished(state.toSplit().remainingRows());
        }
        context.sendSplitRequest();
    }

    @Override
    protected ParquetSplitState initializedState(ParquetSplit split) {
        return new ParquetSplitState(split);
    }

    @Override
    protected ParquetSplit toSplitType(String splitId, ParquetSplitState state) {
        return state.toSplit();
    }
}
