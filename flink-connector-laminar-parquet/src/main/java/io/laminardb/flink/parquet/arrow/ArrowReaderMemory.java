package io.laminardb.flink.parquet.arrow;

import org.apache.flink.annotation.Internal;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Arrow memory of one source reader: one {@link BufferAllocator} with the limit set by {@code
 * LaminarParquetSourceBuilder#arrowMemoryLimit}, and the vectors decoded but not yet handed out in
 * an {@link ArrowBatch}. The fetcher thread allocates ({@link #newVector}); the mailbox thread
 * hands vectors out ({@link #handOut}) or releases them ({@link #release}); {@link #close} (when
 * the reader closes, after its fetcher stopped) releases the vectors of batches never emitted and
 * closes the allocator, which fails naming the bytes still held when a batch was kept open.
 */
@Internal
public final class ArrowReaderMemory implements AutoCloseable {

    private final long limit;
    private final BufferAllocator allocator;
    private final Set<FieldVector> pending = ConcurrentHashMap.newKeySet();

    public ArrowReaderMemory(long limit) {
        this.limit = limit;
        this.allocator = new RootAllocator(limit);
    }

    /** The reader's allocator. */
    public BufferAllocator allocator() {
        return allocator;
    }

    /** A fresh vector of {@code rows} rows, held here until handed out or released. */
    FieldVector newVector(Field field, int rows) {
        FieldVector vector = field.createVector(allocator);
        try {
            vector.setInitialCapacity(rows);
            vector.allocateNew();
        } catch (OutOfMemoryException e) {
            vector.close();
            throw limitExceeded(field.getName(), e);
        }
        pending.add(vector);
        return vector;
    }

    /** The vector now belongs to a batch (which releases it). */
    FieldVector handOut(FieldVector vector) {
        pending.remove(vector);
        return vector;
    }

    /** Releases a vector unless it was handed out (its batch releases it then). */
    void release(FieldVector vector) {
        if (pending.remove(vector)) {
            vector.close();
        }
    }

    /** The error when a batch does not fit the limit. */
    IllegalStateException limitExceeded(String column, OutOfMemoryException e) {
        return new IllegalStateException(
                "The Arrow batch does not fit the reader's Arrow memory limit of "
                        + limit
                        + " bytes (arrowMemoryLimit; "
                        + allocator.getAllocatedMemory()
                        + " bytes held) at column '"
                        + column
                        + "': raise arrowMemoryLimit, lower batchSize, or release batches"
                        + " sooner",
                e);
    }

    @Override
    public void close() {
        for (FieldVector vector : pending) {
            vector.close();
        }
        pending.clear();
        allocator.close();
    }
}
