package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.split.ParquetSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.laminardb.flink.parquet.split.ParquetSplitSerializer.readString;
import static io.laminardb.flink.parquet.split.ParquetSplitSerializer.writeString;

/**
 * Serializer of {@link ParquetEnumState}. Writes the current version; reads every version ever
 * written, so checkpoints and savepoints of older builds restore.
 *
 * <p>Versions:
 *
 * <ul>
 *   <li>{@code 1}: discovery flag, unplanned files (path, size, modification time, partition
 *       values), unassigned splits (each with the split serializer's version before it).
 *   <li>{@code 2}: version 1, then the discovery position of continuous discovery: a presence flag,
 *       then the newest modification time, the settle window, and the window's files (path, size,
 *       modification time). Version 1 bytes read with no position.
 * </ul>
 *
 * <p>To add a version: add {@code VERSION_n} with a line on what changed, make it {@code
 * CURRENT_VERSION}, write it in {@link #serialize}, add {@code case VERSION_n} and a {@code
 * deserializeVn} to {@link #deserialize} (keep {@link #deserializeV1} and its parts as they are),
 * and commit bytes of the new version next to {@code enum-state-v1.bin} in the tests.
 */
@Internal
public final class ParquetEnumStateSerializer
        implements SimpleVersionedSerializer<ParquetEnumState> {

    /** Version 1: the first version. */
    public static final int VERSION_1 = 1;

    /** Version 2: version 1 plus the optional {@link DiscoveryPosition} of continuous discovery. */
    public static final int VERSION_2 = 2;

    private static final int CURRENT_VERSION = VERSION_2;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    /** Writes the state in {@link #CURRENT_VERSION}. */
    @Override
    public byte[] serialize(ParquetEnumState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeBoolean(state.discoveryDone());
        writeFiles(state.unplannedFiles(), out);
        writeSplits(state.unassignedSplits(), out);
        writePosition(state.position(), out);
        return out.getCopyOfBuffer();
    }

    @Override
    public ParquetEnumState deserialize(int version, byte[] serialized) throws IOException {
        switch (version) {
            case VERSION_1:
                return deserializeV1(serialized);
            case VERSION_2:
                return deserializeV2(serialized);
            default:
                throw new IOException(
                        "Unknown ParquetEnumState serializer version "
                                + version
                                + " (this build reads versions up to "
                                + CURRENT_VERSION
                                + "): the checkpoint or savepoint was written by a newer"
                                + " version of the connector, or is corrupt");
        }
    }

    /** Version 1: discovery flag, unplanned files, unassigned splits. */
    private static ParquetEnumState deserializeV1(byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean discoveryDone = in.readBoolean();
        List<DiscoveredFile> files = readFiles(in);
        List<ParquetSplit> splits = readSplits(in);
        checkFullyRead(in, VERSION_1);
        return new ParquetEnumState(discoveryDone, files, splits);
    }

    /** Version 2: version 1's fields, then the optional discovery position. */
    private static ParquetEnumState deserializeV2(byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean discoveryDone = in.readBoolean();
        List<DiscoveredFile> files = readFiles(in);
        List<ParquetSplit> splits = readSplits(in);
        DiscoveryPosition position = readPosition(in);
        checkFullyRead(in, VERSION_2);
        return new ParquetEnumState(discoveryDone, files, splits, position);
    }

    // ------------------------------------------------------------------------------------------
    // Parts, shared by the versions that have them. Never change how a released version reads.
    // ------------------------------------------------------------------------------------------

    /** Count, then per file: path, size, modification time, partition values. Since version 1. */
    private static void writeFiles(List<DiscoveredFile> files, DataOutputView out)
            throws IOException {
        out.writeInt(files.size());
        for (DiscoveredFile file : files) {
            writeString(file.pathString(), out);
            out.writeLong(file.size());
            out.writeLong(file.modificationTime());
            out.writeInt(file.partitionValues().size());
            for (Map.Entry<String, String> e : file.partitionValues().entrySet()) {
                writeString(e.getKey(), out);
                writeString(e.getValue(), out);
            }
        }
    }

    private static List<DiscoveredFile> readFiles(DataInputView in) throws IOException {
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
        return files;
    }

    /** The split serializer's version, count, then the splits. Since version 1. */
    private static void writeSplits(List<ParquetSplit> splits, DataOutputView out)
            throws IOException {
        out.writeInt(ParquetSplitSerializer.INSTANCE.getVersion());
        out.writeInt(splits.size());
        for (ParquetSplit split : splits) {
            ParquetSplitSerializer.write(split, out);
        }
    }

    private static List<ParquetSplit> readSplits(DataInputView in) throws IOException {
        int splitVersion = in.readInt();
        int splitCount = nonNegative(in.readInt());
        List<ParquetSplit> splits = new ArrayList<>(Math.min(splitCount, 1 << 16));
        for (int i = 0; i < splitCount; i++) {
            splits.add(ParquetSplitSerializer.read(splitVersion, in));
        }
        return splits;
    }

    /**
     * Whether there is a position; if so, newest modification time, settle window, count, then per
     * window file: path, size, modification time. Since version 2.
     */
    private static void writePosition(@Nullable DiscoveryPosition position, DataOutputView out)
            throws IOException {
        out.writeBoolean(position != null);
        if (position == null) {
            return;
        }
        out.writeLong(position.maxModificationTime());
        out.writeLong(position.settleWindowMillis());
        out.writeInt(position.window().size());
        for (DiscoveryPosition.WindowEntry entry : position.window()) {
            writeString(entry.path(), out);
            out.writeLong(entry.size());
            out.writeLong(entry.modificationTime());
        }
    }

    @Nullable
    private static DiscoveryPosition readPosition(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long maxModificationTime = in.readLong();
        long settleWindowMillis = in.readLong();
        if (settleWindowMillis < 0) {
            throw new IOException(
                    "Corrupt ParquetEnumState: negative settle window " + settleWindowMillis);
        }
        int count = nonNegative(in.readInt());
        List<DiscoveryPosition.WindowEntry> window = new ArrayList<>(Math.min(count, 1 << 16));
        for (int i = 0; i < count; i++) {
            String path = readString(in);
            long size = in.readLong();
            long mtime = in.readLong();
            if (mtime > maxModificationTime) {
                throw new IOException(
                        "Corrupt ParquetEnumState: discovery window file "
                                + path
                                + " has modification time "
                                + mtime
                                + ", newer than the position's "
                                + maxModificationTime);
            }
            window.add(new DiscoveryPosition.WindowEntry(path, size, mtime));
        }
        return new DiscoveryPosition(maxModificationTime, settleWindowMillis, window);
    }

    private static void checkFullyRead(DataInputDeserializer in, int version) throws IOException {
        if (in.available() > 0) {
            throw new IOException(
                    "Corrupt ParquetEnumState: "
                            + in.available()
                            + " trailing bytes (version "
                            + version
                            + ")");
        }
    }

    private static int nonNegative(int count) throws IOException {
        if (count < 0) {
            throw new IOException("Corrupt ParquetEnumState: negative count " + count);
        }
        return count;
    }
}
