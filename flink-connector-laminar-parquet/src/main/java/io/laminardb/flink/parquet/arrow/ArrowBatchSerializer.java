package io.laminardb.flink.parquet.arrow;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.util.TransferPair;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes an {@link ArrowBatch} as one Arrow IPC stream (schema message, one record batch, end
 * of stream) after its length as an int: what crosses the network between operators that are not
 * chained. Chained operators with object reuse get the batch itself and never call it; without
 * object reuse {@link #copy(ArrowBatch)} makes a deep copy.
 *
 * <p>Batches it makes (copies, deserialized batches) take their buffers from one JVM-wide
 * allocator, {@link #allocator()}, and belong to whoever receives them, who closes them.
 */
@PublicEvolving
public final class ArrowBatchSerializer extends TypeSerializer<ArrowBatch> {

    private static final long serialVersionUID = 1L;

    private static final class Allocator {
        static final BufferAllocator INSTANCE = new RootAllocator();
    }

    /** The allocator of the batches serializers make; its allocated bytes show unclosed ones. */
    public static BufferAllocator allocator() {
        return Allocator.INSTANCE;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<ArrowBatch> duplicate() {
        return this; // stateless
    }

    @Override
    public ArrowBatch createInstance() {
        return null; // no empty batch without a schema
    }

    @Override
    public ArrowBatch copy(ArrowBatch from) {
        return from.copyTo(allocator());
    }

    @Override
    public ArrowBatch copy(ArrowBatch from, ArrowBatch reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ArrowBatch record, DataOutputView target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer =
                new ArrowStreamWriter(record.root(), null, Channels.newChannel(bytes))) {
            writer.start();
            writer.writeBatch();
            writer.end();
        }
        target.writeInt(bytes.size());
        bytes.writeTo(new DataOutputViewStream(target));
    }

    @Override
    public ArrowBatch deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try (ArrowStreamReader reader =
                new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator())) {
            if (!reader.loadNextBatch()) {
                throw new IOException("An Arrow IPC record holds no record batch");
            }
            VectorSchemaRoot read = reader.getVectorSchemaRoot();
            List<FieldVector> vectors = new ArrayList<>();
            for (FieldVector vector : read.getFieldVectors()) {
                TransferPair transfer = vector.getTransferPair(allocator());
                transfer.transfer();
                vectors.add((FieldVector) transfer.getTo());
            }
            return new ArrowBatch(
                    new VectorSchemaRoot(
                            read.getSchema().getFields(), vectors, read.getRowCount()));
        }
    }

    @Override
    public ArrowBatch deserialize(ArrowBatch reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ArrowBatchSerializer;
    }

    @Override
    public int hashCode() {
        return ArrowBatchSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ArrowBatch> snapshotConfiguration() {
        return new ArrowBatchSerializerSnapshot();
    }

    /** The snapshot: the format is the Arrow IPC stream, versioned by Arrow itself. */
    public static final class ArrowBatchSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<ArrowBatch> {

        public ArrowBatchSerializerSnapshot() {
            super(ArrowBatchSerializer::new);
        }
    }

    /** Writes through to a {@link DataOutputView}. */
    private static final class DataOutputViewStream extends java.io.OutputStream {
        private final DataOutputView out;

        DataOutputViewStream(DataOutputView out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }
    }
}
