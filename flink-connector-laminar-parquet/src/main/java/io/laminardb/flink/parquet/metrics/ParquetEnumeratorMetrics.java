package io.laminardb.flink.parquet.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

import java.util.function.LongSupplier;

/**
 * The enumerator's metrics, under the group {@code parquet}: {@code filesDiscovered}, {@code
 * footersRead}, {@code splitsCreated}, {@code rowGroupsPlanned}, {@code rowsPlanned}, {@code
 * unplannedFiles}, and Flink's standard {@code unassignedSplits}. Coordinator thread.
 */
@Internal
public final class ParquetEnumeratorMetrics {

    public static final String FILES_DISCOVERED = "filesDiscovered";
    public static final String FOOTERS_READ = "footersRead";
    public static final String SPLITS_CREATED = "splitsCreated";
    public static final String ROW_GROUPS_PLANNED = "rowGroupsPlanned";
    public static final String ROWS_PLANNED = "rowsPlanned";
    public static final String UNPLANNED_FILES = "unplannedFiles";

    private final Counter filesDiscovered;
    private final Counter footersRead;
    private final Counter splitsCreated;
    private final Counter rowGroupsPlanned;
    private final Counter rowsPlanned;

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
        group.gauge(UNPLANNED_FILES, unplannedFiles::getAsLong);
        metrics.setUnassignedSplitsGauge(unassignedSplits::getAsLong);
    }

    public void filesDiscovered(int count) {
        filesDiscovered.inc(count);
    }

    public void planned(int files, int splits, long rowGroups, long rows) {
        footersRead.inc(files);
        splitsCreated.inc(splits);
        rowGroupsPlanned.inc(rowGroups);
        rowsPlanned.inc(rows);
    }
}
