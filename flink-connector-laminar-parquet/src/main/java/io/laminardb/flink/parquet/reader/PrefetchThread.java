package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import java.io.Closeable;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a split reader that fetches the next row group's column chunks while the
 * current one decodes: a daemon named {@value #NAME}, started at the first prefetch (a reader that
 * never prefetches has none) and stopped by {@link #close()}. Tasks run one at a time, in order.
 *
 * <p>Thread contract: {@link #submit} and {@link #close} are called from the fetcher thread.
 */
@Internal
final class PrefetchThread implements Closeable {

    static final String NAME = "laminar-parquet-prefetch";

    private ExecutorService executor;
    private boolean closed;

    /** Runs {@code fetch} on the prefetch thread. */
    <T> Future<T> submit(Callable<T> fetch) {
        if (closed) {
            throw new IllegalStateException("The prefetch thread is closed");
        }
        if (executor == null) {
            executor =
                    new ThreadPoolExecutor(
                            1,
                            1,
                            0L,
                            TimeUnit.MILLISECONDS,
                            new LinkedBlockingQueue<>(),
                            runnable -> {
                                Thread thread = new Thread(runnable, NAME);
                                thread.setDaemon(true);
                                return thread;
                            });
        }
        return executor.submit(fetch);
    }

    @VisibleForTesting
    boolean started() {
        return executor != null;
    }

    /** Stops the thread; a fetch in flight is interrupted and its result dropped. */
    @Override
    public void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
