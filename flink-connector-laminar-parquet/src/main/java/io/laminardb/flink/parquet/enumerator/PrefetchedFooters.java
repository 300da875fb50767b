package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FooterTail;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import javax.annotation.Nullable;

import java.util.HashMap;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Footers that continuous discovery read with a new file's tail ({@link ContinuousDiscovery} checks
 * that a file is complete with one ranged read of its last 64 KiB, which usually holds the whole
 * footer), kept for {@link SplitPlanner} so that the JobManager reads a new file's end once, not
 * twice. Only the footer's bytes are kept (parsed by the planner, on its pool), bounded in bytes:
 * beyond the bound discovery keeps nothing more and the planner reads those footers itself.
 *
 * <p>An entry is taken (removed) when its file is planned, and dropped by discovery when a listing
 * does not hand the file over (corrupt, changed, or already handed over): nothing stays for long.
 * An entry is used only for the same path, size and modification time. A file deleted between its
 * listing and its planning is then planned from the kept footer and fails when a reader opens it,
 * as one deleted after planning does.
 *
 * <p>Never in the checkpoint: a restored enumerator starts empty and reads footers again.
 *
 * <p>Threads: {@link #offer} on discovery's I/O thread, {@link #take} on the planner's footer
 * threads, {@link #drop} on the coordinator thread; each is O(1) under this object's lock.
 */
@Internal
public final class PrefetchedFooters {

    /** The default bound: 16 MB of footers (a few thousand files' footers of a few KB). */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    private final long maxBytes;

    /** Path -> the kept footer. Guarded by {@code this}. */
    private final Map<String, Kept> footers = new HashMap<>();

    /** The bytes of the footers kept. Guarded by {@code this}. */
    private long bytes;

    /** Footers taken by the planner so far. Guarded by {@code this}. */
    private long taken;

    /** Keeps footers up to {@code maxBytes} in all (0: none). */
    public PrefetchedFooters(long maxBytes) {
        checkArgument(maxBytes >= 0, "maxBytes must not be negative, was %s", maxBytes);
        this.maxBytes = maxBytes;
    }

    /** Keeps nothing: the planner reads every footer itself (a bounded read). */
    public static PrefetchedFooters none() {
        return new PrefetchedFooters(0);
    }

    /**
     * Keeps the footer of a listed file when {@code tail} holds it and it fits in the bound; keeps
     * only the footer's bytes, not the whole tail. Replaces what was kept for the same path.
     * Discovery's I/O thread.
     *
     * @return whether it was kept
     */
    public boolean offer(DiscoveredFile file, FooterTail tail) {
        if (maxBytes == 0 || !tail.holdsFooter()) {
            return false;
        }
        FooterTail footer = tail.footerOnly();
        synchronized (this) {
            Kept before = footers.remove(file.pathString());
            if (before != null) {
                bytes -= before.footer.byteSize();
            }
            if (bytes + footer.byteSize() > maxBytes) {
                return false;
            }
            footers.put(file.pathString(), new Kept(file, footer));
            bytes += footer.byteSize();
            return true;
        }
    }

    /**
     * The kept footer of a file to plan, removed from here; null when none was kept for this path,
     * size and modification time. The planner's threads.
     */
    @Nullable
    public synchronized FooterTail take(DiscoveredFile file) {
        Kept kept = footers.remove(file.pathString());
        if (kept == null) {
            return null;
        }
        bytes -= kept.footer.byteSize();
        if (kept.size != file.size() || kept.modificationTime != file.modificationTime()) {
            return null;
        }
        taken++;
        return kept.footer;
    }

    /** Forgets the footer kept for a path, if any. Coordinator thread. */
    public synchronized void drop(String path) {
        Kept kept = footers.remove(path);
        if (kept != null) {
            bytes -= kept.footer.byteSize();
        }
    }

    /** The bytes of the footers kept now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** How many footers are kept now. */
    @VisibleForTesting
    public synchronized int size() {
        return footers.size();
    }

    /** Footers the planner took so far (each one a footer read saved). */
    public synchronized long taken() {
        return taken;
    }

    /** A kept footer and the file as listed when it was read. Immutable. */
    private static final class Kept {
        private final long size;
        private final long modificationTime;
        private final FooterTail footer;

        Kept(DiscoveredFile file, FooterTail footer) {
            this.size = file.size();
            this.modificationTime = file.modificationTime();
            this.footer = footer;
        }
    }
}
