package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.enumerator.assigner.SplitAssigner;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.metrics.ParquetEnumeratorMetrics;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.concurrent.ExecutorThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import static org.apache.flink.util.Preconditions.checkNotNull;
import static org.apache.flink.util.Preconditions.checkState;

/**
 * The enumerator of every read, bounded or continuous: takes the files its {@link DiscoveryPolicy}
 * hands it, plans them into splits a chunk at a time ahead of the readers' demand, first files in
 * file order first ({@link UnplannedFiles}; footers are read on I/O threads by {@link
 * SplitPlanner}), and gives the splits to readers that ask, in file order also across listings,
 * splits handed back by a failed reader first ({@link SplitAssigner}). A reader that asks when no
 * split is ready waits; once the policy is finished and every file is planned and every split
 * assigned, each waiting reader is told that there are no more splits.
 *
 * <p>Which files exist and whether more may come is the policy's; this class never lists. {@link
 * StaticParquetEnumerator} makes the enumerator of a bounded read, {@link
 * ContinuousParquetEnumerator} that of a continuous one.
 *
 * <p>Every method runs on the coordinator thread; discovery and footer reading run through {@link
 * SplitEnumeratorContext#callAsync} and come back to it. Work per event is O(1) amortized; the
 * whole data set is never planned at once.
 */
@Internal
public final class ParquetSplitEnumerator
        implements SplitEnumerator<ParquetSplit, ParquetEnumState> {

    private static final Logger LOG = LoggerFactory.getLogger(ParquetSplitEnumerator.class);

    /** How many files one planning step reads the footers of. */
    private static final int FILES_PER_PLANNING_STEP = 64;

    private static final int FOOTER_THREADS = 8;

    /**
     * At most this many splits go to a reader per request. A reader asks again when it starts its
     * last split, so with many small splits (small files) the request round trip, not the reading,
     * set the pace when each request brought one split.
     */
    static final int MAX_SPLITS_PER_REQUEST = 16;

    private final SplitEnumeratorContext<ParquetSplit> context;
    private final DiscoveryPolicy discovery;
    private final long targetSplitBytes;
    @Nullable private final ParquetFilter filter;
    @Nullable private final RowType readType;
    private final CorruptFilePolicy corruptFiles;

    /**
     * Above this many files waiting to be planned (not counting the chunk being planned) plus
     * splits not yet assigned, a policy that lists again skips its listings (throttling; {@link
     * DiscoveryPolicy#start(SplitEnumeratorContext, Consumer,
     * java.util.function.BooleanSupplier)}).
     */
    private final int maxBacklog;

    private final StorageSettings storage;
    private final PrefetchedFooters prefetched;
    private final ParquetEnumeratorMetrics metrics;

    private final UnplannedFiles unplannedFiles;
    private final SplitAssigner assigner;

    /** Readers that asked for a split and got none yet, in the order they asked. */
    private final Set<Integer> waitingReaders = new LinkedHashSet<>();

    /** The most splits a reader gets per request. */
    private int maxSplitsPerRequest = MAX_SPLITS_PER_REQUEST;

    /** Whether a reader may get several splits per request ({@link SplitBatching}). */
    private final boolean severalSplitsPerRequest;

    /** New files the discovery skipped as corrupt, so far. */
    private long corruptFilesSkippedByDiscovery;

    @Nullable private ExecutorService footerReaders;
    @Nullable private SplitPlanner planner;

    /**
     * An enumerator that plans the files {@code discovery} hands it, pruning row groups with the
     * filter on columns read as the types of {@code readType}.
     *
     * @param discovery which files exist and whether more may come; built from the same checkpoint
     * @param settings the file order, the split size (consecutive row groups are grouped into one
     *     split up to it), what a file whose footer cannot be read does, and the backlog bound
     *     (above this many files to plan plus splits to assign, listings pause)
     * @param filter rows must pass it; row groups whose statistics prove none does are not read
     *     (null: no filter)
     * @param readType the readers' {@code ReadSchema#readType()} (null: the files' natural types)
     * @param storage the file system settings footers are read with (those discovery lists with)
     * @param state the checkpoint to restore, or {@link ParquetEnumState#initial()}: its unplanned
     *     files are planned first, its unassigned splits are assigned first
     */
    public ParquetSplitEnumerator(
            SplitEnumeratorContext<ParquetSplit> context,
            DiscoveryPolicy discovery,
            DiscoverySettings settings,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType,
            StorageSettings storage,
            ParquetEnumState state) {
        this(
                context,
                discovery,
                settings,
                filter,
                readType,
                storage,
                state,
                PrefetchedFooters.none());
    }

    /**
     * As above, the planner taking the footers {@code discovery} already read from {@code
     * prefetched} (the same object the discovery keeps them in).
     */
    public ParquetSplitEnumerator(
            SplitEnumeratorContext<ParquetSplit> context,
            DiscoveryPolicy discovery,
            DiscoverySettings settings,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType,
            StorageSettings storage,
            ParquetEnumState state,
            PrefetchedFooters prefetched) {
        checkNotNull(settings, "settings");
        this.prefetched = checkNotNull(prefetched, "prefetched");
        checkNotNull(state, "state (use ParquetEnumState.initial() for a fresh start)");
        this.context = checkNotNull(context, "context");
        this.discovery = checkNotNull(discovery, "discovery");
        this.targetSplitBytes = settings.targetSplitBytes();
        this.filter = filter;
        this.readType = readType;
        this.corruptFiles = settings.corruptFiles();
        this.maxBacklog = settings.maxBacklog();
        this.storage = checkNotNull(storage, "storage");
        this.unplannedFiles = new UnplannedFiles(settings.fileOrder(), state.unplannedFiles());
        this.assigner = new SplitAssigner(settings.fileOrder(), state.unassignedSplits());
        this.severalSplitsPerRequest =
                SplitBatching.severalSplitsPerRequest(
                        settings.fileOrder(), discovery.listsOnce(), context.currentParallelism());
        this.metrics =
                new ParquetEnumeratorMetrics(
                        context.metricGroup(),
                        assigner::pendingCount,
                        unplannedFiles::waitingCount);
    }

    @Override
    public void start() {
        checkState(footerReaders == null, "The enumerator was started twice");
        footerReaders =
                Executors.newFixedThreadPool(
                        FOOTER_THREADS, new ExecutorThreadFactory("parquet-footer-reader"));
        planner =
                new SplitPlanner(
                        footerReaders,
                        targetSplitBytes,
                        filter,
                        readType,
                        corruptFiles,
                        storage,
                        prefetched);
        if (!unplannedFiles.isEmpty() || !assigner.isEmpty()) {
            LOG.info(
                    "Restored: {} files to plan, {} splits to assign",
                    unplannedFiles.waitingCount(),
                    assigner.pendingCount());
        }
        discovery.start(context, this::onDiscovered, this::backlogFull);
        planAhead();
    }

    /** Coordinator thread: a listing of the discovery policy is done. */
    private void onDiscovered(DiscoveryResult discovered) {
        metrics.filesDiscovered(discovered.files().size());
        metrics.directoriesPrunedByPartition(discovered.directoriesPrunedByPartition());
        if (discovered.corruptFilesSkipped() > 0) {
            corruptFilesSkippedByDiscovery += discovered.corruptFilesSkipped();
            updateSkippedFiles();
        }
        unplannedFiles.add(discovered.files());
        planAhead();
        assignSplits();
    }

    /** Starts reading the next chunk of footers when the readers may soon run out of splits. */
    private void planAhead() {
        if (unplannedFiles.isPlanning() || unplannedFiles.waitingCount() == 0) {
            return;
        }
        if (assigner.pendingCount() > 2 * Math.max(1, context.currentParallelism())) {
            return;
        }
        List<DiscoveredFile> chunk = unplannedFiles.startChunk(FILES_PER_PLANNING_STEP);
        SplitPlanner footerPlanner = planner;
        context.callAsync(
                () -> footerPlanner.plan(chunk),
                (splits, error) -> onPlanned(chunk, splits, error));
    }

    /** Coordinator thread: the footers of a chunk are read. */
    private void onPlanned(List<DiscoveredFile> chunk, List<ParquetSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException(error.getMessage(), error);
        }
        unplannedFiles.chunkPlanned();
        long rowGroups = 0;
        long rows = 0;
        for (ParquetSplit split : splits) {
            rowGroups += split.endRowGroup() - split.firstRowGroup();
            rows += split.remainingRows();
        }
        metrics.planned(chunk.size(), splits.size(), rowGroups, rows);
        metrics.rowGroupStatistics(planner.rowGroupsSeen(), planner.rowGroupsPruned());
        updateSkippedFiles();
        LOG.debug("Planned {} files into {} splits", chunk.size(), splits.size());
        assigner.onPlanned(splits);
        assignSplits();
        planAhead();
    }

    private void updateSkippedFiles() {
        metrics.filesSkipped(
                planner.deletedFilesSkipped(),
                planner.corruptFilesSkipped() + corruptFilesSkippedByDiscovery);
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        waitingReaders.add(subtaskId);
        assignSplits();
        planAhead();
    }

    /**
     * Gives each waiting reader, in the order they asked, the next splits, or tells it that there
     * are no more; stops at the first reader for which no split is ready yet. Readers no longer
     * registered (they failed) are dropped: they ask again when they come back.
     *
     * <p>A reader gets {@link #splitsPerRequest()} splits at once: without a file order, one while
     * few are pending, more while many are, so that the last splits still spread over all readers;
     * with a file order always one, so that no split waits in a busy reader's queue while a free
     * reader takes a later one.
     */
    private void assignSplits() {
        Iterator<Integer> readers = waitingReaders.iterator();
        while (readers.hasNext()) {
            int reader = readers.next();
            if (!context.registeredReaders().containsKey(reader)) {
                readers.remove();
                continue;
            }
            ParquetSplit split = assigner.next();
            if (split != null) {
                List<ParquetSplit> batch = new ArrayList<>();
                batch.add(split);
                for (int more = splitsPerRequest() - 1; more > 0; more--) {
                    ParquetSplit next = assigner.next();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                LOG.debug("Assigning {} to reader {}", batch, reader);
                context.assignSplits(new SplitsAssignment<>(Map.of(reader, batch)));
                readers.remove();
            } else if (noMoreSplits()) {
                LOG.debug("No more splits for reader {}", reader);
                context.signalNoMoreSplits(reader);
                readers.remove();
            } else {
                return;
            }
        }
    }

    /**
     * How many splits a reader gets per request (counting the first): the pending splits over twice
     * the parallelism, between 1 and {@link #MAX_SPLITS_PER_REQUEST} (guided self-scheduling:
     * batches shrink to one split as the pending splits run out).
     */
    private int splitsPerRequest() {
        if (!severalSplitsPerRequest) {
            return 1;
        }
        int perReader = assigner.pendingCount() / (2 * Math.max(1, context.currentParallelism()));
        return Math.max(0, Math.min(maxSplitsPerRequest - 1, perReader)) + 1;
    }

    /**
     * Sets the most splits a reader gets per request (1: one split per request, as tests of the
     * assignment order assume). Before {@link #start()}.
     */
    @VisibleForTesting
    void maxSplitsPerRequest(int max) {
        checkState(max > 0, "At least one split per request, was %s", max);
        this.maxSplitsPerRequest = max;
    }

    /** Whether the files not yet planned and the splits not yet assigned exceed the bound. */
    private boolean backlogFull() {
        return unplannedFiles.waitingCount() + assigner.pendingCount() > maxBacklog;
    }

    /** Whether no split will ever be pending again (until one is handed back). */
    private boolean noMoreSplits() {
        return discovery.isFinished() && unplannedFiles.isEmpty() && assigner.isEmpty();
    }

    @Override
    public void addSplitsBack(List<ParquetSplit> splits, int subtaskId) {
        LOG.info("Reader {} returned {} splits", subtaskId, splits.size());
        assigner.onHandedBack(splits);
        assignSplits();
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits when they need them.
    }

    @Override
    public ParquetEnumState snapshotState(long checkpointId) {
        return new ParquetEnumState(
                discovery.isFinished(),
                unplannedFiles.snapshot(),
                assigner.snapshot(),
                discovery.position());
    }

    @VisibleForTesting
    ParquetEnumeratorMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (footerReaders != null) {
            footerReaders.shutdownNow();
        }
    }
}
