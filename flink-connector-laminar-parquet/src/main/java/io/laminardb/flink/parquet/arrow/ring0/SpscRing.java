package io.laminardb.flink.parquet.arrow.ring0;

import org.apache.flink.annotation.Internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer/single-consumer ring of pre-allocated slots: {@link #offer} and {@link
 * #poll} never allocate and never lock; each side reads the other's index only when its cached copy
 * says the ring is full (or empty), and publishes its own with an ordered store. Exactly one thread
 * offers and exactly one thread polls.
 */
@Internal
public final class SpscRing<T> {

    private final Object[] slots;
    private final int mask;

    /** The next slot to poll; written by the consumer. */
    private final AtomicLong head = new AtomicLong();

    /** The next slot to fill; written by the producer. */
    private final AtomicLong tail = new AtomicLong();

    private long producerHead; // the producer's copy of head
    private long consumerTail; // the consumer's copy of tail

    /** A ring of {@code capacity} slots, rounded up to a power of two. */
    public SpscRing(int capacity) {
        if (capacity < 1 || capacity > (1 << 30)) {
            throw new IllegalArgumentException(
                    "ring capacity must be between 1 and 2^30, not " + capacity);
        }
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) {
            size <<= 1;
        }
        this.slots = new Object[size];
        this.mask = size - 1;
    }

    public int capacity() {
        return slots.length;
    }

    /** Adds {@code value} unless the ring is full. Producer thread. */
    public boolean offer(T value) {
        long t = tail.get();
        if (t - producerHead >= slots.length) {
            producerHead = head.get();
            if (t - producerHead >= slots.length) {
                return false;
            }
        }
        slots[(int) t & mask] = value;
        tail.lazySet(t + 1);
        return true;
    }

    /** The oldest value, or null when the ring is empty. Consumer thread. */
    @SuppressWarnings("unchecked")
    public T poll() {
        long h = head.get();
        if (h >= consumerTail) {
            consumerTail = tail.get();
            if (h >= consumerTail) {
                return null;
            }
        }
        int slot = (int) h & mask;
        T value = (T) slots[slot];
        slots[slot] = null;
        head.lazySet(h + 1);
        return value;
    }

    /** Values in the ring (a snapshot; any thread). */
    public int size() {
        return (int) (tail.get() - head.get());
    }
}
