package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.split.ParquetSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
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
    private final ParquetRecordEmitter<T> emitter;

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
                eventTimeColumn,
                limit,
                StorageSettings.CLUSTER);
    }

    /**
     * As above, reading the files through the file system of the source's storage settings.
     *
     * @param storage the source's storage settings
     */
    public ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            int batchSize,
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            @Nullable String eventTimeColumn,
            long limit,
            StorageSettings storage) {
        this(
                context,
                plan,
                batchSize,
                converter,
                metrics,
                storage,
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
            StorageSettings storage,
            ParquetRecordEmitter<T> emitter) {
        super(
                () -> new ParquetSplitReader(plan, batchSize, metrics, storage),
                emitter,
                context.getConfiguration(),
                context);
        this.metrics = metrics;
        this.emitter = emitter;
        converter.open(plan.readSchema().producedType());
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (emitter.limitReached()) {
            return InputStatus.END_OF_INPUT;
        }
        return super.pollNext(output);
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
