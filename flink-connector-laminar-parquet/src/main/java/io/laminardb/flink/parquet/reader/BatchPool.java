package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import javax.annotation.Nullable;

import java.util.ArrayDeque;

/**
 * The {@link BatchVectors} a split reader circulates instead of allocating every vector of every
 * batch, as Flink's {@code ParquetVectorizedInputFormat} circulates its batches: at most {@link
 * #size()} batches are out at a time, and a batch comes back only through {@link
 * ParquetRecords#recycle()}, which the source reader calls once the emitter has taken every row of
 * the element. The fetcher thread {@link #take}s one before it decodes a batch and waits while all
 * are out (back-pressure, on top of the element queue's).
 *
 * <p>Sized as the element queue's capacity plus the two batches that can be outside it: the one
 * being emitted and the one the fetcher holds while it waits to put it into a full queue. So a
 * fetcher waits here only for batches that are lost to the pool: those of a reader that stopped
 * emitting (its limit reached, closing, failing over). It must not wait for them forever: {@link
 * #wakeUp()} (the split reader's, called by Flink when the fetcher has other work, is paused or
 * shuts down) ends the wait, and a wake-up that comes while nobody waits ends the next one, so none
 * is lost. An interrupt ends it too.
 *
 * <p>Thread contract: {@link #take} on the fetcher thread; {@link BatchVectors#release} on the
 * mailbox thread (or a closing reader's); {@link #wakeUp()} on any thread.
 */
@Internal
final class BatchPool {

    private final int size;
    private final int columns;
    private final ArrayDeque<BatchVectors> free = new ArrayDeque<>();
    private int created;
    private boolean wokenUp;

    /**
     * @param size how many batches circulate (at least 1)
     * @param columns the file columns of the read schema: one vector slot each
     */
    BatchPool(int size, int columns) {
        if (size < 1) {
            throw new IllegalArgumentException("A batch pool needs at least one batch: " + size);
        }
        this.size = size;
        this.columns = columns;
    }

    /**
     * How many batches circulate in a reader whose element queue holds {@code queueCapacity}
     * elements ({@code source.reader.element.queue.capacity}): those plus the one being emitted and
     * the one the fetcher holds while the queue is full.
     */
    static int batchesToCirculate(int queueCapacity) {
        return queueCapacity + 2;
    }

    /**
     * A batch's vectors to decode into: a returned one, a new one while fewer than {@link #size()}
     * exist, else waits for one to come back. Null when woken up or interrupted first (the
     * interrupt stays set): the caller returns and asks again on its next fetch.
     */
    @Nullable
    synchronized BatchVectors take() {
        while (free.isEmpty() && created == size && !wokenUp) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        if (wokenUp) {
            wokenUp = false;
            return null;
        }
        BatchVectors vectors = free.poll();
        if (vectors == null) {
            created++;
            vectors = new BatchVectors(this, columns);
        }
        vectors.taken();
        return vectors;
    }

    /** Ends a {@link #take} that waits, or else the next one. */
    synchronized void wakeUp() {
        wokenUp = true;
        notifyAll();
    }

    synchronized void release(BatchVectors vectors) {
        free.push(vectors);
        notifyAll();
    }

    /** How many batches circulate at most. */
    int size() {
        return size;
    }

    /** Batches not out now (returned, or not made yet). */
    @VisibleForTesting
    synchronized int available() {
        return free.size() + size - created;
    }
}
