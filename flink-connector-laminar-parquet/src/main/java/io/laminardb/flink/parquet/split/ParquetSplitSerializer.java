package io.laminardb.flink.parquet.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serializer of {@link ParquetSplit}s, for checkpoints and for sending splits to readers.
 *
 * <p>Versions:
 *
 * <ul>
 *   <li>{@code 1}: split id, path, file size, modification time, first row group, row counts of the
 *       row groups, partition values, and the position (next row group, rows to skip).
 * </ul>
 */
@Internal
public final class ParquetSplitSerializer implements SimpleVersionedSerializer<ParquetSplit> {

    public static final ParquetSplitSerializer INSTANCE = new ParquetSplitSerializer();

    /** Version 1: the first version. */
    public static final int VERSION_1 = 1;

    private static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(ParquetSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public ParquetSplit deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        ParquetSplit split = read(version, in);
        if (in.available() > 0) {
            throw new IOException(
                    "Corrupt ParquetSplit: "
                            + in.available()
                            + " trailing bytes (version "
                            + version
                            + ")");
        }
        return split;
    }

    /** Writes a split in the current version (also used inside the enumerator state). */
    public static void write(ParquetSplit split, DataOutputView out) throws IOException {
        writeString(split.splitId(), out);
        writeString(split.path().toString(), out);
        out.writeLong(split.fileSize());
        out.writeLong(split.modificationTime());
        out.writeInt(split.firstRowGroup());
        long[] counts = split.rowGroupRowCounts();
        out.writeInt(counts.length);
        for (long count : counts) {
            out.writeLong(count);
        }
        Map<String, String> partitions = split.partitionValues();
        out.writeInt(partitions.size());
        for (Map.Entry<String, String> e : partitions.entrySet()) {
            writeString(e.getKey(), out);
            writeString(e.getValue(), out);
        }
        out.writeInt(split.nextRowGroup());
        out.writeLong(split.rowsToSkip());
    }

    /** Reads a split written in the given version. */
    public static ParquetSplit read(int version, DataInputView in) throws IOException {
        switch (version) {
            case VERSION_1:
                return readV1(in);
            default:
                throw new IOException(
                        "Unknown ParquetSplit serializer version "
                                + version
                                + " (this build reads versions up to "
                                + CURRENT_VERSION
                                + ")");
        }
    }

    private static ParquetSplit readV1(DataInputView in) throws IOException {
        String splitId = readString(in);
        String pathString = readString(in);
        if (splitId == null || pathString == null) {
            throw new IOException("Corrupt ParquetSplit: no split id or path");
        }
        Path path = new Path(pathString);
        long fileSize = in.readLong();
        long modificationTime = in.readLong();
        int firstRowGroup = in.readInt();
        int count = checkedCount(in.readInt(), "row groups");
        long[] counts = new long[count];
        for (int i = 0; i < count; i++) {
            counts[i] = in.readLong();
        }
        int partitionCount = checkedCount(in.readInt(), "partition values");
        Map<String, String> partitions = new LinkedHashMap<>();
        for (int i = 0; i < partitionCount; i++) {
            partitions.put(readString(in), readString(in));
        }
        int nextRowGroup = in.readInt();
        long rowsToSkip = in.readLong();
        return new ParquetSplit(
                splitId,
                path,
                fileSize,
                modificationTime,
                firstRowGroup,
                counts,
                partitions,
                nextRowGroup,
                rowsToSkip);
    }

    /** A length-prefixed UTF-8 string of any length (unlike {@code writeUTF}); null allowed. */
    public static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        checkedCount(length, "string bytes");
        if (in instanceof DataInputDeserializer
                && length > ((DataInputDeserializer) in).available()) {
            throw new IOException(
                    "Corrupt state: a string of "
                            + length
                            + " bytes, but only "
                            + ((DataInputDeserializer) in).available()
                            + " bytes are left");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int checkedCount(int count, String what) throws IOException {
        if (count < 0) {
            throw new IOException(
                    "Corrupt ParquetSplit: negative number of " + what + ": " + count);
        }
        return count;
    }
}
