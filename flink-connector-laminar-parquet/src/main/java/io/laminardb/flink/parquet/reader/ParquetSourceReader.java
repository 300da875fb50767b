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
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.core.io.InputStatus;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.apache.flink.util.Preconditions.checkArgument;

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
     * A reader that emits rows: its decoders write into Flink vectors, {@code converter} turns each
     * row into a record.
     *
     * @param eventTimeColumn the produced column whose value becomes each record's timestamp
     * @param limit how many rows this reader emits at most before it ends its input
     * @param settings how the splits are read (batch size, storage, range reads); its sinks must be
     *     {@link BatchColumnSinks#FLINK}, and its pooled batch count is replaced by the one the
     *     converter and the reader's element queue allow
     * @param idleWithoutSplits whether to mark the output idle while no split is assigned (an
     *     unbounded read, where a reader may wait long for new files)
     * @param requestSplitsAhead whether to ask for splits when the last one starts (reads without a
     *     file order) rather than when it is done
     */
    public ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            @Nullable String eventTimeColumn,
            long limit,
            SplitReadSettings settings,
            boolean idleWithoutSplits,
            boolean requestSplitsAhead) {
        this(
                context,
                plan,
                converter,
                metrics,
                rowSettings(settings, converter, context),
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
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            SplitReadSettings settings,
            ParquetRecordEmitter<T> emitter,
            boolean idleWithoutSplits,
            boolean requestSplitsAhead) {
        super(
                new ParquetFetcherManager(
                        splitReaders(plan, metrics, settings), context.getConfiguration()),
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
     * A reader that emits whole batches: its decoders write into the sinks of {@code settings},
     * {@code emitter} turns each batch into a record, and {@code resources} are closed when the
     * reader closes, after the fetcher thread has stopped.
     *
     * @param settings how the splits are read (batch size, storage, sinks, range reads), without
     *     pooled batches: a whole batch is not recycled
     * @param idleWithoutSplits whether to mark the output idle while no split is assigned
     * @param requestSplitsAhead whether to ask for splits when the last one starts rather than when
     *     it is done
     */
    public ParquetSourceReader(
            SourceReaderContext context,
            ReadPlan plan,
            RecordEmitter<ParquetBatch, T, ParquetSplitState> emitter,
            ParquetSourceReaderMetrics metrics,
            AutoCloseable resources,
            SplitReadSettings settings,
            boolean idleWithoutSplits,
            boolean requestSplitsAhead) {
        super(
                new ParquetFetcherManager(
                        splitReaders(plan, metrics, wholeBatchSettings(settings)),
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

    /** The fetcher's split readers, each reading as {@code settings} says. */
    private static Supplier<SplitReader<ParquetBatch, ParquetSplit>> splitReaders(
            ReadPlan plan, ParquetSourceReaderMetrics metrics, SplitReadSettings settings) {
        return () -> new ParquetSplitReader(plan, metrics, settings);
    }

    /** The settings of an output of whole batches, which are never recycled: none pooled. */
    private static SplitReadSettings wholeBatchSettings(SplitReadSettings settings) {
        checkArgument(
                settings.pooledBatches() == 0,
                "A reader of whole batches cannot pool batches: %s",
                settings);
        return settings;
    }

    /** The settings of a row output: Flink vectors, pooled as {@link #pooledBatches} says. */
    private static SplitReadSettings rowSettings(
            SplitReadSettings settings, RecordConverter<?> converter, SourceReaderContext context) {
        checkArgument(
                settings.sinks() == BatchColumnSinks.FLINK,
                "A reader of rows reads into Flink vectors: %s",
                settings);
        return settings.withPooledBatches(pooledBatches(converter, context));
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
