package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.data.columnar.vector.heap.HeapBytesVector;

/**
 * The string and binary vector of one batch: the bytes of all its values in one array ({@link
 * #buffer}, with {@link #start} and {@link #length} per row), sized up front from what the column's
 * previous batch took and grown geometrically, so that a batch costs one allocation, not one per
 * doubling from a few bytes. A batch whose values all come from one dictionary refers to the
 * dictionary's array instead of copying: {@link #buffer} is then that array (never written). If
 * other values follow, the entries referred to so far are copied first.
 *
 * <p>A pooled batch ({@link BatchPool}) writes the same vector again once every row of its last
 * batch was emitted: {@link #reset()} makes the vector's own array ({@link #own}) its buffer again,
 * so a reused vector keeps that array (no allocation) and never writes into a dictionary it
 * referred to. Fetcher thread; read by any thread once handed over, and not written until the batch
 * is recycled.
 */
@Internal
final class BatchBytes extends HeapBytesVector {

    private static final long serialVersionUID = 1L;

    private static final byte[] EMPTY = new byte[0];

    /** Bytes of {@link #buffer} used by copied values. */
    private int used;

    /** The dictionary array {@link #buffer} is while values only refer to it, else null. */
    private byte[] dictionary;

    /**
     * The array this vector copies values into (empty until the first copy): {@link #buffer} unless
     * the values refer to a dictionary. Kept across {@link #reset()}.
     */
    private byte[] own = EMPTY;

    /** The size of the array to copy values into, when one is made. */
    private final int expectedBytes;

    /** The highest row written + 1. */
    private int rows;

    /**
     * While every row refers to a dictionary ({@link #dictionary} set) through {@link
     * #appendDictionaryEntries}: each row's entry id in {@link #rowDictionary}, whose entry strings
     * the rows share.
     */
    private int[] rowEntries;

    /** The dictionary of {@link #rowEntries}. */
    private DictionaryStrings rowDictionary;

    /** Whether {@link #rowEntries} holds every row's entry of this batch. */
    private boolean rowStringsSet;

    /**
     * One segment over {@link #wrappedBuffer}, shared by the strings {@link #getString} makes of
     * this batch's rows, so that a string costs one object, not a segment and an array too. Made on
     * the thread that reads the batch, anew whenever {@link #buffer} is another array.
     */
    private transient MemorySegment[] segments;

    private transient byte[] wrappedBuffer;

    BatchBytes(int capacity, int expectedBytes) {
        super(capacity);
        this.expectedBytes = Math.max(expectedBytes, 16);
        this.buffer = EMPTY;
    }

    /** Bytes copied into this vector's own array (0 while it refers to a dictionary). */
    int bytesUsed() {
        return used;
    }

    /**
     * Row {@code row}'s bytes as a string: a view of this batch's array (or of the dictionary it
     * refers to), as {@code StringData.fromBytes} over {@link #getBytes} would give, with one
     * allocation instead of three.
     */
    StringData getString(int row) {
        if (rowStringsSet && dictionary != null) {
            return rowDictionary.string(rowEntries[row]);
        }
        byte[] bytes = buffer;
        MemorySegment[] wrapped = segments;
        if (wrapped == null || wrappedBuffer != bytes) {
            wrapped = new MemorySegment[] {MemorySegmentFactory.wrap(bytes)};
            segments = wrapped;
            wrappedBuffer = bytes;
        }
        return BinaryStringData.fromAddress(wrapped, start[row], length[row]);
    }

    /** Row {@code row} is {@code len} bytes of {@code src} from {@code off}, copied. */
    void append(int row, byte[] src, int off, int len) {
        if (dictionary != null) {
            copyDictionaryEntries(len);
        }
        int required = used + len;
        if (required > buffer.length) {
            grow(required);
        }
        System.arraycopy(src, off, buffer, used, len);
        start[row] = used;
        length[row] = len;
        used = required;
        rows = Math.max(rows, row + 1);
    }

    /**
     * Rows {@code row..row+n-1} are {@code lengths[i]} bytes of {@code src} from {@code starts[i]},
     * all within {@code src[spanStart..spanEnd)}: the span is copied at once (with whatever lies
     * between the values, such as PLAIN's length prefixes), not value by value.
     */
    void appendSpan(
            int row, byte[] src, int[] starts, int[] lengths, int n, int spanStart, int spanEnd) {
        int span = spanEnd - spanStart;
        if (dictionary != null) {
            copyDictionaryEntries(span);
        }
        int required = used + span;
        if (required > buffer.length || required < 0) {
            grow(required);
        }
        System.arraycopy(src, spanStart, buffer, used, span);
        int shift = used - spanStart;
        for (int i = 0; i < n; i++) {
            start[row + i] = starts[i] + shift;
            length[row + i] = lengths[i];
        }
        used = required;
        rows = Math.max(rows, row + n);
    }

    /**
     * Rows {@code row..row+n-1} are entries {@code ids[from..from+n-1]} of {@code entries} (ids
     * checked by the caller): referred to if possible, as {@link #appendDictionaryEntry} row by row
     * would, in one loop. With {@code shareStrings} ({@link DictionaryStrings#sharesStrings()}),
     * {@link #getString} then hands out each entry's one string object for its rows.
     */
    void appendDictionaryEntries(
            int row, DictionaryStrings entries, int[] ids, int from, int n, boolean shareStrings) {
        byte[] bytes = entries.bytes();
        if (!refersTo(bytes)) {
            for (int i = 0; i < n; i++) {
                int id = ids[from + i];
                append(row + i, bytes, entries.offset(id), entries.length(id));
            }
            rowStringsSet = false;
            return;
        }
        boolean set = shareStrings && (rowStringsSet || rows == 0);
        dictionary = bytes;
        buffer = bytes;
        int[] start = this.start;
        int[] length = this.length;
        for (int i = 0; i < n; i++) {
            int id = ids[from + i];
            int off = entries.offset(id);
            start[row + i] = off;
            length[row + i] = entries.offset(id + 1) - off;
        }
        rows = Math.max(rows, row + n);
        if (set) {
            if (rowEntries == null || rowEntries.length < start.length) {
                rowEntries = new int[start.length];
            }
            System.arraycopy(ids, from, rowEntries, row, n);
            rowDictionary = entries;
        }
        rowStringsSet = set;
    }

    /** Whether values may refer to {@code entries}: nothing copied yet, no other dictionary. */
    private boolean refersTo(byte[] entries) {
        return used == 0 && (dictionary == null || dictionary == entries);
    }

    /** Row {@code row} is an entry of an unchanging dictionary array: referred to if possible. */
    void appendDictionaryEntry(int row, byte[] entries, int off, int len) {
        rowStringsSet = false;
        if (refersTo(entries)) {
            dictionary = entries;
            buffer = entries;
            start[row] = off;
            length[row] = len;
            rows = Math.max(rows, row + 1);
        } else {
            append(row, entries, off, len);
        }
    }

    /** Copies the entries the rows refer to into an own array: other values follow them. */
    private void copyDictionaryEntries(int more) {
        long total = more;
        for (int r = 0; r < rows; r++) {
            total += length[r];
        }
        byte[] referred = dictionary;
        dictionary = null;
        if (own.length < total) {
            own = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(total, expectedBytes))];
        }
        buffer = own;
        for (int r = 0; r < rows; r++) {
            int len = length[r];
            System.arraycopy(referred, start[r], buffer, used, len);
            start[r] = used;
            used += len;
        }
    }

    private void grow(int required) {
        long size =
                buffer.length == 0
                        ? Math.max(required, expectedBytes)
                        : Math.max(required, 2L * buffer.length);
        if (required < 0 || required > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException(
                    "A batch's string column holds more than 2 GB; use a smaller batch size");
        }
        byte[] grown = new byte[(int) Math.min(size, Integer.MAX_VALUE - 16)];
        System.arraycopy(buffer, 0, grown, 0, used);
        buffer = grown;
        own = grown;
    }

    @Override
    public void appendBytes(int elementNum, byte[] sourceBuf, int start, int length) {
        append(elementNum, sourceBuf, start, length);
    }

    @Override
    public void fill(byte[] value) {
        for (int r = 0; r < this.start.length; r++) {
            append(r, value, 0, value.length);
        }
    }

    /**
     * Empties the vector for the next batch: its own array becomes the buffer again (never a
     * dictionary it referred to), NULLs are cleared.
     */
    @Override
    public void reset() {
        super.reset();
        used = 0;
        rows = 0;
        dictionary = null;
        buffer = own;
        rowStringsSet = false;
        rowDictionary = null;
    }

    /** The array values are copied into, kept for the next batch (for tests). */
    byte[] ownArray() {
        return own;
    }
}
