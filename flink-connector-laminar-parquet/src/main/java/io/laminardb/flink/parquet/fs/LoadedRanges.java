package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.List;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Ranges of a file fetched into heap buffers, sorted by offset and not overlapping (as {@link
 * FileRange#coalesce} makes them). Immutable once made; handed from the thread that fetched them to
 * the fetcher thread through a {@code Future}, which publishes the buffers safely. Each buffer is a
 * new array, never written after the fetch and never reused: the pages parquet-java reads from them
 * are views of them ({@link LoadedRangesInputStream#readVectored}).
 */
@Internal
public final class LoadedRanges {

    private final FileRange[] ranges;
    private final byte[][] buffers;
    private final long bytes;

    LoadedRanges(List<FileRange> ranges, byte[][] buffers) {
        checkArgument(ranges.size() == buffers.length, "one buffer per range");
        this.ranges = ranges.toArray(new FileRange[0]);
        this.buffers = buffers;
        long total = 0;
        for (int i = 0; i < this.ranges.length; i++) {
            checkArgument(
                    buffers[i].length == this.ranges[i].length(), "buffer length of range %s", i);
            checkArgument(
                    i == 0 || this.ranges[i - 1].end() <= this.ranges[i].offset(),
                    "loaded ranges must be sorted and disjoint: %s",
                    ranges);
            total += buffers[i].length;
        }
        this.bytes = total;
    }

    /** The bytes held. */
    public long bytes() {
        return bytes;
    }

    public int size() {
        return ranges.length;
    }

    /** The index of the range holding {@code position}, or -1. */
    int find(long position) {
        int low = 0;
        int high = ranges.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            FileRange range = ranges[mid];
            if (position < range.offset()) {
                high = mid - 1;
            } else if (position >= range.end()) {
                low = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The offset of the first range that starts after {@code position}, or Long.MAX_VALUE. */
    long nextStartAfter(long position) {
        for (FileRange range : ranges) {
            if (range.offset() > position) {
                return range.offset();
            }
        }
        return Long.MAX_VALUE;
    }

    FileRange range(int index) {
        return ranges[index];
    }

    byte[] buffer(int index) {
        return buffers[index];
    }

    /** The range holding {@code position}, if any (for tests and messages). */
    @Nullable
    public FileRange rangeAt(long position) {
        int index = find(position);
        return index < 0 ? null : ranges[index];
    }
}
