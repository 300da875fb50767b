package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.ArrowBatch;
import io.laminardb.flink.parquet.arrow.ArrowBatchBuilder;
import io.laminardb.flink.parquet.metrics.Ring0WriterMetrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The writer of one {@link Ring0Sink} subtask. The mailbox thread (the ring's producer) takes each
 * batch ({@link ArrowBatch#keep()}: no copy) or builds it from rows, and offers it to the ring,
 * waiting while the ring is full; the consumer thread (the ring's consumer) hands each batch to the
 * {@link Ring0Consumer}, closes it, and flushes the consumer when the writer asks. A failure on the
 * consumer thread fails the next write or flush.
 */
@Internal
final class Ring0Writer<IN> implements CommittingSinkWriter<IN, Ring0Committable> {

    private static final long WAIT_NANOS = 20_000;

    private final Ring0Consumer consumer;
    private final SpscRing<ArrowBatch> ring;
    private final Function<IN, ArrowBatch> toBatch;
    @Nullable private final ArrowBatchBuilder builder;
    @Nullable private final BufferAllocator allocator;
    private final int batchRows;
    private final Thread consumerThread;

    private final AtomicLong flushRequested = new AtomicLong();
    private volatile long flushDone;
    private volatile boolean closing;
    @Nullable private volatile Throwable failure;

    /** The most batches the ring held at once; written by the producer. */
    private volatile int highWater;

    /** The time the producer waited on a full ring, in total; written by the producer. */
    private volatile long fullWaitNanos;

    private Ring0Writer(
            Ring0Consumer consumer,
            int ringCapacity,
            Function<IN, ArrowBatch> toBatch,
            @Nullable ArrowBatchBuilder builder,
            @Nullable BufferAllocator allocator,
            int batchRows,
            int subtask,
            int parallelism) {
        this.consumer = consumer;
        this.ring = new SpscRing<>(ringCapacity);
        this.toBatch = toBatch;
        this.builder = builder;
        this.allocator = allocator;
        this.batchRows = batchRows;
        this.consumerThread =
                new Thread(
                        () -> drain(consumer, subtask, parallelism),
                        "Ring0 consumer " + (subtask + 1) + "/" + parallelism);
        consumerThread.setDaemon(true);
        consumerThread.start();
    }

    static Ring0Writer<ArrowBatch> forArrow(
            Ring0Consumer consumer, int ringCapacity, int subtask, int parallelism) {
        return new Ring0Writer<>(
                consumer, ringCapacity, ArrowBatch::keep, null, null, 1, subtask, parallelism);
    }

    static Ring0Writer<RowData> forRowData(
            Ring0Consumer consumer,
            int ringCapacity,
            RowType rowType,
            int batchRows,
            int subtask,
            int parallelism) {
        BufferAllocator allocator = new RootAllocator();
        return new Ring0Writer<>(
                consumer,
                ringCapacity,
                null,
                new ArrowBatchBuilder(rowType, allocator),
                allocator,
                batchRows,
                subtask,
                parallelism);
    }

    @Override
    public void write(IN element, Context context) throws IOException, InterruptedException {
        checkFailure();
        if (builder == null) {
            push(toBatch.apply(element));
        } else {
            builder.append((RowData) element);
            if (builder.rows() >= batchRows) {
                push(builder.build());
            }
        }
    }

    /** Offers a batch, waiting while the ring is full (back-pressure). */
    private void push(ArrowBatch batch) throws IOException, InterruptedException {
        if (!ring.offer(batch)) {
            long start = System.nanoTime();
            try {
                waitAndOffer(batch);
            } finally {
                fullWaitNanos += System.nanoTime() - start;
            }
        }
        int size = ring.size();
        if (size > highWater) {
            highWater = size;
        }
        LockSupport.unpark(consumerThread);
    }

    private void waitAndOffer(ArrowBatch batch) throws IOException, InterruptedException {
        do {
            if (failure != null || Thread.currentThread().isInterrupted()) {
                batch.close();
                checkFailure();
                throw new InterruptedException("Interrupted while the Ring 0 ring was full");
            }
            LockSupport.parkNanos(WAIT_NANOS);
        } while (!ring.offer(batch));
    }

    /** Registers this writer's gauges ({@link Ring0WriterMetrics}). */
    void registerMetrics(MetricGroup sinkMetrics) {
        Ring0WriterMetrics.register(sinkMetrics, () -> fullWaitNanos, ring::size, () -> highWater);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        checkFailure();
        if (builder != null && builder.rows() > 0) {
            push(builder.build());
        }
        long request = flushRequested.incrementAndGet();
        LockSupport.unpark(consumerThread);
        while (flushDone < request) {
            checkFailure();
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("Interrupted while the Ring 0 ring drained");
            }
            LockSupport.parkNanos(WAIT_NANOS);
        }
    }

    /**
     * What a {@link CommittingConsumer} finished in the flush just before (Flink calls this right
     * after {@link #flush}); nothing for other consumers.
     */
    @Override
    public Collection<Ring0Committable> prepareCommit() throws IOException {
        checkFailure();
        return consumer instanceof CommittingConsumer
                ? ((CommittingConsumer) consumer).takeCommittables()
                : List.of();
    }

    private void drain(Ring0Consumer consumer, int subtask, int parallelism) {
        try {
            consumer.open(subtask, parallelism);
            try {
                while (true) {
                    ArrowBatch batch = ring.poll();
                    if (batch != null) {
                        try (batch) {
                            consumer.accept(batch);
                        }
                        continue;
                    }
                    long request = flushRequested.get();
                    if (request > flushDone) {
                        // Batches offered before the request are visible now: take them first.
                        ArrowBatch late = ring.poll();
                        if (late != null) {
                            try (late) {
                                consumer.accept(late);
                            }
                            continue;
                        }
                        consumer.flush();
                        flushDone = request;
                        continue;
                    }
                    if (closing) {
                        return;
                    }
                    LockSupport.parkNanos(WAIT_NANOS);
                }
            } finally {
                consumer.close();
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void checkFailure() throws IOException {
        Throwable t = failure;
        if (t != null) {
            throw new IOException("The Ring 0 consumer failed: " + t, t);
        }
    }

    /** The most batches the ring held at once. */
    @VisibleForTesting
    int highWater() {
        return highWater;
    }

    /** The time the writer waited on a full ring, in total. */
    @VisibleForTesting
    long fullWaitNanos() {
        return fullWaitNanos;
    }

    @Override
    public void close() throws Exception {
        closing = true;
        LockSupport.unpark(consumerThread);
        consumerThread.join();
        for (ArrowBatch left = ring.poll(); left != null; left = ring.poll()) {
            left.close(); // not flushed: a failure or cancellation
        }
        if (builder != null) {
            builder.close();
        }
        if (allocator != null) {
            allocator.close();
        }
        checkFailure();
    }
}
