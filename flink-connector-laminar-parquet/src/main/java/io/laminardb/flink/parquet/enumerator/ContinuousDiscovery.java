package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.FooterTail;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.clock.Clock;
import org.apache.flink.util.clock.SystemClock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * "seen" rule and ready. Never finished.
 *
 * <p><b>Ready.</b> A new file is handed over once two consecutive listings show it with the same
 * size and modification time and it ends with a Parquet footer (one ranged read of its last 64 KiB
 * on the I/O thread, {@link ParquetFooters#readTail}): a file still being written waits. When those
 * bytes hold the whole footer, it is kept in the {@link PrefetchedFooters} the planner takes it
 * from, so a new file's end is read once on the JobManager. Files waiting (candidates) are kept
 * here, not in the checkpoint: after a restore a file waits for two listings again. A candidate
 * stays one while it is listed, even when newer files move the position's cutoff past its
 * modification time. A candidate that is not ready within the in-progress timeout of first being
 * listed is corrupt.
 *
 * <p><b>Corrupt files.</b> A new file that never became ready, or whose partition directories do
 * not match the source's (other keys than the files listed before it, a value that does not parse
 * as its column's type), fails the job naming it ({@link CorruptFilePolicy#FAIL}), or is skipped
 * with a warning ({@link CorruptFilePolicy#SKIP}): the position then counts it as handed over, so
 * it is not retried, and {@link DiscoveryResult#corruptFilesSkipped()} counts it.
 *
 * <p><b>Failures.</b> A listing that fails is retried with a backoff: after the {@code k}-th
 * failure in a row, {@code min(2^(k-1), 16) - 1} polls are skipped. After {@code
 * maxConsecutiveFailures} failed listings in a row, the handler throws a {@link
 * FlinkRuntimeException} naming the path and the last cause, which fails the job.
 *
 * <p><b>Throttling.</b> While the enumerator's backlog is over its bound ({@code backlogFull} of
 * {@link #start(SplitEnumeratorContext, Consumer, BooleanSupplier)}), polls skip the listing. The
 * bound is checked on the coordinator thread after each poll, so a poll reacts to the backlog as it
 * was one poll interval before.
 *
 * <p>Threads: {@link #start}, {@link #position()} and the listing handler run on the coordinator
 * thread; {@link #list()} runs on an I/O thread and reads only the volatile skip flag, the volatile
 * (immutable) map of candidates and the volatile (immutable) position, and offers footers to the
 * (thread-safe) {@link PrefetchedFooters}. The handler's work is proportional to the files new or
 * waiting, not to the files listed.
 */
@Internal
public final class ContinuousDiscovery implements DiscoveryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousDiscovery.class);

    /** Failed listings back off to at most this many poll intervals. */
    private static final int MAX_BACKOFF_POLLS = 16;

    private final FileDiscovery discovery;
    private final FileOrder fileOrder;
    private final PartitionPruner partitionPruner;
    private final long pollIntervalMillis;
    private final int maxConsecutiveFailures;
    private final long inProgressTimeoutMillis;
    private final CorruptFilePolicy corruptFiles;
    private final Clock clock;

    /** Footers read with the tails of new files, for the planner. */
    private final PrefetchedFooters prefetched;

    /**
     * What was handed over; replaced (immutable) after each listing that hands files over, on the
     * coordinator thread. The next listing reads it on the I/O thread to leave out the files that
     * are not new.
     */
    private volatile DiscoveryPosition position;

    /**
     * Path -> the file as the last listing showed it and when it was first listed, for files new by
     * the position but not ready yet. Replaced (immutable) after each listing; read by the next
     * listing on the I/O thread, which checks the footers of those listed unchanged.
     */
    private volatile Map<String, Candidate> candidates = Map.of();

    /** The partition keys of the files, from the first file listed; null before. */
    @Nullable private List<String> partitionKeys;

    private int consecutiveFailures;

    /** Polls still to skip after a failed listing (backoff). Coordinator thread. */
    private int backoffPolls;

    /** Set on the coordinator thread after each poll, read by the next poll on an I/O thread. */
    private volatile boolean skipNextListing;

    private boolean started;

    /** A discovery that fails the job on files that do not become ready within an hour. */
    @VisibleForTesting
    public ContinuousDiscovery(
            FileDiscovery discovery,
            FileOrder fileOrder,
            PartitionPruner partitionPruner,
            DiscoveryPosition position,
            long pollIntervalMillis,
            int maxConsecutiveFailures) {
        this(
                discovery,
                fileOrder,
                partitionPruner,
                position,
                pollIntervalMillis,
                maxConsecutiveFailures,
                3_600_000L,
                CorruptFilePolicy.FAIL,
                SystemClock.getInstance());
    }

    /**
     * @param position what was handed over before: {@link ParquetEnumState#position()} of the
     *     checkpoint, or {@link DiscoveryPosition#initial} for a fresh start; its settle window is
     *     the one used
     * @param pollIntervalMillis how often the path is listed; below the settle window
     * @param maxConsecutiveFailures after this many failed listings in a row the job fails
     * @param inProgressTimeoutMillis a new file not ready this long after it was first listed is
     *     corrupt
     * @param corruptFiles what a corrupt file does
     * @param clock tells the time the in-progress timeout is measured with
     */
    public ContinuousDiscovery(
            FileDiscovery discovery,
            FileOrder fileOrder,
            PartitionPruner partitionPruner,
            DiscoveryPosition position,
            long pollIntervalMillis,
            int maxConsecutiveFailures,
            long inProgressTimeoutMillis,
            CorruptFilePolicy corruptFiles,
            Clock clock) {
        this(
                discovery,
                fileOrder,
                partitionPruner,
                position,
                pollIntervalMillis,
                maxConsecutiveFailures,
                inProgressTimeoutMillis,
                corruptFiles,
                clock,
                PrefetchedFooters.none());
    }

    /**
     * As above, keeping the footers that the tail checks of new files read in {@code prefetched}
     * (the planner's, {@link SplitPlanner}), and dropping them again for files not handed over.
     */
    public ContinuousDiscovery(
            FileDiscovery discovery,
            FileOrder fileOrder,
            PartitionPruner partitionPruner,
            DiscoveryPosition position,
            long pollIntervalMillis,
            int maxConsecutiveFailures,
            long inProgressTimeoutMillis,
            CorruptFilePolicy corruptFiles,
            Clock clock,
            PrefetchedFooters prefetched) {
        this.prefetched = checkNotNull(prefetched, "prefetched");
        this.discovery = checkNotNull(discovery, "discovery");
        this.fileOrder = checkNotNull(fileOrder, "fileOrder");
        this.partitionPruner = checkNotNull(partitionPruner, "partitionPruner");
        this.position = checkNotNull(position, "position (DiscoveryPosition.initial for a start)");
        this.corruptFiles = checkNotNull(corruptFiles, "corruptFiles");
        this.clock = checkNotNull(clock, "clock");
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
        checkArgument(
                inProgressTimeoutMillis > 0,
                "The in-progress timeout must be positive, was %s ms",
                inProgressTimeoutMillis);
        this.pollIntervalMillis = pollIntervalMillis;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.inProgressTimeoutMillis = inProgressTimeoutMillis;
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
     * I/O thread: lists every file (in file order) below the directories the pruner keeps, keeps
     * those that are candidates or new by the position, and checks the footer tails of the
     * candidates listed unchanged; or returns null without listing when this poll is to be skipped.
     * Leaving out the files read before here keeps the coordinator's work per poll proportional to
     * the new files, not to all files present.
     *
     * <p>The candidates and the position read here may be a poll older than the coordinator's (a
     * listing may start before the previous one's handler ran); the files kept are then a superset
     * of those new by the current position (a file new by a position is new by every earlier one),
     * and the handler checks them again.
     */
    @Nullable
    private Listing list() throws IOException {
        if (skipNextListing) {
            return null;
        }
        AtomicLong skippedDirectories = new AtomicLong();
        List<DiscoveredFile> listed =
                discovery.discover(fileOrder, partitionPruner::mayHold, skippedDirectories);
        Map<String, Candidate> waiting = candidates;
        DiscoveryPosition seen = position;
        List<DiscoveredFile> newOrWaiting = new ArrayList<>();
        Set<String> withFooter = new HashSet<>();
        for (DiscoveredFile file : listed) {
            Candidate before = waiting.get(file.pathString());
            if (before == null && !seen.isNew(file)) {
                continue;
            }
            newOrWaiting.add(file);
            if (before != null && before.isListedAs(file) && endsWithFooter(file)) {
                withFooter.add(file.pathString());
            }
        }
        return new Listing(
                newOrWaiting,
                listed.isEmpty() ? null : listed.get(0),
                skippedDirectories.get(),
                withFooter);
    }

    /**
     * Whether the file ends with a footer, from one ranged read of its tail, keeping the footer for
     * the planner when the tail holds it; false when it cannot be read (it is retried). I/O thread.
     */
    private boolean endsWithFooter(DiscoveredFile file) {
        FooterTail tail;
        try {
            tail = ParquetFooters.readTail(file, discovery.storage());
        } catch (IOException e) {
            LOG.debug("Cannot read the end of {} yet: {}", file.path(), e.toString());
            return false;
        }
        if (!tail.endsWithFooter()) {
            return false;
        }
        prefetched.offer(file, tail);
        return true;
    }

    /**
     * Coordinator thread: a poll is done. Hands over the new files that are ready, in the listing's
     * (file) order, and advances the position past them and past the corrupt files skipped.
     */
    private void onListed(
            @Nullable Listing listing,
            @Nullable Throwable error,
            Consumer<DiscoveryResult> listener,
            BooleanSupplier backlogFull) {
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
            backoffPolls =
                    Math.min(1 << Math.min(consecutiveFailures - 1, 30), MAX_BACKOFF_POLLS) - 1;
            LOG.warn(
                    "Failed to list Parquet files under {} ({} of {} failures in a row before"
                            + " the job fails); retrying in {} poll intervals",
                    discovery.root(),
                    consecutiveFailures,
                    maxConsecutiveFailures,
                    backoffPolls + 1,
                    error);
        } else if (listing == null) {
            backoffPolls = Math.max(0, backoffPolls - 1);
            LOG.debug(
                    "Skipped listing {} (backlog over its bound, or backing off after a failure)",
                    discovery.root());
        } else {
            consecutiveFailures = 0;
            backoffPolls = 0;
            handOver(listing, listener);
        }
        skipNextListing = backoffPolls > 0 || backlogFull.getAsBoolean();
    }

    private void handOver(Listing listing, Consumer<DiscoveryResult> listener) {
        long now = clock.absoluteTimeMillis();
        List<DiscoveredFile> ready = new ArrayList<>();
        List<DiscoveredFile> skipped = new ArrayList<>();
        Map<String, Candidate> waiting = new HashMap<>();
        Map<String, Candidate> before = candidates;
        if (partitionKeys == null && listing.firstFile != null) {
            partitionKeys = new ArrayList<>(listing.firstFile.partitionValues().keySet());
        }
        for (DiscoveredFile file : listing.files) {
            String path = file.pathString();
            Candidate candidate = before.get(path);
            if (candidate == null && !position.isNew(file)) {
                continue;
            }
            String problem = partitionProblem(file);
            if (problem == null
                    && candidate != null
                    && candidate.isListedAs(file)
                    && listing.withFooter.contains(path)) {
                ready.add(file);
                continue;
            }
            long firstListed = candidate == null ? now : candidate.firstListedMillis;
            if (problem == null && now - firstListed > inProgressTimeoutMillis) {
                problem =
                        "Parquet file "
                                + file.path()
                                + (candidate != null && candidate.isListedAs(file)
                                        ? " has no valid Parquet footer"
                                        : " is still being written (its size or modification"
                                                + " time keeps changing)")
                                + " "
                                + (now - firstListed)
                                + " ms after it was first listed, longer than the in-progress"
                                + " timeout of "
                                + inProgressTimeoutMillis
                                + " ms";
            }
            if (problem != null) {
                skipCorrupt(file, problem);
                skipped.add(file);
            } else {
                waiting.put(path, new Candidate(file, firstListed));
            }
        }
        candidates = Collections.unmodifiableMap(waiting);
        dropFootersNotHandedOver(listing, ready);
        if (!ready.isEmpty() || !skipped.isEmpty()) {
            List<DiscoveredFile> passed = new ArrayList<>(ready);
            passed.addAll(skipped);
            position = position.advance(passed);
            LOG.info(
                    "Discovered {} new Parquet files under {} ({} more waiting to be complete,"
                            + " {} corrupt skipped), now at {}",
                    ready.size(),
                    discovery.root(),
                    waiting.size(),
                    skipped.size(),
                    position);
        } else {
            LOG.debug(
                    "No new complete Parquet files under {} ({} waiting to be complete)",
                    discovery.root(),
                    waiting.size());
        }
        listener.accept(
                new DiscoveryResult(ready, listing.directoriesPrunedByPartition, skipped.size()));
    }

    /**
     * Drops the footers kept for files this listing found complete but did not hand over (corrupt,
     * changed since, or handed over before): only a planned file's footer is taken.
     */
    private void dropFootersNotHandedOver(Listing listing, List<DiscoveredFile> ready) {
        if (listing.withFooter.size() == ready.size()) {
            return; // every file found complete was handed over
        }
        Set<String> handedOver = new HashSet<>();
        for (DiscoveredFile file : ready) {
            handedOver.add(file.pathString());
        }
        for (String path : listing.withFooter) {
            if (!handedOver.contains(path)) {
                prefetched.drop(path);
            }
        }
    }

    /** What is wrong with a new file's partition directories, or null. */
    @Nullable
    private String partitionProblem(DiscoveredFile file) {
        List<String> keys = new ArrayList<>(file.partitionValues().keySet());
        if (partitionKeys != null && !partitionKeys.equals(keys)) {
            return "Parquet file "
                    + file.path()
                    + " has the partition directories "
                    + keys
                    + ", but the source reads files under "
                    + partitionKeys
                    + " (partition keys are fixed when the source starts)";
        }
        return partitionPruner.partitionProblem(file);
    }

    /** Fails the job with {@code problem}, or logs it when corrupt files are skipped. */
    private void skipCorrupt(DiscoveredFile file, String problem) {
        if (corruptFiles == CorruptFilePolicy.FAIL) {
            throw new FlinkRuntimeException(
                    problem + " (set corrupt-files to 'skip' to leave such files out)");
        }
        LOG.warn("Skipping corrupt Parquet file {}: {}", file.path(), problem);
    }

    /** How many files wait to be listed unchanged with a footer. */
    @VisibleForTesting
    int waitingToBeStable() {
        return candidates.size();
    }

    /** A new file not ready yet: as last listed, and when it was first listed. Immutable. */
    private static final class Candidate {
        private final DiscoveredFile file;
        private final long firstListedMillis;

        Candidate(DiscoveredFile file, long firstListedMillis) {
            this.file = file;
            this.firstListedMillis = firstListedMillis;
        }

        /** Whether a listing shows the file with the same size and modification time. */
        boolean isListedAs(DiscoveredFile listed) {
            return file.size() == listed.size()
                    && file.modificationTime() == listed.modificationTime();
        }
    }

    /** What an I/O thread found in one listing. Immutable. */
    private static final class Listing {
        /** The files listed that were candidates or new by the position, in file order. */
        private final List<DiscoveredFile> files;

        /** The first file listed, new or not: its partition keys are the source's. */
        @Nullable private final DiscoveredFile firstFile;

        private final long directoriesPrunedByPartition;

        /** Paths of candidates listed unchanged whose file ends with a footer. */
        private final Set<String> withFooter;

        Listing(
                List<DiscoveredFile> files,
                @Nullable DiscoveredFile firstFile,
                long directoriesPrunedByPartition,
                Set<String> withFooter) {
            this.files = files;
            this.firstFile = firstFile;
            this.directoriesPrunedByPartition = directoriesPrunedByPartition;
            this.withFooter = withFooter;
        }
    }
}
