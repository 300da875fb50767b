package io.laminardb.flink.parquet.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The Ring 0 sink writer's metrics, named and registered in one place, under the group {@code
 * ring0} of each sink subtask:
 *
 * <ul>
 *   <li>{@code fullWaitTimeMs}: the time the writer (the task's thread) waited because the ring was
 *       full, in total: a slow consumer shows here, and as back-pressure upstream;
 *   <li>{@code batchesQueued}: the batches in the ring now; {@code maxBatchesQueued}: the most it
 *       held at once (never more than its capacity, so memory stays bounded).
 * </ul>
 *
 * <p>The values are read from the writer's own fields; registering costs the writer nothing per
 * batch.
 */
@Internal
public final class Ring0WriterMetrics {

    public static final String GROUP = "ring0";
    public static final String FULL_WAIT_TIME_MS = "fullWaitTimeMs";
    public static final String BATCHES_QUEUED = "batchesQueued";
    public static final String MAX_BATCHES_QUEUED = "maxBatchesQueued";

    private Ring0WriterMetrics() {}

    /** Registers the gauges of one writer in {@code sinkMetrics}. */
    public static void register(
            MetricGroup sinkMetrics,
            LongSupplier fullWaitNanos,
            IntSupplier batchesQueued,
            IntSupplier maxBatchesQueued) {
        MetricGroup group = sinkMetrics.addGroup(GROUP);
        group.gauge(FULL_WAIT_TIME_MS, (Gauge<Long>) () -> fullWaitNanos.getAsLong() / 1_000_000);
        group.gauge(BATCHES_QUEUED, (Gauge<Integer>) batchesQueued::getAsInt);
        group.gauge(MAX_BATCHES_QUEUED, (Gauge<Integer>) maxBatchesQueued::getAsInt);
    }
}
