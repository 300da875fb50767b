package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.FileOrder;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.time.Duration;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * How an enumerator finds and plans files, for both modes: the order, the split size, what a
 * corrupt file does, the backlog bound, and for a continuous read the poll interval, the settle
 * window, the listing failures tolerated and the in-progress timeout. Immutable; the source's
 * validated config ({@code ParquetSourceConfig#discoverySettings()}) makes it, so the values are
 * checked once, there; the checks here only guard the invariants the enumerator relies on.
 */
@Internal
public final class DiscoverySettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final FileOrder fileOrder;
    private final long targetSplitBytes;
    private final CorruptFilePolicy corruptFiles;
    private final int maxBacklog;
    private final Duration pollInterval;
    private final Duration settleWindow;
    private final int maxListingFailures;
    private final Duration inProgressTimeout;

    public DiscoverySettings(
            FileOrder fileOrder,
            long targetSplitBytes,
            CorruptFilePolicy corruptFiles,
            int maxBacklog,
            Duration pollInterval,
            Duration settleWindow,
            int maxListingFailures,
            Duration inProgressTimeout) {
        this.fileOrder = checkNotNull(fileOrder, "fileOrder");
        this.corruptFiles = checkNotNull(corruptFiles, "corruptFiles");
        this.pollInterval = checkNotNull(pollInterval, "pollInterval");
        this.settleWindow = checkNotNull(settleWindow, "settleWindow");
        this.inProgressTimeout = checkNotNull(inProgressTimeout, "inProgressTimeout");
        checkArgument(targetSplitBytes > 0, "targetSplitBytes must be positive");
        checkArgument(maxBacklog > 0, "maxBacklog must be positive");
        checkArgument(maxListingFailures > 0, "maxListingFailures must be positive");
        this.targetSplitBytes = targetSplitBytes;
        this.maxBacklog = maxBacklog;
        this.maxListingFailures = maxListingFailures;
    }

    public FileOrder fileOrder() {
        return fileOrder;
    }

    public long targetSplitBytes() {
        return targetSplitBytes;
    }

    public CorruptFilePolicy corruptFiles() {
        return corruptFiles;
    }

    /** Above this many files to plan plus splits to assign, a continuous read skips listings. */
    public int maxBacklog() {
        return maxBacklog;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration settleWindow() {
        return settleWindow;
    }

    public int maxListingFailures() {
        return maxListingFailures;
    }

    public Duration inProgressTimeout() {
        return inProgressTimeout;
    }

    @Override
    public String toString() {
        return "DiscoverySettings{fileOrder="
                + fileOrder
                + ", targetSplitBytes="
                + targetSplitBytes
                + ", corruptFiles="
                + corruptFiles
                + ", maxBacklog="
                + maxBacklog
                + ", pollInterval="
                + pollInterval
                + ", settleWindow="
                + settleWindow
                + ", maxListingFailures="
                + maxListingFailures
                + ", inProgressTimeout="
                + inProgressTimeout
                + "}";
    }
}
