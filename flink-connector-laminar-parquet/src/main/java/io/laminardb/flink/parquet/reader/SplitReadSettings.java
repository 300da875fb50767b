package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.fs.StorageSettings;

import org.apache.flink.annotation.Internal;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * How a reader reads its splits: the most rows of a batch, the storage settings whose file system
 * the files are read through, the sinks its decoders write into ({@link BatchColumnSinks}: Flink
 * vectors, Arrow vectors), how row groups are fetched ({@link RangeReadSettings}: coalescing,
 * prefetch) and how many batches' vectors circulate (0: a fresh batch each time). Immutable; the
 * source's validated config and the output make it, so the values are checked there; the checks
 * here only guard the invariants the reader relies on.
 *
 * <p>{@link #defaults(int)} reads through the cluster's file systems ({@link
 * StorageSettings#CLUSTER}) into Flink vectors ({@link BatchColumnSinks#FLINK}), with {@link
 * RangeReadSettings#DEFAULT} (the coalescing gap by file system, 64 MiB prefetch) and no pooled
 * batches; the {@code with...} methods return changed copies:
 *
 * <pre>{@code
 * SplitReadSettings settings =
 *         SplitReadSettings.defaults(4096)
 *                 .withStorage(storage)
 *                 .withRangeReads(new RangeReadSettings(0, 64L << 20));
 * }</pre>
 *
 * <p>Made on the TaskManager when a reader is created (the sinks are per reader), so not
 * serializable.
 */
@Internal
public final class SplitReadSettings {

    private final int batchSize;
    private final StorageSettings storage;
    private final BatchColumnSinks sinks;
    private final RangeReadSettings rangeReads;
    private final int pooledBatches;

    private SplitReadSettings(
            int batchSize,
            StorageSettings storage,
            BatchColumnSinks sinks,
            RangeReadSettings rangeReads,
            int pooledBatches) {
        checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
        checkArgument(pooledBatches >= 0, "pooledBatches cannot be negative: %s", pooledBatches);
        this.batchSize = batchSize;
        this.storage = checkNotNull(storage, "storage");
        this.sinks = checkNotNull(sinks, "sinks");
        this.rangeReads = checkNotNull(rangeReads, "rangeReads");
        this.pooledBatches = pooledBatches;
    }

    /**
     * Batches of at most {@code batchSize} rows, read through the cluster's file systems into Flink
     * vectors, row groups fetched as {@link RangeReadSettings#DEFAULT} says, no pooled batches.
     */
    public static SplitReadSettings defaults(int batchSize) {
        return new SplitReadSettings(
                batchSize,
                StorageSettings.CLUSTER,
                BatchColumnSinks.FLINK,
                RangeReadSettings.DEFAULT,
                0);
    }

    /** A copy that reads the files through the file system of {@code storage}. */
    public SplitReadSettings withStorage(StorageSettings storage) {
        return new SplitReadSettings(batchSize, storage, sinks, rangeReads, pooledBatches);
    }

    /** A copy whose decoders write into the sinks {@code sinks} makes. */
    public SplitReadSettings withSinks(BatchColumnSinks sinks) {
        return new SplitReadSettings(batchSize, storage, sinks, rangeReads, pooledBatches);
    }

    /** A copy that fetches row groups as {@code rangeReads} says. */
    public SplitReadSettings withRangeReads(RangeReadSettings rangeReads) {
        return new SplitReadSettings(batchSize, storage, sinks, rangeReads, pooledBatches);
    }

    /**
     * A copy that circulates {@code pooledBatches} batches' vectors (0: a fresh batch each time).
     * Only for sinks that fill Flink heap vectors and outputs whose records read nothing of a row
     * once Flink is done with it ({@link RecordConverter#allowsBatchReuse()}).
     */
    public SplitReadSettings withPooledBatches(int pooledBatches) {
        return new SplitReadSettings(batchSize, storage, sinks, rangeReads, pooledBatches);
    }

    /** The most rows of a batch; every batch lies inside one row group. */
    public int batchSize() {
        return batchSize;
    }

    public StorageSettings storage() {
        return storage;
    }

    public BatchColumnSinks sinks() {
        return sinks;
    }

    public RangeReadSettings rangeReads() {
        return rangeReads;
    }

    /** How many batches' vectors circulate, 0: a fresh batch each time. */
    public int pooledBatches() {
        return pooledBatches;
    }

    @Override
    public String toString() {
        return "SplitReadSettings{batchSize="
                + batchSize
                + ", storage="
                + storage
                + ", sinks="
                + (sinks == BatchColumnSinks.FLINK ? "FLINK" : sinks)
                + ", rangeReads="
                + rangeReads
                + ", pooledBatches="
                + pooledBatches
                + "}";
    }
}
