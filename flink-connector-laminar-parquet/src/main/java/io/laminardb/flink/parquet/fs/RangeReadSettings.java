package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * How a reader shapes its reads of row groups: the largest gap between two column chunks still
 * fetched in one request ({@code read.coalesce-gap}) and the most bytes of the next row group
 * fetched ahead while one decodes ({@code read.prefetch.max-bytes}, 0: no prefetch). Immutable.
 *
 * <p>Unless set, the gap depends on the file system the file is on: on an object store or another
 * distributed file system a request costs tens of milliseconds, in which a megabyte more arrives,
 * so chunks up to {@link #DISTRIBUTED_COALESCE_GAP} apart are fetched together; on a local disk a
 * read costs a system call and every byte between chunks is a byte read for nothing, so only chunks
 * up to {@link #LOCAL_COALESCE_GAP} apart are joined (as Arrow's {@code CacheOptions::Defaults}
 * does).
 */
@Internal
public final class RangeReadSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The gap joined on an object store or another distributed file system, unless set. */
    public static final long DISTRIBUTED_COALESCE_GAP = 1L << 20;

    /** The gap joined on a local file system, unless set. */
    public static final long LOCAL_COALESCE_GAP = 8L << 10;

    public static final long DEFAULT_PREFETCH_MAX_BYTES = 64L << 20;

    /**
     * The most {@code read.prefetch.max-bytes} may be: ranges are fetched into heap arrays (at most
     * 2 GiB each), and no coalesced range is longer than the row group's ranges together, which are
     * fetched only when they fit in the larger of this bound and 128 MiB.
     */
    public static final long MAX_PREFETCH_MAX_BYTES = 1L << 30;

    /** The defaults: the gap by file system, 64 MiB prefetch. */
    public static final RangeReadSettings DEFAULT =
            new RangeReadSettings(null, DEFAULT_PREFETCH_MAX_BYTES);

    /** The gap set, or null: by file system. */
    @Nullable private final Long coalesceGap;

    private final long prefetchMaxBytes;

    /** Settings with the gap set. */
    public RangeReadSettings(long coalesceGap, long prefetchMaxBytes) {
        this(Long.valueOf(coalesceGap), prefetchMaxBytes);
    }

    /**
     * @param coalesceGap the gap, or null: {@link #DISTRIBUTED_COALESCE_GAP} or {@link
     *     #LOCAL_COALESCE_GAP} by the file system read
     */
    public RangeReadSettings(@Nullable Long coalesceGap, long prefetchMaxBytes) {
        checkArgument(
                coalesceGap == null || coalesceGap >= 0,
                "read.coalesce-gap cannot be negative: %s",
                coalesceGap);
        checkArgument(
                prefetchMaxBytes >= 0 && prefetchMaxBytes <= MAX_PREFETCH_MAX_BYTES,
                "read.prefetch.max-bytes must be between 0 and 1 gb: %s",
                prefetchMaxBytes);
        this.coalesceGap = coalesceGap;
        this.prefetchMaxBytes = prefetchMaxBytes;
    }

    /**
     * The largest gap between two chunks fetched in one request from a file on a file system that
     * is distributed ({@code FileSystem#isDistributedFS()}: object stores, HDFS) or not.
     */
    public long coalesceGap(boolean distributedFileSystem) {
        if (coalesceGap != null) {
            return coalesceGap;
        }
        return distributedFileSystem ? DISTRIBUTED_COALESCE_GAP : LOCAL_COALESCE_GAP;
    }

    public long prefetchMaxBytes() {
        return prefetchMaxBytes;
    }

    public boolean prefetch() {
        return prefetchMaxBytes > 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RangeReadSettings)) {
            return false;
        }
        RangeReadSettings that = (RangeReadSettings) o;
        return Objects.equals(coalesceGap, that.coalesceGap)
                && prefetchMaxBytes == that.prefetchMaxBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(coalesceGap) * 31 + Long.hashCode(prefetchMaxBytes);
    }

    @Override
    public String toString() {
        return "RangeReadSettings{coalesceGap="
                + (coalesceGap == null ? "by file system" : coalesceGap)
                + ", prefetchMaxBytes="
                + prefetchMaxBytes
                + "}";
    }
}
