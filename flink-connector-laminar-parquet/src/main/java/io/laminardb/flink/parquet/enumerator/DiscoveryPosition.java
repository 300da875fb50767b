package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;

import org.apache.flink.annotation.Internal;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * What continuous discovery has already handed over, as a bounded cursor rather than every path
 * ever read: the newest modification time {@code M} of the files handed over, and the files handed
 * over (path, size, modification time) whose modification time lies inside the settle window {@code
 * W} below it ({@code M - W < mtime}). Immutable; {@link #advance} makes the next position.
 *
 * <p><b>The "seen" rule.</b> A listed file is new iff its modification time is above {@code M - W}
 * and the window does not hold its path with the same size and modification time. A file with a
 * modification time at or below {@code M - W} counts as already seen, whether it was read or not.
 * Advancing drops the window's files that fall to or below the new {@code M - W}, so the state
 * holds at most the files written within {@code W} of the newest one: bounded by the write rate
 * times {@code W}, independent of how many files were read before (unlike Flink's {@code
 * ContinuousFileSplitEnumerator}, FLINK-25672). Before any file is handed over ({@link #initial}),
 * every file is new.
 *
 * <p><b>Edge cases, all bounded by {@code W}</b> (so {@code W} must exceed each of them):
 *
 * <ul>
 *   <li><i>Clock skew between writers.</i> A writer whose clock lags the newest file's writer by
 *       more than {@code W} writes files at or below {@code M - W}: they are never read.
 *   <li><i>Files renamed into place.</i> A writer that writes a hidden file ({@code .x.tmp}, not
 *       listed) and renames it into place keeps the modification time of the write. If that is
 *       above {@code M - W} the file is read once; if it is at or below {@code M - W} it is
 *       <b>not</b> read. So {@code W} must exceed the writers' delay from the last write to the
 *       rename (plus the poll interval: a file seen at one poll is only handed over at the next).
 *   <li><i>Files rewritten in place.</i> A path listed with a size or modification time other than
 *       the one recorded is a new version of the file and is handed over again (read again in full:
 *       its splits have other ids, as they include the modification time). A rewrite with a
 *       modification time at or below {@code M - W} is not seen. Failing the job on a rewrite
 *       instead is a policy not built.
 *   <li><i>Eventually consistent listings</i> (object stores). A file that shows up in a listing
 *       late is still read if its modification time is then above {@code M - W}; a file that shows
 *       up later than {@code W} after newer files were handed over is not.
 * </ul>
 *
 * <p>A file deleted after it was handed over simply drops out of the window when {@code M}
 * advances; it is never listed again, so nothing about it needs remembering.
 */
@Internal
public final class DiscoveryPosition {

    /** {@link #maxModificationTime()} before any file is handed over. */
    public static final long NOTHING_HANDED_OVER = Long.MIN_VALUE;

    private final long maxModificationTime;
    private final long settleWindowMillis;

    /** Path string -> the file handed over, for files with mtime above {@code M - W}; by path. */
    private final Map<String, WindowEntry> window;

    /**
     * @param maxModificationTime {@code M}, or {@link #NOTHING_HANDED_OVER}
     * @param settleWindowMillis {@code W}, not negative
     * @param window the files handed over with modification time above {@code M - W}; entries at or
     *     below it are dropped
     */
    public DiscoveryPosition(
            long maxModificationTime, long settleWindowMillis, Collection<WindowEntry> window) {
        checkArgument(
                settleWindowMillis >= 0,
                "The settle window must not be negative, was %s ms",
                settleWindowMillis);
        checkNotNull(window, "window");
        this.maxModificationTime = maxModificationTime;
        this.settleWindowMillis = settleWindowMillis;
        long cutoff = cutoff(maxModificationTime, settleWindowMillis);
        TreeMap<String, WindowEntry> entries = new TreeMap<>();
        for (WindowEntry entry : window) {
            checkArgument(
                    entry.modificationTime() <= maxModificationTime,
                    "A window entry is newer than the position's newest modification time %s: %s",
                    maxModificationTime,
                    entry);
            if (entry.modificationTime() > cutoff) {
                entries.put(entry.path(), entry);
            }
        }
        this.window = Collections.unmodifiableMap(entries);
    }

    /** The position before any file is handed over: every file is new. */
    public static DiscoveryPosition initial(long settleWindowMillis) {
        return new DiscoveryPosition(
                NOTHING_HANDED_OVER, settleWindowMillis, Collections.emptyList());
    }

    /** {@code M}: the newest modification time of the files handed over. */
    public long maxModificationTime() {
        return maxModificationTime;
    }

    /** {@code W}: the settle window, in milliseconds. */
    public long settleWindowMillis() {
        return settleWindowMillis;
    }

    /** The files handed over with modification time above {@code M - W}, by path. */
    public Collection<WindowEntry> window() {
        return window.values();
    }

    /**
     * Whether {@code file} was not handed over yet by the "seen" rule (see the class Javadoc): its
     * modification time is above {@code M - W}, and its path is not in the window with the same
     * size and modification time.
     */
    public boolean isNew(DiscoveredFile file) {
        if (file.modificationTime() <= cutoff(maxModificationTime, settleWindowMillis)) {
            return false;
        }
        WindowEntry recorded = window.get(file.pathString());
        return recorded == null
                || recorded.size() != file.size()
                || recorded.modificationTime() != file.modificationTime();
    }

    /**
     * The position after {@code handedOver} were handed over too: {@code M} is the newest
     * modification time of all, the window gains the files handed over (a new version of a path
     * replaces the old) and loses those at or below the new {@code M - W}.
     */
    public DiscoveryPosition advance(Collection<DiscoveredFile> handedOver) {
        if (handedOver.isEmpty()) {
            return this;
        }
        long newMax = maxModificationTime;
        for (DiscoveredFile file : handedOver) {
            newMax = Math.max(newMax, file.modificationTime());
        }
        Map<String, WindowEntry> entries = new TreeMap<>(window);
        for (DiscoveredFile file : handedOver) {
            String path = file.pathString();
            entries.put(path, new WindowEntry(path, file.size(), file.modificationTime()));
        }
        return new DiscoveryPosition(newMax, settleWindowMillis, entries.values());
    }

    /** {@code M - W}, saturating; every file is above it before anything is handed over. */
    private static long cutoff(long max, long window) {
        if (max == NOTHING_HANDED_OVER || max < Long.MIN_VALUE + window) {
            return Long.MIN_VALUE;
        }
        return max - window;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DiscoveryPosition)) {
            return false;
        }
        DiscoveryPosition that = (DiscoveryPosition) o;
        return maxModificationTime == that.maxModificationTime
                && settleWindowMillis == that.settleWindowMillis
                && window.equals(that.window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxModificationTime, settleWindowMillis, window);
    }

    @Override
    public String toString() {
        return "DiscoveryPosition{maxModificationTime="
                + maxModificationTime
                + ", settleWindowMillis="
                + settleWindowMillis
                + ", windowFiles="
                + window.size()
                + "}";
    }

    /** A file handed over inside the settle window: path, size, modification time. Immutable. */
    public static final class WindowEntry {

        private final String path;
        private final long size;
        private final long modificationTime;

        public WindowEntry(String path, long size, long modificationTime) {
            this.path = checkNotNull(path, "path");
            this.size = size;
            this.modificationTime = modificationTime;
        }

        public String path() {
            return path;
        }

        public long size() {
            return size;
        }

        public long modificationTime() {
            return modificationTime;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof WindowEntry)) {
                return false;
            }
            WindowEntry that = (WindowEntry) o;
            return size == that.size
                    && modificationTime == that.modificationTime
                    && path.equals(that.path);
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, size, modificationTime);
        }

        @Override
        public String toString() {
            return path + " (" + size + " bytes, mtime " + modificationTime + ")";
        }
    }
}
