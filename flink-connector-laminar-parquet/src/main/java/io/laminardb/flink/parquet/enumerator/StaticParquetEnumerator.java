package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

/**
 * Makes the enumerator of a bounded read: a {@link ParquetSplitEnumerator} whose discovery lists
 * the files once ({@link ListOnceDiscovery}), so readers are told that there are no more splits
 * once every file found is read.
 */
@Internal
public final class StaticParquetEnumerator {

    private StaticParquetEnumerator() {}

    /**
     * The enumerator of a bounded read of a {@link ReadPlan} with the source's settings (file
     * order, split size, what a corrupt file does): the plan's filter prunes row groups by their
     * statistics, for the types columns are read as, and its partition pruner skips directories.
     * Restored from {@code state} ({@link ParquetEnumState#initial()} for a fresh start).
     * Coordinator thread.
     */
    public static ParquetSplitEnumerator create(
            SplitEnumeratorContext<ParquetSplit> context,
            FileDiscovery discovery,
            DiscoverySettings settings,
            ReadPlan plan,
            ParquetEnumState state) {
        return create(
                context,
                discovery,
                settings,
                plan.filter(),
                plan.readType(),
                plan.partitionPruner(),
                state);
    }

    /**
     * As {@link #create(SplitEnumeratorContext, FileDiscovery, DiscoverySettings, ReadPlan,
     * ParquetEnumState)}, with the plan's parts given one by one.
     *
     * @param filter rows must pass it (null: no filter)
     * @param readType the readers' {@code ReadSchema#readType()} (null: the files' natural types)
     * @param partitionPruner skips the partition directories no matching row can be under
     */
    public static ParquetSplitEnumerator create(
            SplitEnumeratorContext<ParquetSplit> context,
            FileDiscovery discovery,
            DiscoverySettings settings,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType,
            PartitionPruner partitionPruner,
            ParquetEnumState state) {
        return new ParquetSplitEnumerator(
                context,
                new ListOnceDiscovery(
                        discovery, settings.fileOrder(), partitionPruner, state.discoveryDone()),
                settings,
                filter,
                readType,
                discovery.storage(),
                state);
    }
}
