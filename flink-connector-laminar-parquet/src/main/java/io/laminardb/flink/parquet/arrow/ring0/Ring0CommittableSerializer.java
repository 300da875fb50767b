package io.laminardb.flink.parquet.arrow.ring0;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Serializes {@link Ring0Committable}s (checkpointed by the committer); versioned and strict. */
@Internal
public final class Ring0CommittableSerializer
        implements SimpleVersionedSerializer<Ring0Committable> {

    public static final Ring0CommittableSerializer INSTANCE = new Ring0CommittableSerializer();

    /** Version 1: the in-progress path and the target path, each as length and UTF-8 bytes. */
    private static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(Ring0Committable committable) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        writeString(out, committable.inProgress());
        writeString(out, committable.target());
        return out.getCopyOfBuffer();
    }

    @Override
    public Ring0Committable deserialize(int version, byte[] serialized) throws IOException {
        switch (version) {
            case VERSION_1:
                DataInputDeserializer in = new DataInputDeserializer(serialized);
                Ring0Committable committable = new Ring0Committable(readString(in), readString(in));
                if (in.available() > 0) {
                    throw new IOException(
                            "Ring 0 committable has "
                                    + in.available()
                                    + " trailing bytes after version "
                                    + version);
                }
                return committable;
            default:
                throw new IOException("Unknown Ring 0 committable version " + version);
        }
    }

    private static void writeString(DataOutputSerializer out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputDeserializer in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("Corrupt Ring 0 committable: string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
