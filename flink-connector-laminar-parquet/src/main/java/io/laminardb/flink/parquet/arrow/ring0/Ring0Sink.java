package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.ArrowBatch;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A Sink V2 that pushes Arrow batches into a bounded, pre-allocated single-producer/single-consumer
 * ring per subtask ({@link SpscRing}), drained by one consumer thread into a {@link Ring0Consumer}.
 * Takes {@link ArrowBatch}es (from {@code LaminarParquetSource.forArrow()}) or {@link RowData}
 * (collected into batches of {@code batchRows} rows).
 *
 * <p>Back-pressure, never loss: when the ring is full the writer waits, and Flink's back-pressure
 * takes over; memory stays bounded by the ring's capacity times a batch. On a checkpoint (and at
 * the end of input) the writer hands over a partial RowData batch, waits until the ring is drained,
 * and has the consumer flush, before its part of the checkpoint completes.
 *
 * <p>With a {@link CommittingConsumer} ({@link ArrowIpcFileConsumer}), what the consumer finished
 * at a checkpoint is published by the sink's committer when the checkpoint completes: exactly once.
 *
 * <pre>{@code
 * CallbackConsumer.register("engine", (subtask, batch) -> engine.ingest(batch.root()));
 * env.fromSource(LaminarParquetSource.forArrow().path(path).build(), noWatermarks(), "parquet")
 *     .sinkTo(Ring0Sink.forArrow(new CallbackConsumer("engine")).withRingCapacity(8));
 * }</pre>
 */
@PublicEvolving
public final class Ring0Sink<IN> implements Sink<IN>, SupportsCommitter<Ring0Committable> {

    private static final long serialVersionUID = 1L;

    /** The default ring capacity, in batches. */
    public static final int DEFAULT_RING_CAPACITY = 8;

    private final Ring0Consumer consumer;
    private final int ringCapacity;

    /** The rows' type for RowData input; null for Arrow input. */
    @Nullable private final RowType rowType;

    private final int batchRows;

    private Ring0Sink(
            Ring0Consumer consumer, int ringCapacity, @Nullable RowType rowType, int batchRows) {
        this.consumer = checkNotNull(consumer, "consumer must not be null");
        checkArgument(ringCapacity >= 1, "ringCapacity must be at least 1, not %s", ringCapacity);
        checkArgument(batchRows >= 1, "batchRows must be at least 1, not %s", batchRows);
        this.ringCapacity = ringCapacity;
        this.rowType = rowType;
        this.batchRows = batchRows;
    }

    /** A sink of Arrow batches. */
    public static Ring0Sink<ArrowBatch> forArrow(Ring0Consumer consumer) {
        return new Ring0Sink<>(consumer, DEFAULT_RING_CAPACITY, null, 1);
    }

    /** A sink of rows of {@code rowType}, converted to Arrow in batches of {@code batchRows}. */
    public static Ring0Sink<RowData> forRowData(
            RowType rowType, int batchRows, Ring0Consumer consumer) {
        return new Ring0Sink<>(
                consumer,
                DEFAULT_RING_CAPACITY,
                checkNotNull(rowType, "rowType must not be null"),
                batchRows);
    }

    /** The same sink with a ring of {@code capacity} batches per subtask. */
    public Ring0Sink<IN> withRingCapacity(int capacity) {
        return new Ring0Sink<>(consumer, capacity, rowType, batchRows);
    }

    @Override
    @SuppressWarnings("unchecked")
    public SinkWriter<IN> createWriter(WriterInitContext context) {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        Ring0Writer<?> writer =
                rowType == null
                        ? Ring0Writer.forArrow(consumer, ringCapacity, subtask, parallelism)
                        : Ring0Writer.forRowData(
                                consumer, ringCapacity, rowType, batchRows, subtask, parallelism);
        writer.registerMetrics(context.metricGroup());
        return (SinkWriter<IN>) writer;
    }

    /** Publishes what a {@link CommittingConsumer} finished, when the checkpoint completes. */
    @Override
    public Committer<Ring0Committable> createCommitter(CommitterInitContext context) {
        return new Ring0Committer();
    }

    @Override
    public SimpleVersionedSerializer<Ring0Committable> getCommittableSerializer() {
        return Ring0CommittableSerializer.INSTANCE;
    }
}
