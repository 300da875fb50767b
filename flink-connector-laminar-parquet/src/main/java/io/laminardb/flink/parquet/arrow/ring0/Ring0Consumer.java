package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.ArrowBatch;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Takes the Arrow batches a {@link Ring0Sink} subtask drains from its ring. All four methods are
 * called on the subtask's one consumer thread, in order: {@link #open}, then {@link #accept} and
 * {@link #flush} any number of times, then {@link #close}.
 *
 * <p>A batch is valid during {@link #accept}; the sink closes it when the call returns. A consumer
 * that keeps it takes it with {@link ArrowBatch#keep()} or {@link ArrowBatch#copyTo} and closes
 * what that returns.
 */
@PublicEvolving
public interface Ring0Consumer extends Serializable {

    /** Prepares the consumer of one subtask. */
    void open(int subtask, int parallelism) throws Exception;

    /** One batch. */
    void accept(ArrowBatch batch) throws Exception;

    /**
     * Makes everything accepted so far durable or visible; called when a checkpoint is taken (its
     * part of the checkpoint completes after this returns) and at the end of input.
     */
    void flush() throws Exception;

    void close() throws Exception;
}
