package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.fetcher.SingleThreadFetcherManager;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

import java.util.function.Supplier;

/**
 * The reader's fetcher manager: one fetcher thread for the reader's life, shut down only once the
 * enumerator has said that no more splits come.
 *
 * <p>Flink's manager shuts its fetcher down each time it runs out of splits and starts a new thread
 * for the next split: reading many small files, a thread per file. Each shutdown also hands an
 * empty batch to the main thread and waits until it is processed; when that hand-over is refused (a
 * full queue and a pending wake-up, FLINK-40660, open in Flink 2.3), the old fetcher waits forever
 * and closing the reader waits {@code source.reader.close.timeout} (30 s) for it. A bounded read of
 * 2,000 one-row-group files spent 6 s reading and then 30 s closing. Kept alive, the one fetcher
 * waits on its task queue between splits instead.
 *
 * <p>Mailbox thread: {@link #noMoreSplits()} and {@link #maybeShutdownFinishedFetchers()} are
 * called by the reader.
 */
@Internal
final class ParquetFetcherManager extends SingleThreadFetcherManager<ParquetBatch, ParquetSplit> {

    private boolean noMoreSplits;

    ParquetFetcherManager(
            Supplier<SplitReader<ParquetBatch, ParquetSplit>> splitReaders,
            Configuration configuration) {
        super(splitReaders, configuration);
    }

    /** The enumerator has no more splits for this reader: an idle fetcher may now shut down. */
    void noMoreSplits() {
        noMoreSplits = true;
    }

    /**
     * Shuts idle fetchers down only after the last split; before, keeps them and answers that not
     * all have shut down (the reader's base class then waits for more input, as it would anyway
     * before the enumerator said "no more splits").
     */
    @Override
    public boolean maybeShutdownFinishedFetchers() {
        return noMoreSplits && super.maybeShutdownFinishedFetchers();
    }
}
