package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;

import javax.annotation.Nullable;

/**
 * A column chunk's decoded BINARY dictionary: every entry's bytes in one array that never changes,
 * with each entry's offset, and for string columns read into Flink rows the {@link StringData} of
 * each entry, made once with the dictionary. Rows that refer to the same entry then share one
 * string object (an immutable view of the dictionary's bytes) instead of each getting its own: for
 * a dictionary-encoded string column, reading a row's string allocates nothing, and a batch keeps
 * each row's entry id (an int, not a reference: no write barrier per row on the fetcher).
 *
 * <p>Only a dictionary with far fewer entries than the chunk has values shares its strings ({@link
 * #sharesStrings()}): where most entries are used once (unique values that are dictionary-encoded
 * until the writer falls back to PLAIN), a shared string would be made per row all the same, on the
 * fetcher thread and kept in an array, which costs more than making it when the row is read. This
 * also bounds the strings made up front to one per 4 values of the chunk.
 *
 * <p>Thread contract: built on the fetcher thread, never changed after; read by any thread the
 * batches referring to it are handed to (which happens after).
 */
@Internal
public final class DictionaryStrings {

    private final byte[] bytes;

    /** Where entry {@code i} starts; entry count + 1 offsets. */
    private final int[] offsets;

    /** The string of each entry; null if not {@link #sharesStrings}. */
    @Nullable private final StringData[] strings;

    /**
     * @param bytes every entry's bytes
     * @param offsets where entry {@code i} starts; entry count + 1 offsets
     * @param chunkValues how many values the column chunk has (NULLs included)
     * @param forStrings whether the column is read as strings by a sink that hands out entries'
     *     strings ({@link ColumnSink#sharesDictionaryStrings()}); else no string is made
     */
    public DictionaryStrings(byte[] bytes, int[] offsets, long chunkValues, boolean forStrings) {
        this.bytes = bytes;
        this.offsets = offsets;
        int size = offsets.length - 1;
        if (forStrings && (long) size * SHARE_RATIO <= chunkValues) {
            MemorySegment[] segments = {MemorySegmentFactory.wrap(bytes)};
            strings = new StringData[size];
            for (int id = 0; id < size; id++) {
                strings[id] = BinaryStringData.fromAddress(segments, offsets[id], length(id));
            }
        } else {
            strings = null;
        }
    }

    /** At most one entry per this many values of the chunk for the strings to be shared. */
    static final int SHARE_RATIO = 4;

    /** Whether rows that refer to one entry get its one string ({@link #string}). */
    boolean sharesStrings() {
        return strings != null;
    }

    /** How many entries the dictionary has. */
    int size() {
        return offsets.length - 1;
    }

    /** The array holding every entry; never written. */
    public byte[] bytes() {
        return bytes;
    }

    /** Where entry {@code id} starts in {@link #bytes()}; {@code offset(size())} is the end. */
    public int offset(int id) {
        return offsets[id];
    }

    /** The length of entry {@code id} in bytes. */
    public int length(int id) {
        return offsets[id + 1] - offsets[id];
    }

    /**
     * Entry {@code id} as a string, the same object for every row that refers to it. Only when
     * {@link #sharesStrings()}.
     */
    StringData string(int id) {
        return strings[id];
    }
}
