package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.util.ExceptionUtils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the splits assigned to one source reader, one split at a time, at most one decoded batch
 * per {@link #fetch()}. A fetch decodes at most one batch, so it never blocks for long. Paused
 * splits (watermark alignment) are not read until resumed. Row groups are fetched as {@link
 * RangeReadSettings} says, the next one of a split ahead on this reader's one {@link
 * PrefetchThread} (started at the first prefetch, stopped by {@link #close()}). Fetcher thread
 * only, but {@link #wakeUp()}.
 *
 * <p>With a {@link BatchPool} (outputs that emit rows and let their batches be reused), a fetch
 * first takes a pooled batch's vectors, waiting while all are out; {@link #wakeUp()} ends that wait
 * and the fetch returns nothing (the next one takes again). Vectors taken but not decoded into (the
 * split ended) are kept for the next batch. Without one, every batch is decoded into fresh vectors.
 */
@Internal
public final class ParquetSplitReader implements SplitReader<ParquetBatch, ParquetSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(ParquetSplitReader.class);

    /** Declared columns found missing in a file, each logged once by this reader. */
    private final Set<String> reportedMissingColumns = new HashSet<>();

    private static final long PAUSED_WAIT_MILLIS = 10;

    private final ReadPlan plan;
    @Nullable private final RowPredicate residual;
    private final ParquetSourceReaderMetrics metrics;
    private final SplitReadSettings settings;
    private final PrefetchThread prefetchThread = new PrefetchThread();

    private final ArrayDeque<ParquetSplit> pending = new ArrayDeque<>();
    private final FooterCache footers = new FooterCache();
    private final Set<String> paused = new HashSet<>();
    @Nullable private ParquetSplit current;
    @Nullable private SplitCursor cursor;

    /** The pooled batches decoded into, or null for fresh vectors per batch. */
    @Nullable private final BatchPool pool;

    /** Pooled vectors taken from {@link #pool} for the next batch, not yet decoded into. */
    @Nullable private BatchVectors reserved;

    /**
     * A reader of the splits of {@code plan}, reading as {@code settings} says: batches of at most
     * its batch size, through the file system of its storage settings, into the sinks its {@link
     * BatchColumnSinks} makes (Flink vectors, Arrow vectors), row groups fetched as its {@link
     * RangeReadSettings} says, circulating its pooled batches' vectors (0: a fresh batch each
     * time). Pooled batches are only for sinks that fill Flink heap vectors and outputs whose
     * records read nothing of a row once Flink is done with it ({@link
     * RecordConverter#allowsBatchReuse()}): the source reader calls {@link
     * ParquetRecords#recycle()} once every row of a batch was emitted.
     */
    public ParquetSplitReader(
            ReadPlan plan, ParquetSourceReaderMetrics metrics, SplitReadSettings settings) {
        this.pool =
                settings.pooledBatches() > 0
                        ? new BatchPool(
                                settings.pooledBatches(),
                                plan.readSchema().fileColumns().getFieldCount())
                        : null;
        this.settings = settings;
        this.plan = plan;
        this.residual = plan.compileRowFilter();
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<ParquetBatch> fetch() throws IOException {
        if (current == null) {
            current = nextUnpausedSplit();
            if (current == null) {
                if (!paused.isEmpty()) {
                    waitWhilePaused();
                }
                return ParquetRecords.empty();
            }
        }
        if (paused.contains(current.splitId())) {
            // The open split keeps its place; it goes on when resumed.
            waitWhilePaused();
            return ParquetRecords.empty();
        }
        if (cursor == null && current.nextRowGroup() >= current.endRowGroup()) {
            // Restored at its end: nothing to read, and the file may be gone.
            String finished = current.splitId();
            current = null;
            return ParquetRecords.finished(finished);
        }
        try {
            if (cursor == null) {
                LOG.debug("Reading split {}", current);
                try {
                    cursor =
                            new SplitCursor(
                                    current,
                                    plan,
                                    residual,
                                    metrics,
                                    footers,
                                    settings,
                                    prefetchThread);
                } catch (FileNotFoundException e) {
                    return skipDeleted(e);
                }
                warnOfMissingColumns(cursor.missingColumns());
            }
            if (pool != null && reserved == null) {
                reserved = pool.take();
                if (reserved == null) {
                    // Woken up while every pooled batch was out: the fetcher has other work (a
                    // new split, a pause, shutting down). The next fetch takes again.
                    return ParquetRecords.empty();
                }
            }
            ParquetBatch batch;
            try {
                batch = cursor.next(reserved);
            } catch (IOException e) {
                // The file went away while its split was open: after its footer was read (or
                // taken from the cache of an earlier split of the file), before or during its
                // row groups.
                Optional<FileNotFoundException> gone =
                        ExceptionUtils.findThrowable(e, FileNotFoundException.class);
                if (!gone.isPresent()) {
                    throw e;
                }
                closeCursor();
                return skipDeleted(gone.get());
            }
            if (batch != null) {
                reserved = null; // the batch holds them now
                return ParquetRecords.forBatch(current.splitId(), batch);
            }
            if (cursor.endsFile()) {
                metrics.fileCompleted();
            }
            metrics.splitRead(cursor.splitIo());
            String finished = current.splitId();
            closeCursor();
            current = null;
            return ParquetRecords.finished(finished);
        } catch (IOException | RuntimeException e) {
            metrics.error();
            throw e;
        }
    }

    /**
     * The split's file was deleted before it was read to the end (before it was opened, between two
     * of its splits, while it was read, or after a restore): nothing more of it can be read, so it
     * finishes with a warning rather than failing the job over and over.
     */
    private RecordsWithSplitIds<ParquetBatch> skipDeleted(FileNotFoundException e) {
        LOG.warn(
                "Skipping split {}: {}; its rows not read yet (at most {}) are lost",
                current.splitId(),
                e.getMessage(),
                current.remainingRows());
        metrics.deletedSplitSkipped();
        String finished = current.splitId();
        current = null;
        return ParquetRecords.finished(finished);
    }

    @Nullable
    private ParquetSplit nextUnpausedSplit() {
        Iterator<ParquetSplit> it = pending.iterator();
        while (it.hasNext()) {
            ParquetSplit split = it.next();
            if (!paused.contains(split.splitId())) {
                it.remove();
                return split;
            }
        }
        return null;
    }

    private void waitWhilePaused() {
        try {
            Thread.sleep(PAUSED_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<ParquetSplit> splitsChange) {
        if (!(splitsChange instanceof SplitsAddition)) {
            throw new UnsupportedOperationException(
                    "Unsupported split change: " + splitsChange.getClass());
        }
        pending.addAll(splitsChange.splits());
    }

    @Override
    public void pauseOrResumeSplits(
            Collection<ParquetSplit> splitsToPause, Collection<ParquetSplit> splitsToResume) {
        for (ParquetSplit split : splitsToPause) {
            paused.add(split.splitId());
        }
        for (ParquetSplit split : splitsToResume) {
            paused.remove(split.splitId());
        }
    }

    /**
     * Ends a fetch waiting for a pooled batch (or, when none waits, the next such wait). A fetch
     * otherwise decodes at most one batch and never waits for input: nothing else to interrupt.
     */
    @Override
    public void wakeUp() {
        if (pool != null) {
            pool.wakeUp();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            closeCursor();
        } finally {
            prefetchThread.close();
        }
    }

    private void closeCursor() throws IOException {
        if (cursor != null) {
            SplitCursor closing = cursor;
            cursor = null;
            closing.close();
        }
    }

    /**
     * A declared column that a file lacks reads as NULL there (columns added to a data set later);
     * a misspelled name does too, so each such column is logged once, naming a file.
     */
    private void warnOfMissingColumns(List<String> missing) {
        for (String column : missing) {
            if (reportedMissingColumns.add(column)) {
                LOG.warn(
                        "Parquet file {} has no column '{}': it reads as NULL from such files."
                                + " If no file has it, check the name in the declared schema.",
                        current.path(),
                        column);
            }
        }
    }
}
