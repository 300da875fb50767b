package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.apache.flink.util.Preconditions.checkNotNull;
import static org.apache.flink.util.Preconditions.checkState;

/**
 * The discovery of a bounded read: lists the files once, in file order, skipping the partition
 * directories the pruner rejects, then is finished. Restored from a checkpoint taken after the
 * listing, it does not list again: the checkpoint holds the files not yet planned.
 */
@Internal
public final class ListOnceDiscovery implements DiscoveryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ListOnceDiscovery.class);

    private final FileDiscovery discovery;
    private final FileOrder fileOrder;
    private final PartitionPruner partitionPruner;

    /** Whether the listing's files have been handed over (in this run or before the checkpoint). */
    private boolean listed;

    private boolean started;

    /**
     * @param listed whether the checkpoint this enumerator restores from was taken after the
     *     listing ({@link ParquetEnumState#discoveryDone()}); false for a fresh start
     */
    public ListOnceDiscovery(
            FileDiscovery discovery,
            FileOrder fileOrder,
            PartitionPruner partitionPruner,
            boolean listed) {
        this.discovery = checkNotNull(discovery, "discovery");
        this.fileOrder = checkNotNull(fileOrder, "fileOrder");
        this.partitionPruner = checkNotNull(partitionPruner, "partitionPruner");
        this.listed = listed;
    }

    /** Coordinator thread. */
    @Override
    public void start(
            SplitEnumeratorContext<ParquetSplit> context, Consumer<DiscoveryResult> listener) {
        checkState(!started, "Discovery of %s was started twice", discovery.root());
        started = true;
        if (listed) {
            LOG.info(
                    "Parquet files under {} were listed before the checkpoint; not listing again",
                    discovery.root());
            return;
        }
        LOG.info("Discovering Parquet files under {}", discovery.root());
        context.callAsync(this::list, (result, error) -> onListed(result, error, listener));
    }

    /** Coordinator thread. */
    @Override
    public boolean isFinished() {
        return listed;
    }

    @Override
    public boolean listsOnce() {
        return true;
    }

    /**
     * I/O thread: lists the files, skipping the partition directories whose values fail the filter
     * (or that the planner did not choose): a file's partition values are its directories', so no
     * file below a kept directory is pruned by them. Fails when files sit under different partition
     * directory layouts, naming two of them.
     */
    private DiscoveryResult list() throws IOException {
        AtomicLong skippedDirectories = new AtomicLong();
        List<DiscoveredFile> files =
                discovery.discover(fileOrder, partitionPruner::mayHold, skippedDirectories);
        HivePartitions.commonKeys(files);
        return new DiscoveryResult(files, skippedDirectories.get());
    }

    /** Coordinator thread: the listing is done; hands its files over. */
    private void onListed(
            DiscoveryResult result, Throwable error, Consumer<DiscoveryResult> listener) {
        if (error != null) {
            throw new FlinkRuntimeException(
                    "Failed to discover Parquet files under " + discovery.root() + ": " + error,
                    error);
        }
        LOG.info(
                "Discovered {} Parquet files under {} ({} partition directories skipped by their"
                        + " values, not listed)",
                result.files().size(),
                discovery.root(),
                result.directoriesPrunedByPartition());
        listed = true;
        listener.accept(result);
    }
}
