package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.clock.Clock;
import org.apache.flink.util.clock.SystemClock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the enumerator of a continuous read: a {@link ParquetSplitEnumerator} whose discovery lists
 * the path every poll interval ({@link ContinuousDiscovery}) and never finishes, so readers are
 * never told that there are no more splits. Restored from a checkpoint, it goes on from the
 * checkpoint's {@link DiscoveryPosition}: files handed over before are not read again, files added
 * while the job was down are.
 */
@Internal
public final class ContinuousParquetEnumerator {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousParquetEnumerator.class);

    private ContinuousParquetEnumerator() {}

    /**
     * The enumerator of a continuous read of a {@link ReadPlan}, restored from {@code state}
     * ({@link ParquetEnumState#initial()} for a fresh start). Coordinator thread.
     */
    public static ParquetSplitEnumerator create(
            SplitEnumeratorContext<ParquetSplit> context,
            FileDiscovery discovery,
            DiscoverySettings settings,
            ReadPlan plan,
            ParquetEnumState state) {
        return create(context, discovery, settings, plan, state, SystemClock.getInstance());
    }

    /**
     * As {@link #create(SplitEnumeratorContext, FileDiscovery, DiscoverySettings, ReadPlan,
     * ParquetEnumState)}, timing the in-progress timeout with {@code clock}.
     */
    public static ParquetSplitEnumerator create(
            SplitEnumeratorContext<ParquetSplit> context,
            FileDiscovery discovery,
            DiscoverySettings settings,
            ReadPlan plan,
            ParquetEnumState state,
            Clock clock) {
        long settleWindow = settings.settleWindow().toMillis();
        DiscoveryPosition position = startPosition(state, settleWindow);
        // the footers discovery reads with the tails of new files, handed to the planner
        PrefetchedFooters prefetched = new PrefetchedFooters(PrefetchedFooters.DEFAULT_MAX_BYTES);
        return new ParquetSplitEnumerator(
                context,
                new ContinuousDiscovery(
                        discovery,
                        settings.fileOrder(),
                        plan.partitionPruner(),
                        position,
                        settings.pollInterval().toMillis(),
                        settings.maxListingFailures(),
                        settings.inProgressTimeout().toMillis(),
                        settings.corruptFiles(),
                        clock,
                        prefetched),
                settings,
                plan.filter(),
                plan.readType(),
                discovery.storage(),
                state,
                prefetched);
    }

    /**
     * The position to go on from: the checkpoint's, with the configured settle window (a smaller
     * window forgets the files that fall out of it; a larger one cannot bring back the files the
     * smaller one forgot, so files in between may be read again, and a warning says so), or the
     * initial position when the checkpoint has none (a fresh start, or a checkpoint of a bounded
     * read: every file listed is then new).
     */
    static DiscoveryPosition startPosition(ParquetEnumState state, long settleWindowMillis) {
        DiscoveryPosition restored = state.position();
        if (restored == null) {
            if (state.discoveryDone()) {
                LOG.warn(
                        "Restoring a continuous read from the checkpoint of a bounded one: it"
                                + " holds no discovery position, so every file listed counts"
                                + " as new and files read before are read again");
            }
            return DiscoveryPosition.initial(settleWindowMillis);
        }
        if (settleWindowMillis > restored.settleWindowMillis()
                && restored.maxModificationTime() != DiscoveryPosition.NOTHING_HANDED_OVER) {
            LOG.warn(
                    "The settle window grew from {} ms in the checkpoint to {} ms: files modified"
                            + " between {} and {} were forgotten and, if listed, are read again",
                    restored.settleWindowMillis(),
                    settleWindowMillis,
                    restored.maxModificationTime() - settleWindowMillis,
                    restored.maxModificationTime() - restored.settleWindowMillis());
        }
        return new DiscoveryPosition(
                restored.maxModificationTime(), settleWindowMillis, restored.window());
    }
}
