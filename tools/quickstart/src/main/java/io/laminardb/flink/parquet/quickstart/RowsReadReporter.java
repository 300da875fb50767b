package io.laminardb.flink.parquet.quickstart;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A metric reporter that adds up the connector's {@code parquet.rowsEmitted} counters, so the
 * quickstart can show how many rows its SQL job has read while it runs. The job runs on an embedded
 * MiniCluster in this JVM, so Flink hands the reporter the live counter objects; a job on a real
 * cluster would be watched through its REST API or a metrics backend instead.
 *
 * <p>Configured with {@code metrics.reporter.<name>.factory.class} set to {@link Factory} (found
 * through {@code META-INF/services}). Flink calls it from task threads as readers open and close.
 */
public final class RowsReadReporter implements MetricReporter {

    /** The reader metric counted, as documented in docs/datastream.md (Metrics). */
    private static final String GROUP = "parquet";

    private static final String ROWS_EMITTED = "rowsEmitted";

    private static final Set<Counter> LIVE = ConcurrentHashMap.newKeySet();
    private static final LongAdder CLOSED = new LongAdder();

    /** Rows the source readers of this JVM have emitted since the last {@link #reset()}. */
    static long rowsRead() {
        long rows = CLOSED.sum();
        for (Counter counter : LIVE) {
            rows += counter.getCount();
        }
        return rows;
    }

    /** Forgets the counts of earlier jobs. */
    static void reset() {
        LIVE.clear();
        CLOSED.reset();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (isRowsEmitted(metric, metricName, group)) {
            LIVE.add((Counter) metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // A reader's metrics go away when its task ends; keep what it counted.
        if (isRowsEmitted(metric, metricName, group) && LIVE.remove(metric)) {
            CLOSED.add(((Counter) metric).getCount());
        }
    }

    private static boolean isRowsEmitted(Metric metric, String name, MetricGroup group) {
        return metric instanceof Counter
                && ROWS_EMITTED.equals(name)
                && group.getMetricIdentifier(name).endsWith("." + GROUP + "." + ROWS_EMITTED);
    }

    /** Creates the reporter; named in the MiniCluster's configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RowsReadReporter();
        }
    }
}
