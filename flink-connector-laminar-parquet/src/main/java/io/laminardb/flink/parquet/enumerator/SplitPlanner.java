package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.filter.FilterPredicates;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns files into splits: reads each file's footer (several files at once on an I/O pool, never on
 * the coordinator thread) and makes one split per row group, grouping consecutive row groups
 * smaller than the target size into one split. Empty files and files without row groups produce no
 * splits. A file whose footer cannot be read fails with an error naming it.
 */
@Internal
public final class SplitPlanner {

    private final ExecutorService footerReaders;
    private final long targetSplitBytes;
    @Nullable private final ParquetFilter filter;
    @Nullable private final RowType readType;
    private final StorageSettings storage;
    private final AtomicLong rowGroupsSeen = new AtomicLong();
    private final AtomicLong rowGroupsPruned = new AtomicLong();

    public SplitPlanner(ExecutorService footerReaders, long targetSplitBytes) {
        this(footerReaders, targetSplitBytes, null);
    }

    /**
     * A planner that also prunes row groups whose statistics (min, max, null count) prove that no
     * row passes the filter, for columns read as their natural types.
     */
    public SplitPlanner(
            ExecutorService footerReaders, long targetSplitBytes, @Nullable ParquetFilter filter) {
        this(footerReaders, targetSplitBytes, filter, null);
    }

    /**
     * A planner that also prunes row groups whose statistics (min, max, null count) prove that no
     * row passes the filter, for columns read as the types of {@code readType} (the readers' {@code
     * ReadSchema#readType()}; null: their natural types).
     */
    public SplitPlanner(
            ExecutorService footerReaders,
            long targetSplitBytes,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType) {
        this(footerReaders, targetSplitBytes, filter, readType, StorageSettings.CLUSTER);
    }

    /** As above, reading footers through the file system of the source's storage settings. */
    public SplitPlanner(
            ExecutorService footerReaders,
            long targetSplitBytes,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType,
            StorageSettings storage) {
        this.footerReaders = footerReaders;
        this.targetSplitBytes = targetSplitBytes;
        this.filter = filter;
        this.readType = readType;
        this.storage = storage;
    }

    /** Row groups in the footers read so far. */
    public long rowGroupsSeen() {
        return rowGroupsSeen.get();
    }

    /** Row groups pruned by statistics so far. */
    public long rowGroupsPruned() {
        return rowGroupsPruned.get();
    }

    /** The splits of the given files, in the files' order. I/O thread. */
    public List<ParquetSplit> plan(List<DiscoveredFile> files) throws IOException {
        List<Future<List<ParquetSplit>>> futures = new ArrayList<>(files.size());
        for (DiscoveredFile file : files) {
            futures.add(footerReaders.submit(() -> planFile(file)));
        }
        List<ParquetSplit> splits = new ArrayList<>();
        try {
            for (Future<List<ParquetSplit>> future : futures) {
                splits.addAll(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading Parquet footers", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(cause.getMessage(), cause);
        } finally {
            for (Future<?> future : futures) {
                future.cancel(true);
            }
        }
        return splits;
    }

    /** The splits of one file. */
    public List<ParquetSplit> planFile(DiscoveredFile file) throws IOException {
        if (file.size() == 0) {
            return List.of();
        }
        ParquetMetadata footer = ParquetFooters.read(file, storage);
        try {
            return splitsOf(file, footer);
        } catch (RuntimeException e) {
            throw new IOException(
                    "Cannot plan the row groups of Parquet file " + file.path() + ": " + e, e);
        }
    }

    private List<ParquetSplit> splitsOf(DiscoveredFile file, ParquetMetadata footer) {
        List<BlockMetaData> blocks = footer.getBlocks();
        boolean[] keep = new boolean[blocks.size()];
        java.util.Arrays.fill(keep, true);
        if (filter != null) {
            MessageType schema = footer.getFileMetaData().getSchema();
            Optional<FilterPredicate> predicate =
                    readType == null
                            ? FilterPredicates.forFile(filter, schema)
                            : FilterPredicates.forFile(filter, schema, readType);
            if (predicate.isPresent()) {
                Set<BlockMetaData> kept = Collections.newSetFromMap(new IdentityHashMap<>());
                kept.addAll(
                        RowGroupFilter.filterRowGroups(
                                FilterCompat.get(predicate.get()),
                                blocks,
                                footer.getFileMetaData().getSchema()));
                for (int g = 0; g < blocks.size(); g++) {
                    keep[g] = kept.contains(blocks.get(g));
                    if (!keep[g]) {
                        rowGroupsPruned.incrementAndGet();
                    }
                }
            }
        }
        rowGroupsSeen.addAndGet(blocks.size());
        return splitsOf(file, blocks, keep, targetSplitBytes);
    }

    @VisibleForTesting
    static List<ParquetSplit> splitsOf(
            DiscoveredFile file, List<BlockMetaData> blocks, long targetSplitBytes) {
        boolean[] keep = new boolean[blocks.size()];
        java.util.Arrays.fill(keep, true);
        return splitsOf(file, blocks, keep, targetSplitBytes);
    }

    /** Splits of the kept row groups: runs of consecutive kept groups, up to the target size. */
    static List<ParquetSplit> splitsOf(
            DiscoveredFile file,
            List<BlockMetaData> blocks,
            boolean[] keep,
            long targetSplitBytes) {
        List<ParquetSplit> splits = new ArrayList<>();
        int first = 0;
        while (first < blocks.size()) {
            if (!keep[first]) {
                first++;
                continue;
            }
            int end = first + 1;
            long bytes = blocks.get(first).getCompressedSize();
            while (end < blocks.size()
                    && keep[end]
                    && bytes + blocks.get(end).getCompressedSize() <= targetSplitBytes) {
                bytes += blocks.get(end).getCompressedSize();
                end++;
            }
            long[] rowCounts = new long[end - first];
            long rows = 0;
            for (int g = first; g < end; g++) {
                rowCounts[g - first] = blocks.get(g).getRowCount();
                rows += rowCounts[g - first];
            }
            if (rows > 0) {
                splits.add(
                        new ParquetSplit(
                                file.path(),
                                file.size(),
                                file.modificationTime(),
                                first,
                                rowCounts,
                                file.partitionValues()));
            }
            first = end;
        }
        return splits;
    }
}
