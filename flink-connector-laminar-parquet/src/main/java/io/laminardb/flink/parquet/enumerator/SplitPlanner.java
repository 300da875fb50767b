package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.filter.FilterPredicates;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FooterTail;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.ExceptionUtils;

import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.FileNotFoundException;
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

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Turns files into splits: reads each file's footer (several files at once on an I/O pool, never on
 * the coordinator thread) and makes one split per row group, grouping consecutive row groups
 * smaller than the target size into one split. Empty files and files without row groups produce no
 * splits. A file deleted before its footer is read is skipped with a warning ({@link
 * #deletedFilesSkipped()}). A file whose footer cannot be read is corrupt: with {@link
 * CorruptFilePolicy#FAIL} planning fails with an error naming it, with {@link
 * CorruptFilePolicy#SKIP} the file is skipped with a warning ({@link #corruptFilesSkipped()}). A
 * footer that discovery already read ({@link PrefetchedFooters}) is taken from there and parsed
 * instead of read again.
 */
@Internal
public final class SplitPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(SplitPlanner.class);

    private final ExecutorService footerReaders;
    private final long targetSplitBytes;
    @Nullable private final ParquetFilter filter;
    @Nullable private final RowType readType;
    private final StorageSettings storage;
    private final AtomicLong rowGroupsSeen = new AtomicLong();
    private final AtomicLong rowGroupsPruned = new AtomicLong();
    private final AtomicLong deletedFilesSkipped = new AtomicLong();
    private final AtomicLong corruptFilesSkipped = new AtomicLong();
    private final CorruptFilePolicy corruptFiles;
    private final PrefetchedFooters prefetched;

    public SplitPlanner(ExecutorService footerReaders, long targetSplitBytes) {
        this(footerReaders, targetSplitBytes, null);
    }

    /**
     * A planner that also prunes row groups whose statistics (min, max, null count) prove that no
     * row passes the filter, for columns read as their natural types.
     */
    public SplitPlanner(
            ExecutorService footerReaders, long targetSplitBytes, @Nullable ParquetFilter filter) {
        this(footerReaders, targetSplitBytes, filter, null, CorruptFilePolicy.FAIL);
    }

    /**
     * A planner that also prunes row groups whose statistics (min, max, null count) prove that no
     * row passes the filter, for columns read as the types of {@code readType} (the readers' {@code
     * ReadSchema#readType()}; null: their natural types), treating files whose footer cannot be
     * read as {@code corruptFiles} says.
     */
    public SplitPlanner(
            ExecutorService footerReaders,
            long targetSplitBytes,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType,
            CorruptFilePolicy corruptFiles) {
        this(
                footerReaders,
                targetSplitBytes,
                filter,
                readType,
                corruptFiles,
                StorageSettings.CLUSTER);
    }

    /** As above, reading footers through the file system of the source's storage settings. */
    public SplitPlanner(
            ExecutorService footerReaders,
            long targetSplitBytes,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType,
            CorruptFilePolicy corruptFiles,
            StorageSettings storage) {
        this(
                footerReaders,
                targetSplitBytes,
                filter,
                readType,
                corruptFiles,
                storage,
                PrefetchedFooters.none());
    }

    /** As above, taking the footers discovery already read from {@code prefetched}. */
    public SplitPlanner(
            ExecutorService footerReaders,
            long targetSplitBytes,
            @Nullable ParquetFilter filter,
            @Nullable RowType readType,
            CorruptFilePolicy corruptFiles,
            StorageSettings storage,
            PrefetchedFooters prefetched) {
        this.prefetched = checkNotNull(prefetched, "prefetched");
        this.corruptFiles = checkNotNull(corruptFiles, "corruptFiles");
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

    /** Files deleted before their footer was read, skipped so far. */
    public long deletedFilesSkipped() {
        return deletedFilesSkipped.get();
    }

    /** Corrupt files skipped so far ({@link CorruptFilePolicy#SKIP}). */
    public long corruptFilesSkipped() {
        return corruptFilesSkipped.get();
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

    /**
     * The splits of one file; none for a file deleted since it was listed, or for a corrupt one
     * when such files are skipped.
     */
    public List<ParquetSplit> planFile(DiscoveredFile file) throws IOException {
        if (file.size() == 0) {
            return List.of();
        }
        try {
            FooterTail kept = prefetched.take(file);
            return splitsOf(
                    file, kept != null ? kept.footer() : ParquetFooters.read(file, storage));
        } catch (IOException | RuntimeException e) {
            if (ExceptionUtils.findThrowable(e, FileNotFoundException.class).isPresent()) {
                deletedFilesSkipped.incrementAndGet();
                LOG.warn(
                        "Skipping Parquet file {}: it was deleted after it was listed",
                        file.path());
                return List.of();
            }
            IOException corrupt =
                    e instanceof IOException
                            ? (IOException) e
                            : new IOException(
                                    "Cannot plan the row groups of Parquet file "
                                            + file.path()
                                            + ": "
                                            + e,
                                    e);
            if (corruptFiles == CorruptFilePolicy.FAIL) {
                throw corrupt;
            }
            corruptFilesSkipped.incrementAndGet();
            LOG.warn(
                    "Skipping corrupt Parquet file {} ({}={}): {}",
                    file.path(),
                    "corrupt-files",
                    corruptFiles,
                    corrupt.getMessage());
            return List.of();
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
