package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * How a reader shapes its reads of row groups: the largest gap between two column chunks still
 * fetched in one request ({@code read.coalesce-gap}) and the most bytes of the next row group
 * fetched ahead while one decodes ({@code read.prefetch.max-bytes}, 0: no prefetch). Immutable.
 */
@Internal
public final class RangeReadSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final long DEFAULT_COALESCE_GAP = 1L << 20;
    public static final long DEFAULT_PREFETCH_MAX_BYTES = 64L << 20;

    /** The defaults: 1 MiB gap, 64 MiB prefetch. */
    public static final RangeReadSettings DEFAULT =
            new RangeReadSettings(DEFAULT_COALESCE_GAP, DEFAULT_PREFETCH_MAX_BYTES);

    private final long coalesceGap;
    private final long prefetchMaxBytes;

    public RangeReadSettings(long coalesceGap, long prefetchMaxBytes) {
        checkArgument(coalesceGap >= 0, "read.coalesce-gap cannot be negative: %s", coalesceGap);
        checkArgument(
                prefetchMaxBytes >= 0,
                "read.prefetch.max-bytes cannot be negative: %s",
                prefetchMaxBytes);
        this.coalesceGap = coalesceGap;
        this.prefetchMaxBytes = prefetchMaxBytes;
    }

    public long coalesceGap() {
        return coalesceGap;
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
        return coalesceGap == that.coalesceGap && prefetchMaxBytes == that.prefetchMaxBytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(coalesceGap) * 31 + Long.hashCode(prefetchMaxBytes);
    }

    @Override
    public String toString() {
        return "RangeReadSettings{coalesceGap="
                + coalesceGap
                + ", prefetchMaxBytes="
                + prefetchMaxBytes
                + "}";
    }
}
