package io.laminardb.flink.parquet.metrics;

import io.laminardb.flink.parquet.fs.FlinkInputFile;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
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
 *   <li>{@code storageRequests}, {@code storageBytesRead}: read requests issued to storage (a file
 *       opened, or a seek to another position: a new ranged GET on an object store unless
 *       read-ahead holds it) and the bytes read from it, footers included (see {@link
 *       FlinkInputFile}): a ranged read of coalesced column chunks is one request;
 *   <li>{@code splitsRead}: splits read to their end; {@code lastSplitRequests}, {@code
 *       lastSplitBytes} (gauges): the storage requests and bytes of the split read to its end last
 *       (its footer included unless the previous split of the same file had read it);
 *   <li>{@code rowGroupsPrefetched}: row groups whose column chunks were fetched ahead, while the
 *       row group before them decoded;
 *   <li>{@code rowGroupsRead}, {@code filesCompleted}: row groups read, files read to the end;
 *   <li>{@code errors}: reads that failed;
 *   <li>{@code rowGroupsPrunedByDictionary}, {@code rowGroupsPrunedByBloomFilter}: row groups
 *       skipped by a filter; {@code rowsSkippedByPageIndex}: rows in pages the page index skipped;
 *       {@code rowsFiltered}: decoded rows the filter rejected.
 * </ul>
 *
 * <p>Counters are updated on the fetcher thread (reading) and the mailbox thread (emitting); the
 * storage counters also on the reader's prefetch thread.
 */
@Internal
public final class ParquetSourceReaderMetrics {

    public static final String GROUP = "parquet";
    public static final String ROWS_EMITTED = "rowsEmitted";
    public static final String BATCHES_EMITTED = "batchesEmitted";
    public static final String BYTES_READ = "bytesRead";
    public static final String STORAGE_REQUESTS = "storageRequests";
    public static final String STORAGE_BYTES_READ = "storageBytesRead";
    public static final String ROW_GROUPS_READ = "rowGroupsRead";
    public static final String FILES_COMPLETED = "filesCompleted";
    public static final String ERRORS = "errors";
    public static final String ROW_GROUPS_PRUNED_BY_DICTIONARY = "rowGroupsPrunedByDictionary";
    public static final String ROW_GROUPS_PRUNED_BY_BLOOM_FILTER = "rowGroupsPrunedByBloomFilter";
    public static final String ROWS_SKIPPED_BY_PAGE_INDEX = "rowsSkippedByPageIndex";
    public static final String ROWS_FILTERED = "rowsFiltered";
    public static final String PAGES_SKIPPED = "pagesSkipped";
    public static final String DELETED_SPLITS_SKIPPED = "deletedSplitsSkipped";
    public static final String SPLITS_READ = "splitsRead";
    public static final String LAST_SPLIT_REQUESTS = "lastSplitRequests";
    public static final String LAST_SPLIT_BYTES = "lastSplitBytes";
    public static final String ROW_GROUPS_PREFETCHED = "rowGroupsPrefetched";

    private final Counter rowsEmitted;
    private final Counter batchesEmitted;
    private final Counter bytesRead;
    private final Counter storageRequests;
    private final Counter storageBytesRead;
    private final FlinkInputFile.IoCounter storageIo;
    private final Counter rowGroupsRead;
    private final Counter filesCompleted;
    private final Counter errors;
    private final Counter rowGroupsPrunedByDictionary;
    private final Counter rowGroupsPrunedByBloomFilter;
    private final Counter rowsSkippedByPageIndex;
    private final Counter rowsFiltered;
    private final Counter pagesSkipped;
    private final Counter deletedSplitsSkipped;
    private final Counter numBytesIn;
    private final Counter numRecordsIn;
    private final AtomicLong pendingRecords = new AtomicLong();
    private final Counter splitsRead;
    private final Counter rowGroupsPrefetched;
    private volatile long lastSplitRequests;
    private volatile long lastSplitBytes;

    public ParquetSourceReaderMetrics(SourceReaderMetricGroup metrics) {
        org.apache.flink.metrics.MetricGroup group = metrics.addGroup(GROUP);
        this.rowsEmitted = group.counter(ROWS_EMITTED);
        this.batchesEmitted = group.counter(BATCHES_EMITTED);
        this.bytesRead = group.counter(BYTES_READ);
        this.storageRequests = group.counter(STORAGE_REQUESTS);
        this.storageBytesRead = group.counter(STORAGE_BYTES_READ);
        this.storageIo =
                // Also called from the prefetch thread: Flink's counters are not atomic.
                new FlinkInputFile.IoCounter() {
                    @Override
                    public synchronized void requests(long count) {
                        storageRequests.inc(count);
                    }

                    @Override
                    public synchronized void bytesRead(long bytes) {
                        storageBytesRead.inc(bytes);
                    }
                };
        this.rowGroupsRead = group.counter(ROW_GROUPS_READ);
        this.filesCompleted = group.counter(FILES_COMPLETED);
        this.errors = group.counter(ERRORS);
        this.rowGroupsPrunedByDictionary = group.counter(ROW_GROUPS_PRUNED_BY_DICTIONARY);
        this.rowGroupsPrunedByBloomFilter = group.counter(ROW_GROUPS_PRUNED_BY_BLOOM_FILTER);
        this.rowsSkippedByPageIndex = group.counter(ROWS_SKIPPED_BY_PAGE_INDEX);
        this.rowsFiltered = group.counter(ROWS_FILTERED);
        this.pagesSkipped = group.counter(PAGES_SKIPPED);
        this.deletedSplitsSkipped = group.counter(DELETED_SPLITS_SKIPPED);
        this.splitsRead = group.counter(SPLITS_READ);
        this.rowGroupsPrefetched = group.counter(ROW_GROUPS_PREFETCHED);
        group.gauge(LAST_SPLIT_REQUESTS, () -> lastSplitRequests);
        group.gauge(LAST_SPLIT_BYTES, () -> lastSplitBytes);
        this.numBytesIn = metrics.getIOMetricGroup().getNumBytesInCounter();
        this.numRecordsIn = metrics.getIOMetricGroup().getNumRecordsInCounter();
        metrics.setPendingRecordsGauge(pendingRecords::get);
    }

    /** Fetcher thread: a row group's projected column chunks were read. */
    public void rowGroupRead(long compressedBytes) {
        rowGroupsRead.inc();
        bytesRead.inc(compressedBytes);
        numBytesIn.inc(compressedBytes);
    }

    /** The counter of the reader's storage I/O, for the files it opens (fetcher thread). */
    public FlinkInputFile.IoCounter storageIo() {
        return storageIo;
    }

    /**
     * A counter of one split's storage I/O that also counts into the reader's ({@link
     * #storageIo()}). Fetcher and prefetch threads.
     */
    public SplitIo newSplitIo() {
        return new SplitIo(storageIo);
    }

    /** Fetcher thread: a split was read to its end, with this storage I/O. */
    public void splitRead(SplitIo io) {
        splitsRead.inc();
        lastSplitRequests = io.requests();
        lastSplitBytes = io.bytes();
    }

    /** Fetcher thread: a row group's column chunks had been fetched ahead and were used. */
    public void rowGroupPrefetched() {
        rowGroupsPrefetched.inc();
    }

    @VisibleForTesting
    public long splitsReadCount() {
        return splitsRead.getCount();
    }

    @VisibleForTesting
    public long lastSplitRequests() {
        return lastSplitRequests;
    }

    @VisibleForTesting
    public long lastSplitBytes() {
        return lastSplitBytes;
    }

    @VisibleForTesting
    public long rowGroupsPrefetchedCount() {
        return rowGroupsPrefetched.getCount();
    }

    /**
     * The storage requests and bytes of one split, also counted into the reader's counters. Updated
     * by the fetcher thread and the prefetch thread, read by either.
     */
    public static final class SplitIo implements FlinkInputFile.IoCounter {
        private final FlinkInputFile.IoCounter reader;
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();

        SplitIo(FlinkInputFile.IoCounter reader) {
            this.reader = reader;
        }

        @Override
        public void requests(long count) {
            requests.addAndGet(count);
            reader.requests(count);
        }

        @Override
        public void bytesRead(long count) {
            bytes.addAndGet(count);
            reader.bytesRead(count);
        }

        public long requests() {
            return requests.get();
        }

        public long bytes() {
            return bytes.get();
        }
    }

    @VisibleForTesting
    public long storageRequestsCount() {
        return storageRequests.getCount();
    }

    @VisibleForTesting
    public long storageBytesReadCount() {
        return storageBytesRead.getCount();
    }

    /** Fetcher thread: a batch was decoded. */
    public void batchDecoded() {
        batchesEmitted.inc();
    }

    /** Fetcher thread: a split was skipped because its file was deleted before it was read. */
    public void deletedSplitSkipped() {
        deletedSplitsSkipped.inc();
    }

    public long deletedSplitsSkippedCount() {
        return deletedSplitsSkipped.getCount();
    }

    /** Fetcher thread: a split that ends at the file's last row group was read to the end. */
    public void fileCompleted() {
        filesCompleted.inc();
    }

    /** Fetcher thread: a row group held no matching value by its dictionaries. */
    public void rowGroupPrunedByDictionary() {
        rowGroupsPrunedByDictionary.inc();
    }

    /** Fetcher thread: a row group held no matching value by its bloom filters. */
    public void rowGroupPrunedByBloomFilter() {
        rowGroupsPrunedByBloomFilter.inc();
    }

    /** Fetcher thread: rows the page index showed could not match, never decoded. */
    public void rowsSkippedByPageIndex(long rows) {
        rowsSkippedByPageIndex.inc(rows);
    }

    /** Fetcher thread: pages of projected columns the page index showed could not match. */
    public void pagesSkipped(long pages) {
        pagesSkipped.inc(pages);
    }

    @VisibleForTesting
    public long pagesSkippedCount() {
        return pagesSkipped.getCount();
    }

    /** Fetcher thread: decoded rows the filter rejected. */
    public void rowsFiltered(long rows) {
        rowsFiltered.inc(rows);
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

    /**
     * Mailbox thread: a split ended with this many footer rows never emitted (filtered, or in
     * pruned row groups and pages).
     */
    public void splitFinished(long rowsNotEmitted) {
        pendingRecords.lazySet(pendingRecords.get() - rowsNotEmitted);
    }

    /**
     * Mailbox thread: the rows of one batch were emitted. Flink's reader base counts {@code
     * numRecordsIn} once per element handed from the fetcher, which is a batch; the rest of the
     * batch's rows are counted here, so the standard metric counts rows.
     */
    public void batchEmitted(long rows) {
        rowsEmitted.inc(rows);
        numRecordsIn.inc(rows - 1);
        pendingRecords.lazySet(pendingRecords.get() - rows);
    }

    @VisibleForTesting
    public long rowsSkippedByPageIndexCount() {
        return rowsSkippedByPageIndex.getCount();
    }

    @VisibleForTesting
    public long rowsFilteredCount() {
        return rowsFiltered.getCount();
    }

    @VisibleForTesting
    public long rowGroupsPrunedCount() {
        return rowGroupsPrunedByDictionary.getCount() + rowGroupsPrunedByBloomFilter.getCount();
    }
}
