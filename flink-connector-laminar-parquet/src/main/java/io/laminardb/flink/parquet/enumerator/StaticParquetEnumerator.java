package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.metrics.ParquetEnumeratorMetrics;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.concurrent.ExecutorThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The enumerator of a bounded read. Discovers the files once, then plans them into splits a chunk
 * at a time, ahead of the readers' demand (footers are read on I/O threads), and hands splits out
 * in order to readers that ask. When every split is assigned it tells each asking reader that there
 * are no more.
 *
 * <p>Every method runs on the coordinator thread; discovery and footer reading run through {@link
 * SplitEnumeratorContext#callAsync} and come back to it. Work per event is O(1) amortized; the
 * whole data set is never planned at once.
 */
@Internal
public class StaticParquetEnumerator implements SplitEnumerator<ParquetSplit, ParquetEnumState> {

    private static final Logger LOG = LoggerFactory.getLogger(StaticParquetEnumerator.class);

    /** How many files one planning step reads the footers of. */
    private static final int FILES_PER_PLANNING_STEP = 64;

    private static final int FOOTER_THREADS = 8;

    private final SplitEnumeratorContext<ParquetSplit> context;
    private final FileDiscovery discovery;
    private final FileOrder fileOrder;
    private final long targetSplitBytes;
    @Nullable private final ParquetFilter filter;
    @Nullable private final RowType readType;
    private final PartitionPruner partitionPruner;
    private final ParquetEnumeratorMetrics metrics;

    private boolean discoveryDone;
    private final ArrayDeque<DiscoveredFile> unplannedFiles;
    private final ArrayDeque<ParquetSplit> unassignedSplits;

    /** Files whose footers are being read right now; they are in the checkpoint as unplanned. */
    @Nullable private List<DiscoveredFile> planning;

    private final Set<Integer> waitingReaders = new LinkedHashSet<>();
    @Nullable private ExecutorService footerReaders;
    @Nullable private SplitPlanner planner;

    /** An enumerator without a filter. */
    public StaticParquetEnumerator(
            SplitEnumeratorContext<ParquetSplit> context,
            FileDiscovery discovery,
            FileOrder fileOrder,
            long targetSplitBytes,
            ParquetEnumState state) {
        this(
                context,
                discovery,
                fileOrder,
                targetSplitBytes,
                null,
                new PartitionPruner(
                        new RowType(List.of()), HivePartitions.DEFAULT_PARTITION_NAME, null),
                state);
    }

    /** An enumerator whose filter is on columns read as their natural types. */
    public StaticParquetEnumerator(
            SplitEnumeratorContext<ParquetSplit> context,
            FileDiscovery discovery,
            FileOrder fileOrder,
            long targetSplitBytes,
            @Nullable ParquetFilter filter,
            PartitionPruner partitionPruner,
            ParquetEnumState state) {
        this(context, discovery, fileOrder, targetSplitBytes, filter, null, partitionPruner, state);
    }

    /**
     * An enumerator that prunes row groups with the filter, on columns read as the types of {@code
     * readType} (the readers' {@code ReadSchema#readType()}; null: their natural types).
     */
    public StaticParquetEnumerator(
            SplitEnumeratorContext<ParquetSplit> context,
            FileDiscovery discovery,
            FileOrder fileOrder,
            long targetSplitBytes,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType,
            PartitionPruner partitionPruner,
            ParquetEnumState state) {
        this.context = context;
        this.discovery = discovery;
        this.fileOrder = fileOrder;
        this.targetSplitBytes = targetSplitBytes;
        this.filter = filter;
        this.readType = readType;
        this.partitionPruner = partitionPruner;
        this.discoveryDone = state.discoveryDone();
        this.unplannedFiles = new ArrayDeque<>(state.unplannedFiles());
        this.unassignedSplits = new ArrayDeque<>(state.unassignedSplits());
        this.metrics =
                new ParquetEnumeratorMetrics(
                        context.metricGroup(),
                        () -> unassignedSplits.size(),
                        () -> unplannedFiles.size());
    }

    @Override
    public void start() {
        footerReaders =
                Executors.newFixedThreadPool(
                        FOOTER_THREADS, new ExecutorThreadFactory("parquet-footer-reader"));
        planner = new SplitPlanner(footerReaders, targetSplitBytes, filter, readType);
        if (!discoveryDone) {
            LOG.info("Discovering Parquet files under {}", discovery.root());
            context.callAsync(this::discoverAndPrune, this::onDiscovered);
        } else {
            LOG.info(
                    "Restored: {} files to plan, {} splits to assign",
                    unplannedFiles.size(),
                    unassignedSplits.size());
            planAhead();
        }
    }

    /**
     * I/O thread: lists the files, skipping the partition directories whose values fail the filter
     * (or that the planner did not choose): a file's partition values are its directories', so no
     * file below a kept directory is pruned by them.
     */
    private Discovered discoverAndPrune() throws java.io.IOException {
        AtomicLong skippedDirectories = new AtomicLong();
        List<DiscoveredFile> files =
                discovery.discover(fileOrder, partitionPruner::mayHold, skippedDirectories);
        HivePartitions.commonKeys(files);
        return new Discovered(files, skippedDirectories.get());
    }

    private static final class Discovered {
        final List<DiscoveredFile> files;
        final long directoriesPruned;

        Discovered(List<DiscoveredFile> files, long directoriesPruned) {
            this.files = files;
            this.directoriesPruned = directoriesPruned;
        }
    }

    private void onDiscovered(Discovered discovered, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException(
                    "Failed to discover Parquet files under " + discovery.root() + ": " + error,
                    error);
        }
        List<DiscoveredFile> files = discovered.files;
        LOG.info(
                "Discovered {} Parquet files under {} ({} partition directories skipped by their"
                        + " values, not listed)",
                files.size(),
                discovery.root(),
                discovered.directoriesPruned);
        metrics.filesDiscovered(files.size());
        metrics.directoriesPrunedByPartition(discovered.directoriesPruned);
        unplannedFiles.addAll(files);
        discoveryDone = true;
        planAhead();
        assignSplits();
    }

    /** Starts reading the next chunk of footers when the readers may soon run out of splits. */
    private void planAhead() {
        if (planning != null || unplannedFiles.isEmpty()) {
            return;
        }
        if (unassignedSplits.size() > 2 * Math.max(1, context.currentParallelism())) {
            return;
        }
        List<DiscoveredFile> chunk = new ArrayList<>(FILES_PER_PLANNING_STEP);
        while (chunk.size() < FILES_PER_PLANNING_STEP && !unplannedFiles.isEmpty()) {
            chunk.add(unplannedFiles.poll());
        }
        planning = chunk;
        SplitPlanner footerPlanner = planner;
        context.callAsync(
                () -> footerPlanner.plan(chunk),
                (splits, error) -> onPlanned(chunk, splits, error));
    }

    private void onPlanned(List<DiscoveredFile> chunk, List<ParquetSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException(error.getMessage(), error);
        }
        planning = null;
        long rowGroups = 0;
        long rows = 0;
        for (ParquetSplit split : splits) {
            rowGroups += split.endRowGroup() - split.firstRowGroup();
            rows += split.remainingRows();
        }
        metrics.planned(chunk.size(), splits.size(), rowGroups, rows);
        metrics.rowGroupStatistics(planner.rowGroupsSeen(), planner.rowGroupsPruned());
        LOG.debug("Planned {} files into {} splits", chunk.size(), splits.size());
        unassignedSplits.addAll(splits);
        assignSplits();
        planAhead();
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        waitingReaders.add(subtaskId);
        assignSplits();
        planAhead();
    }

    private void assignSplits() {
        Iterator<Integer> readers = waitingReaders.iterator();
        while (readers.hasNext()) {
            int reader = readers.next();
            if (!context.registeredReaders().containsKey(reader)) {
                readers.remove();
                continue;
            }
            ParquetSplit split = unassignedSplits.poll();
            if (split != null) {
                LOG.debug("Assigning {} to reader {}", split, reader);
                context.assignSplit(split, reader);
                readers.remove();
            } else if (allPlanned()) {
                context.signalNoMoreSplits(reader);
                readers.remove();
            } else {
                return;
            }
        }
    }

    private boolean allPlanned() {
        return discoveryDone && planning == null && unplannedFiles.isEmpty();
    }

    @Override
    public void addSplitsBack(List<ParquetSplit> splits, int subtaskId) {
        LOG.info("Reader {} returned {} splits", subtaskId, splits.size());
        for (int i = splits.size() - 1; i >= 0; i--) {
            unassignedSplits.addFirst(splits.get(i));
        }
        assignSplits();
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits when they need them.
    }

    @Override
    public ParquetEnumState snapshotState(long checkpointId) {
        List<DiscoveredFile> files = new ArrayList<>();
        if (planning != null) {
            files.addAll(planning);
        }
        files.addAll(unplannedFiles);
        return new ParquetEnumState(discoveryDone, files, new ArrayList<>(unassignedSplits));
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
