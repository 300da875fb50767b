package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;
import static org.apache.flink.util.Preconditions.checkState;

/**
 * The discovery of a continuous read: lists the path every poll interval on an I/O thread (skipping
 * the partition directories the pruner rejects, and finding partition directories that appear
 * later), and hands over, in file order, the files that are new by the {@link DiscoveryPosition}'s
 * "seen" rule and stable. Never finished.
 *
 * <p><b>Stable.</b> A file is handed over only once two consecutive listings show it with the same
 * size and modification time: a file still being written (its size or modification time changes)
 * waits. The candidates of the last listing are kept here, not in the checkpoint (after a restore a
 * file waits for two listings again); they are at most the new files of one listing. A file that
 * never becomes stable waits forever: counting it as corrupt after a configurable time is not built
 * yet. For a file being written to be still above {@code M - W} when it becomes stable, the settle
 * window must exceed the poll interval; the constructor checks that.
 *
 * <p><b>Failures.</b> A listing that fails is retried at the next poll; after {@code
 * maxConsecutiveFailures} failed listings in a row, the handler throws a {@link
 * FlinkRuntimeException} naming the path and the last cause, which fails the job.
 *
 * <p><b>Throttling.</b> While the enumerator's backlog is over its bound ({@code backlogFull} of
 * {@link #start(SplitEnumeratorContext, Consumer, BooleanSupplier)}), polls skip the listing. The
 * bound is checked on the coordinator thread after each poll, so a poll reacts to the backlog as it
 * was one poll interval before.
 *
 * <p>Threads: {@link #start}, {@link #position()} and the listing handler run on the coordinator
 * thread; {@link #list()} runs on an I/O thread and touches no state but the volatile skip flag.
 */
@Internal
public final class ContinuousDiscovery implements DiscoveryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousDiscovery.class);

    private final FileDiscovery discovery;
    private final FileOrder fileOrder;
    private final PartitionPruner partitionPruner;
    private final long pollIntervalMillis;
    private final int maxConsecutiveFailures;

    /** What was handed over; replaced after each listing that hands files over. */
    private DiscoveryPosition position;

    /**
     * Path -> the file as the last listing showed it, for files new by the position but not yet
     * stable. Coordinator thread only.
     */
    private Map<String, DiscoveredFile> candidates = new HashMap<>();

    private int consecutiveFailures;

    /** Set on the coordinator thread after each poll, read by the next poll on an I/O thread. */
    private volatile boolean skipNextListing;

    private boolean started;

    /**
     * @param position what was handed over before: {@link ParquetEnumState#position()} of the
     *     checkpoint, or {@link DiscoveryPosition#initial} for a fresh start; its settle window is
     *     the one used
     * @param pollIntervalMillis how often the path is listed; below the settle window
     * @param maxConsecutiveFailures after this many failed listings in a row the job fails
     */
    public ContinuousDiscovery(
            FileDiscovery discovery,
            FileOrder fileOrder,
            PartitionPruner partitionPruner,
            DiscoveryPosition position,
            long pollIntervalMillis,
            int maxConsecutiveFailures) {
        this.discovery = checkNotNull(discovery, "discovery");
        this.fileOrder = checkNotNull(fileOrder, "fileOrder");
        this.partitionPruner = checkNotNull(partitionPruner, "partitionPruner");
        this.position = checkNotNull(position, "position (DiscoveryPosition.initial for a start)");
        checkArgument(
                pollIntervalMillis > 0,
                "The poll interval must be positive, was %s ms",
                pollIntervalMillis);
        checkArgument(
                position.settleWindowMillis() > pollIntervalMillis,
                "The settle window (%s ms) must be longer than the poll interval (%s ms): a file"
                        + " is handed over one poll after it was first seen, and must then still"
                        + " be inside the window",
                position.settleWindowMillis(),
                pollIntervalMillis);
        checkArgument(
                maxConsecutiveFailures > 0,
                "The number of listing failures in a row that fail the job must be positive, was"
                        + " %s",
                maxConsecutiveFailures);
        this.pollIntervalMillis = pollIntervalMillis;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Starts without throttling. Coordinator thread. */
    @Override
    public void start(
            SplitEnumeratorContext<ParquetSplit> context, Consumer<DiscoveryResult> listener) {
        start(context, listener, () -> false);
    }

    /** Schedules a listing every poll interval, the first at once. Coordinator thread. */
    @Override
    public void start(
            SplitEnumeratorContext<ParquetSplit> context,
            Consumer<DiscoveryResult> listener,
            BooleanSupplier backlogFull) {
        checkState(!started, "Discovery of %s was started twice", discovery.root());
        checkNotNull(listener, "listener");
        checkNotNull(backlogFull, "backlogFull");
        started = true;
        LOG.info(
                "Discovering Parquet files under {} every {} ms, from {}",
                discovery.root(),
                pollIntervalMillis,
                position);
        context.callAsync(
                this::list,
                (result, error) -> onListed(result, error, listener, backlogFull),
                0,
                pollIntervalMillis);
    }

    /** Never: a continuous read always may find more files. */
    @Override
    public boolean isFinished() {
        return false;
    }

    /** What was handed over so far, for the checkpoint. Coordinator thread. */
    @Override
    public DiscoveryPosition position() {
        return position;
    }

    /**
     * I/O thread: lists every file (in file order) below the directories the pruner keeps, or
     * returns null without listing when the backlog was full at the last poll.
     */
    @Nullable
    private DiscoveryResult list() throws IOException {
        if (skipNextListing) {
            return null;
        }
        AtomicLong skippedDirectories = new AtomicLong();
        List<DiscoveredFile> files =
                discovery.discover(fileOrder, partitionPruner::mayHold, skippedDirectories);
        HivePartitions.commonKeys(files);
        return new DiscoveryResult(files, skippedDirectories.get());
    }

    /**
     * Coordinator thread: a poll is done. Hands over the new files that are stable, in the
     * listing's (file) order, and advances the position past them.
     */
    private void onListed(
            @Nullable DiscoveryResult listing,
            @Nullable Throwable error,
            Consumer<DiscoveryResult> listener,
            BooleanSupplier backlogFull) {
        boolean skipped = error == null && listing == null;
        skipNextListing = backlogFull.getAsBoolean();
        if (error != null) {
            consecutiveFailures++;
            if (consecutiveFailures >= maxConsecutiveFailures) {
                throw new FlinkRuntimeException(
                        "Failed to list Parquet files under "
                                + discovery.root()
                                + " "
                                + consecutiveFailures
                                + " times in a row; last cause: "
                                + error,
                        error);
            }
            LOG.warn(
                    "Failed to list Parquet files under {} ({} of {} failures in a row before"
                            + " the job fails); retrying at the next poll",
                    discovery.root(),
                    consecutiveFailures,
                    maxConsecutiveFailures,
                    error);
            return;
        }
        if (skipped) {
            LOG.debug(
                    "Skipped listing {}: the enumerator's backlog is over its bound",
                    discovery.root());
            return;
        }
        consecutiveFailures = 0;
        List<DiscoveredFile> stable = new ArrayList<>();
        Map<String, DiscoveredFile> unstable = new HashMap<>();
        for (DiscoveredFile file : listing.files()) {
            if (!position.isNew(file)) {
                continue;
            }
            String path = file.path().toString();
            DiscoveredFile before = candidates.get(path);
            if (before != null
                    && before.size() == file.size()
                    && before.modificationTime() == file.modificationTime()) {
                stable.add(file);
            } else {
                unstable.put(path, file);
            }
        }
        candidates = unstable;
        if (!stable.isEmpty()) {
            position = position.advance(stable);
            LOG.info(
                    "Discovered {} new Parquet files under {} ({} more waiting to be stable),"
                            + " now at {}",
                    stable.size(),
                    discovery.root(),
                    unstable.size(),
                    position);
        } else {
            LOG.debug(
                    "No new stable Parquet files under {} ({} waiting to be stable)",
                    discovery.root(),
                    unstable.size());
        }
        listener.accept(new DiscoveryResult(stable, listing.directoriesPrunedByPartition()));
    }

    /** How many files wait to be seen unchanged in a second listing. */
    @VisibleForTesting
    int waitingToBeStable() {
        return candidates.size();
    }
}
