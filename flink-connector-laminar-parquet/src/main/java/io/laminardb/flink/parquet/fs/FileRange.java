package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * A range of a file's bytes, {@code [offset, offset + length)}; immutable. {@link #coalesce} is the
 * range planner: it turns the ranges a row group needs (its projected column chunks) into the few
 * ranges fetched, one positioned read each. Any thread.
 */
@Internal
public final class FileRange {

    private static final Comparator<FileRange> BY_OFFSET =
            Comparator.comparingLong(FileRange::offset).thenComparingLong(FileRange::end);

    private final long offset;
    private final long length;

    public FileRange(long offset, long length) {
        checkArgument(offset >= 0, "A file range cannot start at a negative offset: %s", offset);
        checkArgument(length >= 0, "A file range cannot have a negative length: %s", length);
        checkArgument(
                offset + length >= offset, "A file range ends past 2^63: %s + %s", offset, length);
        this.offset = offset;
        this.length = length;
    }

    public long offset() {
        return offset;
    }

    public long length() {
        return length;
    }

    /** The offset after the range's last byte. */
    public long end() {
        return offset + length;
    }

    /** Whether {@code position} is one of the range's bytes. */
    public boolean contains(long position) {
        return position >= offset && position < end();
    }

    /**
     * The ranges to fetch for {@code ranges}: sorted by offset, overlapping and touching ranges
     * merged, and so are ranges at most {@code maxGap} bytes apart (the bytes between them are
     * fetched too: one request instead of two). Empty ranges are dropped. Every byte of {@code
     * ranges} is in exactly one of the results.
     *
     * @param maxGap the largest gap between two ranges that still joins them (0: only touching or
     *     overlapping ranges are joined)
     */
    public static List<FileRange> coalesce(Collection<FileRange> ranges, long maxGap) {
        checkArgument(maxGap >= 0, "The coalescing gap cannot be negative: %s", maxGap);
        List<FileRange> sorted = new ArrayList<>(ranges.size());
        for (FileRange range : ranges) {
            if (range.length > 0) {
                sorted.add(range);
            }
        }
        sorted.sort(BY_OFFSET);
        List<FileRange> coalesced = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (FileRange range : sorted) {
            if (start >= 0 && range.offset - end <= maxGap) {
                end = Math.max(end, range.end());
            } else {
                if (start >= 0) {
                    coalesced.add(new FileRange(start, end - start));
                }
                start = range.offset;
                end = range.end();
            }
        }
        if (start >= 0) {
            coalesced.add(new FileRange(start, end - start));
        }
        return coalesced;
    }

    /** The sum of the ranges' lengths. */
    public static long totalLength(Collection<FileRange> ranges) {
        long total = 0;
        for (FileRange range : ranges) {
            total += range.length;
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FileRange)) {
            return false;
        }
        FileRange that = (FileRange) o;
        return offset == that.offset && length == that.length;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Long.hashCode(length);
    }

    @Override
    public String toString() {
        return "[" + offset + ", " + end() + ")";
    }
}
