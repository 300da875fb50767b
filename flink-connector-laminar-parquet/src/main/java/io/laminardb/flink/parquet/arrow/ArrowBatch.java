package io.laminardb.flink.parquet.arrow;

import org.apache.flink.annotation.PublicEvolving;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Arrow record batch emitted by {@code LaminarParquetSource.forArrow()}: rows of one split,
 * never more than the source's batch size, in a {@link VectorSchemaRoot} whose schema is {@code
 * ArrowTypes.schema(source.getRowType())}.
 *
 * <p><b>Ownership.</b> The batch's buffers are released by {@link #close()}, which is idempotent.
 * The source closes every batch it emitted as soon as {@code collect} returns, that is after the
 * operators chained to it have processed it, or after it was serialized for the network. So a batch
 * is valid inside the call that receives it; an operator that keeps it longer takes its buffers
 * with {@link #transferTo} and closes what that returns. Batches made by the {@link
 * ArrowBatchSerializer} (a copy between chained operators without object reuse, a batch received
 * over the network) belong to the receiver, which closes them; closing a batch the source still
 * owns is harmless.
 */
@PublicEvolving
public final class ArrowBatch implements AutoCloseable {

    private final VectorSchemaRoot root;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ArrowBatch(VectorSchemaRoot root) {
        this.root = root;
    }

    /** The batch's vectors; valid until the batch is closed. */
    public VectorSchemaRoot root() {
        return root;
    }

    public Schema schema() {
        return root.getSchema();
    }

    public int numRows() {
        return root.getRowCount();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Takes the batch's buffers without copying them: this batch is left empty (closing it releases
     * nothing) and the caller owns, and closes, the batch returned. Its buffers stay accounted to
     * the allocator they came from: for a batch the source emitted, the reader's, so kept batches
     * count against {@code arrowMemoryLimit} until closed.
     */
    public ArrowBatch keep() {
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            TransferPair transfer = vector.getTransferPair(vector.getAllocator());
            transfer.transfer();
            vectors.add((FieldVector) transfer.getTo());
        }
        return new ArrowBatch(
                new VectorSchemaRoot(root.getSchema().getFields(), vectors, numRows()));
    }

    /**
     * A deep copy whose buffers come from {@code allocator}; the caller owns, and closes, it. This
     * batch is unchanged.
     */
    public ArrowBatch copyTo(BufferAllocator allocator) {
        int rows = numRows();
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (FieldVector vector : root.getFieldVectors()) {
                FieldVector copy = vector.getField().createVector(allocator);
                vectors.add(copy);
                copy.setInitialCapacity(rows);
                copy.allocateNew();
                for (int i = 0; i < rows; i++) {
                    copy.copyFromSafe(i, i, vector);
                }
                copy.setValueCount(rows);
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new ArrowBatch(new VectorSchemaRoot(root.getSchema().getFields(), vectors, rows));
    }

    /** Releases the batch's buffers; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            root.close();
        }
    }

    @Override
    public String toString() {
        return "ArrowBatch{rows=" + numRows() + ", schema=" + root.getSchema() + "}";
    }
}
