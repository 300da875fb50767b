package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.FileOrder;

import org.apache.flink.annotation.Internal;

/**
 * Whether readers take several splits per request and ask for more when their last split starts,
 * rather than one split per request, asked for when a split is done: the one rule that the
 * enumerator (how many splits a request brings) and the readers (when they ask) both follow.
 *
 * <p>Several splits per request save a round trip to the enumerator per split, which is what sets
 * the pace on many small files. With a file order they are allowed only where they cannot break it:
 * a split queued in a busy reader would let a free reader take a later file first, and a file found
 * by a later listing could fall behind splits already queued. Neither can happen with a single
 * reader of a read that lists its files once (every file is known before the first split is
 * assigned, and the one reader reads its splits in the order they are assigned).
 */
@Internal
public final class SplitBatching {

    private SplitBatching() {}

    /**
     * @param order the read's file order
     * @param listsOnce whether the read lists its files once (a bounded read)
     * @param parallelism the number of readers
     */
    public static boolean severalSplitsPerRequest(
            FileOrder order, boolean listsOnce, int parallelism) {
        return order == FileOrder.UNORDERED || (listsOnce && parallelism == 1);
    }
}
