package io.laminardb.flink.parquet.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

import java.util.function.LongSupplier;

/**
 * The enumerator's metrics, under the group {@code parquet}: {@code filesDiscovered}, {@code
 * footersRead}, {@code splitsCreated}, {@code rowGroupsPlanned}, {@code rowsPlanned}, {@code
 * unplannedFiles}, {@code directoriesPrunedByPartition}, {@code rowGroupsTotal}, {@code
 * rowGroupsPrunedByStatistics}, {@code deletedFilesSkipped}, {@code corruptFilesSkipped}, and
 * Flink's standard {@code unassignedSplits}. Coordinator thread.
 */
@Internal
public final class ParquetEnumeratorMetrics {

    public static final String FILES_DISCOVERED = "filesDiscovered";
    public static final String FOOTERS_READ = "footersRead";
    public static final String SPLITS_CREATED = "splitsCreated";
    public static final String ROW_GROUPS_PLANNED = "rowGroupsPlanned";
    public static final String ROWS_PLANNED = "rowsPlanned";
    public static final String UNPLANNED_FILES = "unplannedFiles";
    public static final String DIRECTORIES_PRUNED_BY_PARTITION = "directoriesPrunedByPartition";
    public static final String ROW_GROUPS_TOTAL = "rowGroupsTotal";
    public static final String ROW_GROUPS_PRUNED_BY_STATISTICS = "rowGroupsPrunedByStatistics";
    public static final String DELETED_FILES_SKIPPED = "deletedFilesSkipped";
    public static final String CORRUPT_FILES_SKIPPED = "corruptFilesSkipped";

    private final Counter filesDiscovered;
    private final Counter footersRead;
    private final Counter splitsCreated;
    private final Counter rowGroupsPlanned;
    private final Counter rowsPlanned;
    private final Counter directoriesPrunedByPartition;
    private volatile long rowGroupsTotal;
    private volatile long rowGroupsPrunedByStatistics;
    private volatile long deletedFilesSkipped;
    private volatile long corruptFilesSkipped;

    public ParquetEnumeratorMetrics(
            SplitEnumeratorMetricGroup metrics,
            LongSupplier unassignedSplits,
            LongSupplier unplannedFiles) {
        MetricGroup group = metrics.addGroup(ParquetSourceReaderMetrics.GROUP);
        this.filesDiscovered = group.counter(FILES_DISCOVERED);
        this.footersRead = group.counter(FOOTERS_READ);
        this.splitsCreated = group.counter(SPLITS_CREATED);
        this.rowGroupsPlanned = group.counter(ROW_GROUPS_PLANNED);
        this.rowsPlanned = group.counter(ROWS_PLANNED);
        this.directoriesPrunedByPartition = group.counter(DIRECTORIES_PRUNED_BY_PARTITION);
        group.gauge(UNPLANNED_FILES, unplannedFiles::getAsLong);
        group.gauge(ROW_GROUPS_TOTAL, () -> rowGroupsTotal);
        group.gauge(ROW_GROUPS_PRUNED_BY_STATISTICS, () -> rowGroupsPrunedByStatistics);
        group.gauge(DELETED_FILES_SKIPPED, () -> deletedFilesSkipped);
        group.gauge(CORRUPT_FILES_SKIPPED, () -> corruptFilesSkipped);
        metrics.setUnassignedSplitsGauge(unassignedSplits::getAsLong);
    }

    public void filesDiscovered(int count) {
        filesDiscovered.inc(count);
    }

    /** Partition directories not listed at all because no file below them can match. */
    public void directoriesPrunedByPartition(long count) {
        directoriesPrunedByPartition.inc(count);
    }

    public long directoriesPrunedByPartitionCount() {
        return directoriesPrunedByPartition.getCount();
    }

    /** Row groups in the footers read so far, and how many of them statistics pruned. */
    public void rowGroupStatistics(long total, long prunedByStatistics) {
        this.rowGroupsTotal = total;
        this.rowGroupsPrunedByStatistics = prunedByStatistics;
    }

    /**
     * Files skipped so far: deleted before their footer was read, and corrupt (the discovery's and
     * the planner's together).
     */
    public void filesSkipped(long deleted, long corrupt) {
        this.deletedFilesSkipped = deleted;
        this.corruptFilesSkipped = corrupt;
    }

    public long deletedFilesSkippedCount() {
        return deletedFilesSkipped;
    }

    public long corruptFilesSkippedCount() {
        return corruptFilesSkipped;
    }

    public void planned(int files, int splits, long rowGroups, long rows) {
        footersRead.inc(files);
        splitsCreated.inc(splits);
        rowGroupsPlanned.inc(rowGroups);
        rowsPlanned.inc(rows);
    }

    @VisibleForTesting
    public long footersReadCount() {
        return footersRead.getCount();
    }
}
