package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.split.ParquetSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.laminardb.flink.parquet.split.ParquetSplitSerializer.readString;
import static io.laminardb.flink.parquet.split.ParquetSplitSerializer.writeString;

/**
 * Serializer of {@link ParquetEnumState}.
 *
 * <p>Versions:
 *
 * <ul>
 *   <li>{@code 1}: discovery flag, unplanned files (path, size, modification time, partition
 *       values), unassigned splits (each with the split serializer's version before it).
 * </ul>
 */
@Internal
public final class ParquetEnumStateSerializer
        implements SimpleVersionedSerializer<ParquetEnumState> {

    /** Version 1: the first version. */
    public static final int VERSION_1 = 1;

    private static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(ParquetEnumState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeBoolean(state.discoveryDone());
        out.writeInt(state.unplannedFiles().size());
        for (DiscoveredFile file : state.unplannedFiles()) {
            writeString(file.path().toString(), out);
            out.writeLong(file.size());
            out.writeLong(file.modificationTime());
            out.writeInt(file.partitionValues().size());
            for (Map.Entry<String, String> e : file.partitionValues().entrySet()) {
                writeString(e.getKey(), out);
                writeString(e.getValue(), out);
            }
        }
        int splitVersion = ParquetSplitSerializer.INSTANCE.getVersion();
        out.writeInt(splitVersion);
        out.writeInt(state.unassignedSplits().size());
        for (ParquetSplit split : state.unassignedSplits()) {
            ParquetSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public ParquetEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException(
                    "Unknown ParquetEnumState serializer version "
                            + version
                            + " (this build reads versions up to "
                            + CURRENT_VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean discoveryDone = in.readBoolean();
        int fileCount = nonNegative(in.readInt());
        List<DiscoveredFile> files = new ArrayList<>(Math.min(fileCount, 1 << 16));
        for (int i = 0; i < fileCount; i++) {
            Path path = new Path(readString(in));
            long size = in.readLong();
            long mtime = in.readLong();
            int partitionCount = nonNegative(in.readInt());
            Map<String, String> partitions = new LinkedHashMap<>();
            for (int p = 0; p < partitionCount; p++) {
                partitions.put(readString(in), readString(in));
            }
            files.add(new DiscoveredFile(path, size, mtime, partitions));
        }
        int splitVersion = in.readInt();
        int splitCount = nonNegative(in.readInt());
        List<ParquetSplit> splits = new ArrayList<>(Math.min(splitCount, 1 << 16));
        for (int i = 0; i < splitCount; i++) {
            splits.add(ParquetSplitSerializer.read(splitVersion, in));
        }
        if (in.available() > 0) {
            throw new IOException(
                    "Corrupt ParquetEnumState: " + in.available() + " trailing bytes");
        }
        return new ParquetEnumState(discoveryDone, files, splits);
    }

    private static int nonNegative(int count) throws IOException {
        if (count < 0) {
            throw new IOException("Corrupt ParquetEnumState: negative count " + count);
        }
        return count;
    }
}
