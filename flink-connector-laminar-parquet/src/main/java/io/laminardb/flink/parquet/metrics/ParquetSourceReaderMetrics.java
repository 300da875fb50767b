package io.laminardb.flink.parquet.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The source reader's metrics, named and registered in one place. Besides Flink's standard source
 * metrics ({@code numRecordsIn}, counted by Flink; {@code numBytesIn}; {@code pendingRecords},
 * exact from footer row counts) it registers, under the group {@code parquet}:
 *
 * <ul>
 *   <li>{@code rowsEmitted}, {@code batchesEmitted}: decoded rows and batches handed out;
 *   <li>{@code bytesRead}: compressed bytes of the column chunks read;
 *   <li>{@code rowGroupsRead}, {@code filesCompleted}: row groups read, files read to the end;
 *   <li>{@code errors}: reads that failed.
 * </ul>
 *
 * <p>Counters are updated on the fetcher thread (reading) and the mailbox thread (emitting).
 */
@Internal
public final class ParquetSourceReaderMetrics {

    public static final String GROUP = "parquet";
    public static final String ROWS_EMITTED = "rowsEmitted";
    public static final String BATCHES_EMITTED = "batchesEmitted";
    public static final String BYTES_READ = "bytesRead";
    public static final String ROW_GROUPS_READ = "rowGroupsRead";
    public static final String FILES_COMPLETED = "filesCompleted";
    public static final String ERRORS = "errors";

    private final Counter rowsEmitted;
    private final Counter batchesEmitted;
    private final Counter bytesRead;
    private final Counter rowGroupsRead;
    private final Counter filesCompleted;
    private final Counter errors;
    private final Counter numBytesIn;
    private final AtomicLong pendingRecords = new AtomicLong();

    public ParquetSourceReaderMetrics(SourceReaderMetricGroup metrics) {
        org.apache.flink.metrics.MetricGroup group = metrics.addGroup(GROUP);
        this.rowsEmitted = group.counter(ROWS_EMITTED);
        this.batchesEmitted = group.counter(BATCHES_EMITTED);
        this.bytesRead = group.counter(BYTES_READ);
        this.rowGroupsRead = group.counter(ROW_GROUPS_READ);
        this.filesCompleted = group.counter(FILES_COMPLETED);
        this.errors = group.counter(ERRORS);
        this.numBytesIn = metrics.getIOMetricGroup().getNumBytesInCounter();
        metrics.setPendingRecordsGauge(pendingRecords::get);
    }

    /** Fetcher thread: a row group's projected column chunks were read. */
    public void rowGroupRead(long compressedBytes) {
        rowGroupsRead.inc();
        bytesRead.inc(compressedBytes);
        numBytesIn.inc(compressedBytes);
    }

    /** Fetcher thread: a batch was decoded. */
    public void batchDecoded() {
        batchesEmitted.inc();
    }

    /** Fetcher thread: a split that ends at the file's last row group was read to the end. */
    public void fileCompleted() {
        filesCompleted.inc();
    }

    /** Fetcher thread: reading failed. */
    public void error() {
        errors.inc();
    }

    /** Mailbox thread: a split was added with this many rows still to emit. */
    public void splitAdded(long remainingRows) {
        // Single writer (the mailbox thread): an ordered store is enough for the gauge's reader.
        pendingRecords.lazySet(pendingRecords.get() + remainingRows);
    }

    /** Mailbox thread: a row was emitted. */
    public void rowEmitted() {
        rowsEmitted.inc();
        pendingRecords.lazySet(pendingRecords.get() - 1);
    }
}
