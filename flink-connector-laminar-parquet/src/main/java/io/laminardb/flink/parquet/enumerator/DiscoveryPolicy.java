package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import javax.annotation.Nullable;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Which files exist, and whether more may come: the part of the enumerator that differs between a
 * bounded read ({@link ListOnceDiscovery}: list once, then finish) and a continuous one (list again
 * every poll interval on I/O threads, never finish). {@link ParquetSplitEnumerator} plans and
 * assigns whatever files a policy hands it, the same way for every policy.
 *
 * <p>What a policy promises the enumerator:
 *
 * <ul>
 *   <li>{@link #start} is called once, on the coordinator thread, from the enumerator's {@code
 *       start()}. Listing runs on I/O threads through {@link SplitEnumeratorContext#callAsync},
 *       never on the coordinator thread.
 *   <li>Each listing's result goes to the listener on the coordinator thread (in the {@code
 *       callAsync} handler), with its files in file order and only files not handed over before,
 *       also across a restore (what the checkpoint holds is the enumerator's; what was listed
 *       before it is the policy's to know).
 *   <li>The listener is called after every listing, also when it found nothing; when a listing is
 *       the last one, {@link #isFinished()} is already true when the listener is called. The
 *       enumerator tells readers that there are no more splits only once the policy is finished and
 *       every file it handed over is planned and every split assigned.
 *   <li>A listing that fails either fails the job (throw from the handler, with an error naming the
 *       path) or is retried by the policy; the enumerator does not see it.
 * </ul>
 */
@Internal
public interface DiscoveryPolicy {

    /**
     * Starts discovery: schedules the listings through {@code context.callAsync} and hands each
     * one's result to {@code listener}. Coordinator thread; called once.
     */
    void start(SplitEnumeratorContext<ParquetSplit> context, Consumer<DiscoveryResult> listener);

    /**
     * Starts discovery as {@link #start(SplitEnumeratorContext, Consumer)}, with a way to ask the
     * enumerator whether its backlog (files not yet planned, splits not yet assigned) is over its
     * bound: a policy that lists again may skip a listing while it is (throttling). {@code
     * backlogFull} may only be called on the coordinator thread. The enumerator calls this one; a
     * policy that lists once ignores {@code backlogFull}. Coordinator thread; called once.
     */
    default void start(
            SplitEnumeratorContext<ParquetSplit> context,
            Consumer<DiscoveryResult> listener,
            BooleanSupplier backlogFull) {
        start(context, listener);
    }

    /**
     * Whether no more files will be handed over: a bounded read after its one listing, a continuous
     * read never. Checkpointed as {@link ParquetEnumState#discoveryDone()}. Coordinator thread.
     */
    boolean isFinished();

    /**
     * Whether this policy lists once and hands over every file before the first split is assigned
     * (a bounded read), so that no file found later can come before one already assigned.
     */
    default boolean listsOnce() {
        return false;
    }

    /**
     * What was handed over so far, for the checkpoint ({@link ParquetEnumState#position()}), or
     * null when the policy needs none ({@link ListOnceDiscovery}: {@link #isFinished()} is all it
     * needs). Coordinator thread.
     */
    @Nullable
    default DiscoveryPosition position() {
        return null;
    }
}
