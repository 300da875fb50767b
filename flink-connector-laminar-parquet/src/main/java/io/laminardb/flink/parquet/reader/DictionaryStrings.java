package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;

import javax.annotation.Nullable;

/**
 * A column chunk's decoded BINARY dictionary: every entry's bytes in one array that never changes,
 * with each entry's offset, and for string columns the {@link StringData} of each entry, made once
 * when a row first refers to it. Rows that refer to the same entry then share one string object (an
 * immutable view of the dictionary's bytes) instead of each getting its own: for a
 * dictionary-encoded string column, reading a row's string allocates nothing.
 *
 * <p>Only a dictionary with far fewer entries than the chunk has values shares its strings ({@link
 * #sharesStrings()}): where most entries are used once (unique values that are dictionary-encoded
 * until the writer falls back to PLAIN), a shared string would be made per row all the same, on the
 * fetcher thread and kept in an array, which costs more than making it when the row is read.
 *
 * <p>Thread contract: built and {@link #string} called on the fetcher thread only; the strings it
 * made are read by any thread the batches referring to them are handed to (which happens after).
 */
@Internal
final class DictionaryStrings {

    private final byte[] bytes;

    /** Where entry {@code i} starts; entry count + 1 offsets. */
    private final int[] offsets;

    /** One segment over {@link #bytes}, shared by every entry's string. */
    private final MemorySegment[] segments;

    /**
     * The string of each entry, null until a row refers to it; null if not {@link #sharesStrings}.
     */
    @Nullable private final StringData[] strings;

    /** Whether rows of an entry share its string. */
    private final boolean sharesStrings;

    /**
     * @param bytes every entry's bytes
     * @param offsets where entry {@code i} starts; entry count + 1 offsets
     * @param chunkValues how many values the column chunk has (NULLs included)
     */
    DictionaryStrings(byte[] bytes, int[] offsets, long chunkValues) {
        this.bytes = bytes;
        this.offsets = offsets;
        this.segments = new MemorySegment[] {MemorySegmentFactory.wrap(bytes)};
        this.sharesStrings = (long) (offsets.length - 1) * SHARE_RATIO <= chunkValues;
        this.strings = sharesStrings ? new StringData[offsets.length - 1] : null;
    }

    /** At most one entry per this many values of the chunk for the strings to be shared. */
    static final int SHARE_RATIO = 4;

    /** Whether rows that refer to one entry get its one string ({@link #string}). */
    boolean sharesStrings() {
        return sharesStrings;
    }

    /** How many entries the dictionary has. */
    int size() {
        return offsets.length - 1;
    }

    /** The array holding every entry; never written. */
    byte[] bytes() {
        return bytes;
    }

    int offset(int id) {
        return offsets[id];
    }

    int length(int id) {
        return offsets[id + 1] - offsets[id];
    }

    /**
     * Entry {@code id} as a string, the same object for every row that refers to it. Only when
     * {@link #sharesStrings()}.
     */
    StringData string(int id) {
        StringData string = strings[id];
        if (string == null) {
            string = BinaryStringData.fromAddress(segments, offsets[id], length(id));
            strings[id] = string;
        }
        return string;
    }
}
