package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.split.ParquetSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.core.io.InputStatus;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * The source reader: one fetcher thread reads splits ({@link ParquetSplitReader}), kept between
 * splits ({@link ParquetFetcherManager}); the mailbox thread emits rows ({@link
 * ParquetRecordEmitter}) and asks the enumerator for the next split whenever one is finished. In a
 * continuous read, a reader without a split marks its output idle until it gets one, so downstream
 * event time goes on without it.
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

    /** Whether the reader marks its output idle while it has no split (continuous reads). */
    private final boolean idleWithoutSplits;

    /**
     * Whether the reader asks for more splits when its last split starts rather than when it is
     * done (reads without a file order, whose enumerator hands out several splits per request).
     */
    private final boolean requestSplitsAhead;

    /**
     * The id of the split output that stands in, marked idle, while the reader has no split. No
     * split has it: split ids are {@code path@mtime#firstRowGroup+count}.
     */
    private static final String IDLE_OUTPUT = "<no split: idle>";

    /** Whether the output was marked idle (no split to read); mailbox thread. */
    private boolean idle;

    /**
     * @param eventTimeColumn the produced column whose value becomes each record's timestamp
     * @param limit how many rows this reader emits at most before it ends its input
     * @param idleWithoutSplits whether to mark the output idle while no split is assigned (an
     *     unbounded read, where a reader may wait long for new files)
     */
    public ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            int batchSize,
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            @Nullable String eventTimeColumn,
            long limit,
            boolean idleWithoutSplits) {
        this(
                context,
                plan,
                batchSize,
                converter,
                metrics,
                eventTimeColumn,
                limit,
                idleWithoutSplits,
                StorageSettings.CLUSTER,
                RangeReadSettings.DEFAULT,
                false);
    }

    /**
     * As above, reading the files through the file system of the source's storage settings.
     *
     * @param storage the source's storage settings
     * @param io how row groups are fetched (coalescing, prefetch)
     * @param requestSplitsAhead whether to ask for splits when the last one starts (reads without a
     *     file order) rather than when it is done
     */
    public ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            int batchSize,
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            @Nullable String eventTimeColumn,
            long limit,
            boolean idleWithoutSplits,
            StorageSettings storage,
            RangeReadSettings io,
            boolean requestSplitsAhead) {
        this(
                context,
                plan,
                batchSize,
                converter,
                metrics,
                storage,
                io,
                new ParquetRecordEmitter<>(
                        converter,
                        metrics,
                        plan.readSchema().producedType(),
                        eventTimeColumn,
                        limit),
                idleWithoutSplits,
                requestSplitsAhead);
    }

    private ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            int batchSize,
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            StorageSettings storage,
            RangeReadSettings io,
            ParquetRecordEmitter<T> emitter,
            boolean idleWithoutSplits,
            boolean requestSplitsAhead) {
        super(
                new ParquetFetcherManager(
                        () ->
                                new ParquetSplitReader(
                                        plan,
                                        batchSize,
                                        metrics,
                                        storage,
                                        BatchColumnSinks.FLINK,
                                        io,
                                        pooledBatches(converter, context)),
                        context.getConfiguration()),
                emitter,
                context.getConfiguration(),
                context);
        this.metrics = metrics;
        this.rowEmitter = emitter;
        this.resources = null;
        this.idleWithoutSplits = idleWithoutSplits;
        this.requestSplitsAhead = requestSplitsAhead;
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
            AutoCloseable resources,
            StorageSettings storage,
            RangeReadSettings io,
            boolean idleWithoutSplits,
            boolean requestSplitsAhead) {
        super(
                new ParquetFetcherManager(
                        () -> new ParquetSplitReader(plan, batchSize, metrics, storage, sinks, io),
                        context.getConfiguration()),
                emitter,
                context.getConfiguration(),
                context);
        this.metrics = metrics;
        this.rowEmitter = null;
        this.resources = resources;
        this.idleWithoutSplits = idleWithoutSplits;
        this.requestSplitsAhead = requestSplitsAhead;
    }

    /**
     * How many batches the fetcher circulates for a row output: none (a fresh batch each time) when
     * the converter's records may read a row after Flink is done with them, else as many as can be
     * out at once with the reader's element queue ({@link BatchPool#batchesToCirculate}). The
     * emitter emits every row of a batch in one call, and the base class recycles the element only
     * after that call, so a recycled batch has no row left to emit; what downstream does with an
     * emitted row is Flink's object-reuse contract ({@link RecordConverter#allowsBatchReuse()}).
     */
    private static int pooledBatches(RecordConverter<?> converter, SourceReaderContext context) {
        return converter.allowsBatchReuse()
                ? BatchPool.batchesToCirculate(
                        context.getConfiguration().get(SourceReaderOptions.ELEMENT_QUEUE_CAPACITY))
                : 0;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (rowEmitter != null && rowEmitter.limitReached()) {
            return InputStatus.END_OF_INPUT;
        }
        if (idle && getNumberOfCurrentlyAssignedSplits() > 0) {
            output.releaseOutputForSplit(IDLE_OUTPUT);
            output.markActive();
            idle = false;
        }
        InputStatus status = super.pollNext(output);
        if (status == InputStatus.NOTHING_AVAILABLE
                && idleWithoutSplits
                && !idle
                && getNumberOfCurrentlyAssignedSplits() == 0) {
            // Waiting for a split (a continuous read with nothing new): downstream event time
            // must not wait for this reader's watermark. Flink marks a source task idle only when
            // its main output and its split outputs are all idle, and with no split output at
            // all the split outputs never count as idle: an idle stand-in output makes them so.
            output.createOutputForSplit(IDLE_OUTPUT).markIdle();
            output.markIdle();
            idle = true;
        }
        return status;
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
    public void notifyNoMoreSplits() {
        ((ParquetFetcherManager) splitFetcherManager).noMoreSplits();
        super.notifyNoMoreSplits();
    }

    @Override
    protected void onSplitFinished(Map<String, ParquetSplitState> finishedSplitIds) {
        for (ParquetSplitState state : finishedSplitIds.values()) {
            metrics.splitFinished(state.toSplit().remainingRows());
        }
        // Without a file order, ask again when the last split assigned starts (or none is left):
        // the enumerator may send several splits per request, and the next ones then arrive while
        // the last is read. Such a reader holds up to two requests' splits; never more, as it
        // does not ask while it holds more than one. With a file order, ask when a split is done,
        // so that no split waits in this reader's queue while another reader is free.
        if (!requestSplitsAhead || getNumberOfCurrentlyAssignedSplits() <= 1) {
            context.sendSplitRequest();
        }
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
