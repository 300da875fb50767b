package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.filter.FilterPredicates;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.FileRange;
import io.laminardb.flink.parquet.fs.FlinkInputFile;
import io.laminardb.flink.parquet.fs.LoadedRanges;
import io.laminardb.flink.parquet.fs.LoadedRangesInputStream;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.ParquetReadOptionsFactory;
import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.fs.RangeReader;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.schema.DeclaredColumns;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import javax.annotation.Nullable;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The file side of reading a split: opens its file (checking that it is the file that was planned),
 * takes the footer, translates the filter for this file, resolves the columns read against the
 * file's schema, and then opens the split's row groups one at a time: row groups that the
 * dictionaries, bloom filters or page index prove hold no matching row are passed over, and of the
 * others only the projected column chunks and the pages the page index keeps are read. The first
 * row group opened on a restored split is positioned at the split's resume row.
 *
 * <p>I/O: a row group's projected column chunks are fetched as ranges coalesced across gaps up to
 * {@link RangeReadSettings#coalesceGap(boolean)}, one positioned read each ({@link RangeReader}),
 * and parquet-java decodes them from memory ({@link LoadedRangesInputStream}). Without a filter,
 * the next row group's ranges are fetched on the reader's {@link PrefetchThread} while a row group
 * decodes, when they fit in {@link RangeReadSettings#prefetchMaxBytes()}. With a filter, a row
 * group is fetched after its pruning (dictionaries, bloom filters and page indexes are read where
 * they lie); when the page index skips pages, parquet-java reads the pages kept directly.
 *
 * <p>Thread contract: fetcher thread only; the prefetch tasks it submits touch only the {@link
 * RangeReader} and the split's I/O counter.
 */
@Internal
final class RowGroupScanner implements Closeable {

    /**
     * The most bytes of a row group's projected chunks fetched into memory when not prefetched (see
     * {@link #loadsWhole}).
     */
    static final long MAX_LOADED_ROW_GROUP_BYTES = 128L << 20;

    private final ParquetSplit split;
    private final ParquetSourceReaderMetrics metrics;
    private final ParquetFileReader file;
    private final LoadedRangesInputStream stream;
    private final RangeReader ranges;
    private final RangeReadSettings io;

    /** The largest gap between projected chunks fetched in one request, for this file's store. */
    private final long coalesceGap;

    private final ParquetSourceReaderMetrics.SplitIo splitIo;
    @Nullable private final PrefetchThread prefetchThread;

    /** The row group being fetched ahead and its fetch; null when none is. */
    @Nullable private Prefetch prefetch;

    /** Whether the page index of the row group pruned last keeps all its rows. */
    private boolean allRowsKept;

    private final MessageType fileSchema;
    private final String createdBy;

    /** The filter's parquet-java form for this file (dictionary, bloom filter, page index). */
    @Nullable private final FilterPredicate pruning;

    /** The file's column for each column read, pruned to the fields read; null where missing. */
    private final Type[] columns;

    private final List<String> missingColumns = new ArrayList<>();
    private final Set<String> projectedTopLevel = new HashSet<>();

    /** File index of the first row of each row group. */
    private final long[] rowGroupOffsets;

    private int nextRowGroup;
    private long rowsToSkip;

    /**
     * Opens the split's file, through the file system of the settings' storage settings, to scan
     * its row groups from the split's position, fetching them as the settings' {@link
     * RangeReadSettings} says, ahead on {@code prefetchThread} (null: no prefetch). The settings'
     * batch size, sinks and pooled batches are the split reader's, not used here.
     *
     * @param fileColumns the columns read from the file, with the types they are read as
     * @param filter the source's filter (null: none), translated here for this file's schema
     * @param readType every column the filter may name, with the type it is read as
     */
    RowGroupScanner(
            ParquetSplit split,
            RowType fileColumns,
            @Nullable ParquetFilter filter,
            RowType readType,
            ParquetSourceReaderMetrics metrics,
            FooterCache footers,
            SplitReadSettings settings,
            @Nullable PrefetchThread prefetchThread)
            throws IOException {
        StorageSettings storage = settings.storage();
        RangeReadSettings io = settings.rangeReads();
        this.split = split;
        this.metrics = metrics;
        this.io = io;
        this.prefetchThread = io.prefetch() ? prefetchThread : null;
        this.nextRowGroup = split.nextRowGroup();
        this.rowsToSkip = split.rowsToSkip();
        this.splitIo = metrics.newSplitIo();
        ParquetMetadata footer =
                footers.get(split, () -> readFooterOfPlannedFile(split, storage, splitIo));
        FlinkInputFile input = new FlinkInputFile(split.path(), split.fileSize(), storage, splitIo);
        this.stream = new LoadedRangesInputStream(split.path().toString(), input);
        this.ranges = new RangeReader(split.path(), storage, splitIo);
        this.coalesceGap = io.coalesceGap(storage.fileSystem(split.path()).isDistributedFS());
        try {
            this.pruning =
                    filter == null
                            ? null
                            : FilterPredicates.forFile(
                                            filter, footer.getFileMetaData().getSchema(), readType)
                                    .orElse(null);
            this.file =
                    ParquetFileReader.open(
                            input, footer, ParquetReadOptionsFactory.create(pruning), stream);
        } catch (IOException | RuntimeException e) {
            ranges.close();
            stream.close();
            throw new IOException(
                    "Cannot open Parquet file " + split.path() + ": " + e.getMessage(), e);
        }
        try {
            this.fileSchema = footer.getFileMetaData().getSchema();
            this.createdBy = footer.getFileMetaData().getCreatedBy();
            this.columns = resolveColumns(fileColumns);
            List<Type> requested = new ArrayList<>();
            for (Type column : columns) {
                if (column != null) {
                    requested.add(column);
                    projectedTopLevel.add(column.getName());
                }
            }
            List<BlockMetaData> blocks = footer.getBlocks();
            this.rowGroupOffsets = new long[blocks.size()];
            for (int g = 1; g < blocks.size(); g++) {
                rowGroupOffsets[g] = rowGroupOffsets[g - 1] + blocks.get(g - 1).getRowCount();
            }
            file.setRequestedSchema(new MessageType(fileSchema.getName(), requested));
            checkRowGroups(blocks);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The footer of the split's file, after checking that the file is still the one planned: a file
     * replaced since (other size or modification time) or deleted fails, saying so, instead of
     * failing somewhere in the footer or the pages.
     */
    private static ParquetMetadata readFooterOfPlannedFile(
            ParquetSplit split, StorageSettings storage, FlinkInputFile.IoCounter io)
            throws IOException {
        FileStatus status;
        try {
            status = storage.fileSystem(split.path()).getFileStatus(split.path());
        } catch (FileNotFoundException e) {
            FileNotFoundException gone =
                    new FileNotFoundException(
                            "Parquet file " + split.path() + " was deleted after it was planned");
            gone.initCause(e);
            throw gone;
        }
        // A file system that reports no modification time (0) in one of the two calls is
        // checked by size alone.
        boolean timesKnown = status.getModificationTime() != 0 && split.modificationTime() != 0;
        if (status.getLen() != split.fileSize()
                || (timesKnown && status.getModificationTime() != split.modificationTime())) {
            throw new IOException(
                    "Parquet file "
                            + split.path()
                            + " changed after it was planned: it had "
                            + split.fileSize()
                            + " bytes and modification time "
                            + split.modificationTime()
                            + " then, and has "
                            + status.getLen()
                            + " bytes and modification time "
                            + status.getModificationTime()
                            + " now");
        }
        return ParquetFooters.read(new FlinkInputFile(split.path(), split.fileSize(), storage, io));
    }

    /** The file's column for each column read, pruned to its fields read; null where missing. */
    private Type[] resolveColumns(RowType fileColumns) {
        Type[] resolved = new Type[fileColumns.getFieldCount()];
        for (int i = 0; i < resolved.length; i++) {
            String name = fileColumns.getFieldNames().get(i);
            Type column =
                    DeclaredColumns.resolve(
                            split.path(), fileSchema, name, fileColumns.getTypeAt(i));
            if (column == null) {
                missingColumns.add(name); // a nullable column the file lacks: NULL
            } else {
                resolved[i] = ColumnPruning.prune(column, fileColumns.getTypeAt(i));
            }
        }
        return resolved;
    }

    private void checkRowGroups(List<BlockMetaData> blocks) throws IOException {
        if (split.endRowGroup() > blocks.size()) {
            throw new IOException(
                    "Parquet file "
                            + split.path()
                            + " has "
                            + blocks.size()
                            + " row groups, but the split covers row groups up to "
                            + (split.endRowGroup() - 1)
                            + ": the file changed after it was planned");
        }
        for (int g = split.firstRowGroup(); g < split.endRowGroup(); g++) {
            if (blocks.get(g).getRowCount() != split.rowCountOf(g)) {
                throw new IOException(
                        "Parquet file "
                                + split.path()
                                + ", row group "
                                + g
                                + " has "
                                + blocks.get(g).getRowCount()
                                + " rows, but had "
                                + split.rowCountOf(g)
                                + " when planned: the file changed after it was planned");
            }
        }
    }

    /** The file's column of each column read (pruned to the fields read), null where missing. */
    Type[] columns() {
        return columns;
    }

    /** The declared columns this file lacks (they read as NULL). */
    List<String> missingColumns() {
        return missingColumns;
    }

    MessageType fileSchema() {
        return fileSchema;
    }

    String createdBy() {
        return createdBy;
    }

    /** Whether this split ends with the file's last row group. */
    boolean endsFile() {
        return split.endRowGroup() == rowGroupOffsets.length;
    }

    /**
     * Opens the next row group of the split that may hold matching rows, positioned at the resume
     * row when it is the one the split stopped in; null when the split has no more.
     */
    @Nullable
    ScannedRowGroup next() throws IOException {
        while (nextRowGroup < split.endRowGroup()) {
            int g = nextRowGroup++;
            long skip = rowsToSkip;
            rowsToSkip = 0;
            BlockMetaData block = file.getRowGroups().get(g);
            if (block.getRowCount() == 0 || (pruning != null && pruned(g, block))) {
                continue;
            }
            ScannedRowGroup group = open(g, block);
            if (skip > 0) {
                group.skipTo(skip);
            }
            if (group.remaining() > 0) {
                return group;
            }
        }
        return null;
    }

    private ScannedRowGroup open(int g, BlockMetaData block) throws IOException {
        if (projectedTopLevel.isEmpty()) {
            // Every column read is NULL in this file: nothing to read but the row count. (A
            // filter on file columns could only be translated for columns of the file.)
            return new ScannedRowGroup(
                    g, block, null, block.getRowCount(), rowGroupOffsets[g], null);
        }
        PageReadStore pages;
        if ((pruning == null || allRowsKept) && loadsWhole(g, block)) {
            stream.load(fetch(g, block));
        }
        try {
            pages = pruning == null ? file.readRowGroup(g) : file.readFilteredRowGroup(g);
        } catch (IOException | RuntimeException e) {
            throw failure("read", g, e);
        } finally {
            stream.release(); // the pages refer to the buffers themselves
        }
        if (pruning == null) {
            prefetchAfter(g);
        }
        if (pruning != null) {
            metrics.rowsSkippedByPageIndex(block.getRowCount() - pages.getRowCount());
        }
        metrics.rowGroupRead(projectedBytes(block));
        return new ScannedRowGroup(
                g,
                block,
                pages,
                pages.getRowCount(),
                rowGroupOffsets[g],
                pages.getRowIndexes().orElse(null));
    }

    /**
     * Whether the row group holds no matching row by its dictionaries, its bloom filters or its
     * page index (statistics were already checked when planning).
     */
    private boolean pruned(int g, BlockMetaData block) throws IOException {
        FilterCompat.Filter filter = FilterCompat.get(pruning);
        try {
            if (RowGroupFilter.filterRowGroups(
                            List.of(RowGroupFilter.FilterLevel.DICTIONARY),
                            filter,
                            List.of(block),
                            file)
                    .isEmpty()) {
                metrics.rowGroupPrunedByDictionary();
                return true;
            }
            if (RowGroupFilter.filterRowGroups(
                            List.of(RowGroupFilter.FilterLevel.BLOOMFILTER),
                            filter,
                            List.of(block),
                            file)
                    .isEmpty()) {
                metrics.rowGroupPrunedByBloomFilter();
                return true;
            }
            RowRanges ranges = file.getRowRanges(g);
            allRowsKept = ranges.rowCount() == block.getRowCount();
            metrics.pagesSkipped(skippedPages(g, block, ranges));
            if (ranges.rowCount() == 0) {
                metrics.rowsSkippedByPageIndex(block.getRowCount());
                return true;
            }
        } catch (RuntimeException e) {
            throw failure("prune", g, e);
        }
        return false;
    }

    /** Pages of the projected columns that hold no row of the row ranges (never read). */
    private long skippedPages(int g, BlockMetaData block, RowRanges ranges) {
        if (ranges.rowCount() == block.getRowCount()) {
            return 0;
        }
        ColumnIndexStore indexes = file.getColumnIndexStore(g);
        long skipped = 0;
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (!projectedTopLevel.contains(chunk.getPath().toArray()[0])) {
                continue;
            }
            OffsetIndex offsets;
            try {
                offsets = indexes.getOffsetIndex(chunk.getPath());
            } catch (ColumnIndexStore.MissingOffsetIndexException e) {
                continue;
            }
            if (offsets == null) {
                continue;
            }
            for (int page = 0; page < offsets.getPageCount(); page++) {
                long first = offsets.getFirstRowIndex(page);
                long last = offsets.getLastRowIndex(page, block.getRowCount());
                if (!ranges.isOverlapping(first, last)) {
                    skipped++;
                }
            }
        }
        return skipped;
    }

    /**
     * The ranges to fetch for a row group: its projected column chunks, coalesced across gaps of at
     * most the configured gap.
     */
    List<FileRange> plannedRanges(BlockMetaData block) {
        List<FileRange> chunks = new ArrayList<>();
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (projectedTopLevel.contains(chunk.getPath().toArray()[0])) {
                chunks.add(new FileRange(chunk.getStartingPos(), chunk.getTotalSize()));
            }
        }
        return FileRange.coalesce(chunks, coalesceGap);
    }

    /**
     * Whether row group {@code g}'s ranges are fetched into memory before parquet-java decodes it:
     * when they were prefetched, or take at most {@link #MAX_LOADED_ROW_GROUP_BYTES} or the
     * prefetch bound, whichever is larger. Its pages are then views of the fetched buffers, which
     * stay in memory while the row group is read, the gaps between its chunks included. A larger
     * row group is read in place by parquet-java (through the stream's fallback), into buffers of
     * its own without the gaps.
     */
    private boolean loadsWhole(int g, BlockMetaData block) {
        if (prefetch != null && prefetch.rowGroup == g) {
            return true;
        }
        long limit = Math.max(MAX_LOADED_ROW_GROUP_BYTES, io.prefetchMaxBytes());
        return FileRange.totalLength(plannedRanges(block)) <= limit;
    }

    /** Row group {@code g}'s ranges: fetched ahead, or now. */
    private LoadedRanges fetch(int g, BlockMetaData block) throws IOException {
        Prefetch ahead = prefetch;
        prefetch = null;
        if (ahead != null) {
            LoadedRanges loaded = await(ahead);
            if (ahead.rowGroup == g) {
                metrics.rowGroupPrefetched();
                return loaded;
            }
        }
        try {
            return ranges.read(plannedRanges(block));
        } catch (IOException | RuntimeException e) {
            throw failure("fetch", g, e);
        }
    }

    /** The ranges a prefetch fetched; its failure, naming the file and row group. */
    private LoadedRanges await(Prefetch ahead) throws IOException {
        try {
            return ahead.fetch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ahead.fetch.cancel(false);
            InterruptedIOException interrupted =
                    new InterruptedIOException(
                            "Interrupted waiting for row group "
                                    + ahead.rowGroup
                                    + " of Parquet file "
                                    + split.path());
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failure(
                    "prefetch",
                    ahead.rowGroup,
                    cause instanceof Exception ? (Exception) cause : new IOException(cause));
        }
    }

    /**
     * Starts fetching the split's next row group with rows on the prefetch thread, unless there is
     * none, no prefetch thread, or its ranges exceed the prefetch bound (it is then fetched when
     * read).
     */
    private void prefetchAfter(int g) {
        if (prefetchThread == null) {
            return;
        }
        for (int h = g + 1; h < split.endRowGroup(); h++) {
            BlockMetaData block = file.getRowGroups().get(h);
            if (block.getRowCount() == 0) {
                continue;
            }
            List<FileRange> planned = plannedRanges(block);
            if (FileRange.totalLength(planned) <= io.prefetchMaxBytes()) {
                prefetch = new Prefetch(h, prefetchThread.submit(() -> ranges.read(planned)));
            }
            return;
        }
    }

    /** The storage I/O of this split so far, footer included when this split read it. */
    ParquetSourceReaderMetrics.SplitIo splitIo() {
        return splitIo;
    }

    private long projectedBytes(BlockMetaData block) {
        long bytes = 0;
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (projectedTopLevel.contains(chunk.getPath().toArray()[0])) {
                bytes += chunk.getTotalSize();
            }
        }
        return bytes;
    }

    /** An error reading the file, naming it and the row group. */
    IOException failure(String what, int rowGroup, Exception cause) {
        return new IOException(
                "Failed to "
                        + what
                        + " Parquet file "
                        + split.path()
                        + ", row group "
                        + rowGroup
                        + ": "
                        + cause,
                cause);
    }

    @Override
    public void close() throws IOException {
        if (prefetch != null) {
            // Not interrupted: a read in flight ends normally, then the range reader closes.
            prefetch.fetch.cancel(false);
            prefetch = null;
        }
        ranges.close();
        if (file != null) {
            file.close(); // closes the stream
        } else {
            stream.close();
        }
    }

    /** A row group being fetched ahead. */
    private static final class Prefetch {
        final int rowGroup;
        final Future<LoadedRanges> fetch;

        Prefetch(int rowGroup, Future<LoadedRanges> fetch) {
            this.rowGroup = rowGroup;
            this.fetch = fetch;
        }
    }
}
