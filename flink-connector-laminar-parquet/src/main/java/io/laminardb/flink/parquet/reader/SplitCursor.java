package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.filter.FilterPredicates;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.fs.FlinkInputFile;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.ParquetReadOptionsFactory;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.schema.DeclaredColumns;
import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapLongVector;
import org.apache.flink.table.types.logical.LogicalType;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * Reads one split: opens its file, reads the footer, then reads the split's row groups one at a
 * time (only the projected column chunks) and decodes them into batches of at most {@code
 * batchSize} rows, each inside one row group. Resumes at the split's position, skipping the rows
 * already emitted. Fetcher thread only.
 */
@Internal
final class SplitCursor implements Closeable {

    private final ParquetSplit split;
    private final ReadSchema readSchema;
    private final RowType rowType;
    private final ColumnVector[] partitionVectors;

    /** The filter's parquet-java form for this file (dictionary, bloom filter, page index). */
    @Nullable private final FilterPredicate pruning;

    /** The exact row filter, or null. */
    @Nullable private final RowPredicate residual;

    private final int batchSize;
    private final ParquetSourceReaderMetrics metrics;

    private final ParquetFileReader file;
    private final MessageType fileSchema;

    /** The file's column for each file field of the read schema; null where the file lacks it. */
    private final Type[] columns;

    private final List<String> missingColumns = new ArrayList<>();

    /** Whether the file has none of the columns read (then no column chunk is read). */
    private final boolean noColumnInFile;

    /** The metadata columns' vectors: the split's constants, null for those set per batch. */
    private final ColumnVector[] metadataVectors;

    /** The file row index of the first row of each row group (when row indexes are emitted). */
    @Nullable private long[] rowGroupOffsets;

    /** An all-NULL column, for the fields this file lacks. */
    private static final ColumnVector NULLS = new ConstantColumnVector(null);

    private final Set<String> projectedTopLevel = new HashSet<>();
    private final String createdBy;
    private final int fileRowGroups;

    private int rowGroup;
    private long rowsToSkip;
    private FieldReader[] readers;
    private long rowInGroup;
    private long groupRows;

    /** Rows of the current row group in the file (the footer's count). */
    private long blockRows;

    /** File row indexes of the decoded rows when pages were skipped, else null. */
    @Nullable private PrimitiveIterator.OfLong rowIndexes;

    private boolean hasBufferedIndex;
    private long bufferedIndex;

    SplitCursor(
            ParquetSplit split,
            ReadSchema readSchema,
            @Nullable ParquetFilter filter,
            @Nullable RowPredicate residual,
            int batchSize,
            ParquetSourceReaderMetrics metrics,
            FooterCache footers)
            throws IOException {
        this.split = split;
        this.residual = residual;
        this.readSchema = readSchema;
        this.rowType = readSchema.fileColumns();
        this.partitionVectors = readSchema.partitionVectors(split.path(), split.partitionValues());
        this.metadataVectors = splitMetadata(split, readSchema.metadataColumns());
        this.batchSize = batchSize;
        this.metrics = metrics;
        this.rowGroup = split.nextRowGroup();
        this.rowsToSkip = split.rowsToSkip();
        try {
            FlinkInputFile input = new FlinkInputFile(split.path(), split.fileSize());
            ParquetMetadata footer = footers.get(split, () -> ParquetFooters.read(input));
            this.pruning =
                    filter == null
                            ? null
                            : FilterPredicates.forFile(
                                            filter,
                                            footer.getFileMetaData().getSchema(),
                                            readSchema.readType())
                                    .orElse(null);
            this.file =
                    ParquetFileReader.open(
                            input,
                            footer,
                            ParquetReadOptionsFactory.create(pruning),
                            input.newStream());
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "Cannot open Parquet file " + split.path() + ": " + e.getMessage(), e);
        }
        try {
            this.fileSchema = file.getFooter().getFileMetaData().getSchema();
            this.createdBy = file.getFooter().getFileMetaData().getCreatedBy();
            this.fileRowGroups = file.getRowGroups().size();
            this.columns = resolveColumns();
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] != null) { // null: the file lacks it, read as NULL
                    columns[i] = ColumnPruning.prune(columns[i], rowType.getTypeAt(i));
                }
            }
            List<Type> requested = new ArrayList<>();
            for (Type column : columns) {
                if (column != null) {
                    requested.add(column);
                    projectedTopLevel.add(column.getName());
                }
            }
            this.noColumnInFile = requested.isEmpty();
            if (readSchema.metadataColumns().contains(MetadataColumn.ROW_INDEX)) {
                List<BlockMetaData> blocks = file.getFooter().getBlocks();
                rowGroupOffsets = new long[blocks.size()];
                for (int g = 1; g < blocks.size(); g++) {
                    rowGroupOffsets[g] = rowGroupOffsets[g - 1] + blocks.get(g - 1).getRowCount();
                }
            }
            file.setRequestedSchema(new MessageType(fileSchema.getName(), requested));
            checkRowGroups();
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The vectors of the metadata columns that are constant in a split; null for the others. */
    private static ColumnVector[] splitMetadata(ParquetSplit split, List<MetadataColumn> columns) {
        ColumnVector[] vectors = new ColumnVector[columns.size()];
        for (int i = 0; i < vectors.length; i++) {
            switch (columns.get(i)) {
                case FILE_PATH:
                    vectors[i] =
                            new ConstantColumnVector(
                                    StringData.fromString(split.path().toString()));
                    break;
                case FILE_NAME:
                    vectors[i] =
                            new ConstantColumnVector(StringData.fromString(split.path().getName()));
                    break;
                case FILE_SIZE:
                    vectors[i] = new ConstantColumnVector(split.fileSize());
                    break;
                case FILE_MODIFICATION_TIME:
                    vectors[i] =
                            new ConstantColumnVector(
                                    TimestampData.fromEpochMillis(split.modificationTime()));
                    break;
                default:
                    break; // per batch
            }
        }
        return vectors;
    }

    /** The metadata vectors of a batch of {@code rows} decoded rows. */
    private ColumnVector[] batchMetadata(int rows, long first, @Nullable long[] indexes) {
        if (metadataVectors.length == 0) {
            return metadataVectors;
        }
        List<MetadataColumn> columns = readSchema.metadataColumns();
        ColumnVector[] vectors = metadataVectors.clone();
        for (int m = 0; m < vectors.length; m++) {
            if (columns.get(m) == MetadataColumn.ROW_GROUP) {
                vectors[m] = new ConstantColumnVector(rowGroup);
            } else if (columns.get(m) == MetadataColumn.ROW_INDEX) {
                // Rows of the row group in file order (the page index's row indexes when pages
                // were skipped), so the index is the row's place in the file.
                HeapLongVector rowIndexes = new HeapLongVector(rows);
                long offset = rowGroupOffsets[rowGroup];
                for (int i = 0; i < rows; i++) {
                    rowIndexes.vector[i] = offset + (indexes == null ? first + i : indexes[i]);
                }
                vectors[m] = rowIndexes;
            }
        }
        return vectors;
    }

    /**
     * The file's column for each field of the row type (null where the file lacks a nullable field:
     * it reads as NULL), each checked to be readable as its field's type.
     */
    /** The declared columns this file lacks (they read as NULL). */
    List<String> missingColumns() {
        return missingColumns;
    }

    private Type[] resolveColumns() {
        Type[] resolved = new Type[rowType.getFieldCount()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] =
                    DeclaredColumns.resolve(
                            split.path(),
                            fileSchema,
                            rowType.getFieldNames().get(i),
                            rowType.getTypeAt(i));
            if (resolved[i] == null) {
                missingColumns.add(rowType.getFieldNames().get(i));
            }
        }
        return resolved;
    }

    private void checkRowGroups() throws IOException {
        List<BlockMetaData> blocks = file.getRowGroups();
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

    /**
     * The next decoded batch (possibly with no rows left after the filter), or null when the split
     * is read to its end.
     */
    RowBatch next() throws IOException {
        while (readers == null || rowInGroup >= groupRows) {
            if (readers != null) {
                readers = null;
                rowGroup++;
            }
            if (rowGroup >= split.endRowGroup()) {
                return null;
            }
            openRowGroup();
        }
        int rows = (int) Math.min(batchSize, groupRows - rowInGroup);
        ColumnVector[] vectors = new ColumnVector[readers.length];
        for (int i = 0; i < readers.length; i++) {
            if (readers[i] == null) {
                vectors[i] = NULLS;
                continue;
            }
            AbstractHeapVector vector = VectorTarget.createVector(rowType.getTypeAt(i), rows);
            try {
                readers[i].read(rows, vector);
            } catch (RuntimeException e) {
                throw failure("decode column '" + columns[i].getName() + "' of", e);
            }
            vectors[i] = vector;
        }
        long[] indexes = fileRowIndexes(rows);
        long first = rowInGroup;
        rowInGroup += rows;
        metrics.batchDecoded();
        int[] selection = null;
        int selected = rows;
        if (residual != null) {
            selection = select(readSchema.readVectors(vectors, partitionVectors), rows);
            selected = selection.length;
            metrics.rowsFiltered(rows - selected);
            if (selected == rows) {
                selection = null;
            }
        }
        // A batch whose rows all fail the filter is returned empty: one fetch decodes at
        // most one batch, so pausing and cancelling never wait for a whole split.
        return new RowBatch(
                readSchema.layout(vectors, partitionVectors, batchMetadata(rows, first, indexes)),
                selection,
                selected,
                rowGroup,
                first,
                indexes,
                blockRows);
    }

    private boolean nextIndexBuffered() {
        if (!hasBufferedIndex && rowIndexes.hasNext()) {
            bufferedIndex = rowIndexes.nextLong();
            hasBufferedIndex = true;
        }
        return hasBufferedIndex;
    }

    /**
     * The file row indexes of the next {@code rows} decoded rows, or null when none were skipped.
     */
    @Nullable
    private long[] fileRowIndexes(int rows) {
        if (rowIndexes == null) {
            return null;
        }
        long[] indexes = new long[rows];
        for (int i = 0; i < rows; i++) {
            if (!nextIndexBuffered()) {
                throw new IllegalStateException("Fewer row indexes than decoded rows");
            }
            indexes[i] = bufferedIndex;
            hasBufferedIndex = false;
        }
        return indexes;
    }

    /** The rows of a decoded batch for which the filter is TRUE. */
    private int[] select(ColumnVector[] vectors, int rows) {
        int[] selection = new int[rows];
        int selected = 0;
        try {
            for (int i = 0; i < rows; i++) {
                if (residual.test(new BatchRow(vectors, i))) {
                    selection[selected++] = i;
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot evaluate the filter on Parquet file "
                            + split.path()
                            + ", row group "
                            + rowGroup
                            + ": "
                            + e,
                    e);
        }
        return selected == rows ? selection : Arrays.copyOf(selection, selected);
    }

    /** Whether this split ends with the file's last row group. */
    boolean endsFile() {
        return split.endRowGroup() == fileRowGroups;
    }

    private void openRowGroup() throws IOException {
        BlockMetaData block = file.getRowGroups().get(rowGroup);
        rowInGroup = 0;
        blockRows = block.getRowCount();
        rowIndexes = null;
        if (block.getRowCount() == 0 || (pruning != null && pruned(block))) {
            groupRows = 0;
            readers = new FieldReader[0];
            rowsToSkip = 0;
            return;
        }
        hasBufferedIndex = false;
        if (noColumnInFile) {
            // Every column read is NULL in this file: nothing to read but the row count. (A
            // filter on file columns could only be translated for columns of the file.)
            groupRows = blockRows;
            readers = new FieldReader[columns.length];
            skipRows();
            return;
        }
        PageReadStore pages;
        try {
            pages =
                    pruning == null
                            ? file.readRowGroup(rowGroup)
                            : file.readFilteredRowGroup(rowGroup);
        } catch (IOException | RuntimeException e) {
            throw failure("read", e);
        }
        groupRows = pages.getRowCount();
        rowIndexes = pages.getRowIndexes().orElse(null);
        if (pruning != null) {
            metrics.rowsSkippedByPageIndex(block.getRowCount() - groupRows);
        }
        metrics.rowGroupRead(projectedBytes(block));
        FieldReader[] created = new FieldReader[columns.length];
        try {
            for (int i = 0; i < columns.length; i++) {
                Type column = columns[i];
                LogicalType type = rowType.getTypeAt(i);
                if (column == null) {
                    continue; // the file lacks it: NULL
                }
                if (column.isPrimitive()
                        && !pages.getRowIndexes().isPresent()
                        && FlatColumnReader.canRead(column, chunkOf(block, column))) {
                    created[i] = new FlatColumnReader(pages, column.asPrimitiveType(), type);
                } else if (column.isPrimitive() && !column.isRepetition(Type.Repetition.REPEATED)) {
                    created[i] =
                            new PrimitiveFieldReader(
                                    pages, column.asPrimitiveType(), type, createdBy);
                } else {
                    created[i] = new NestedFieldReader(pages, column, fileSchema, type, createdBy);
                }
            }
            readers = created;
            skipRows();
        } catch (UnsupportedSchemaException e) {
            UnsupportedSchemaException named =
                    new UnsupportedSchemaException(
                            "Cannot read Parquet file "
                                    + split.path()
                                    + ", row group "
                                    + rowGroup
                                    + ": "
                                    + e.getMessage());
            named.initCause(e);
            throw named;
        } catch (RuntimeException e) {
            throw failure("decode", e);
        }
    }

    /** Skips the rows of the just opened row group that lie before the resume position. */
    private void skipRows() {
        if (rowsToSkip == 0) {
            return;
        }
        // rowsToSkip counts rows of the row group in file order; with pages skipped, only the
        // decoded rows before that file row are skipped.
        long skip = Math.min(rowsToSkip, groupRows);
        if (rowIndexes != null) {
            skip = 0;
            while (nextIndexBuffered() && bufferedIndex < rowsToSkip) {
                skip++;
                hasBufferedIndex = false;
            }
        }
        for (FieldReader reader : readers) {
            if (reader != null) {
                reader.skip(skip);
            }
        }
        rowInGroup = skip;
        rowsToSkip = 0;
    }

    /**
     * Whether the row group holds no matching row by its dictionaries, its bloom filters or its
     * page index (statistics were already checked when planning).
     */
    private boolean pruned(BlockMetaData block) throws IOException {
        if (block.getRowCount() == 0) {
            return true;
        }
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
            RowRanges ranges = file.getRowRanges(rowGroup);
            metrics.pagesSkipped(skippedPages(block, ranges));
            if (ranges.rowCount() == 0) {
                metrics.rowsSkippedByPageIndex(block.getRowCount());
                return true;
            }
        } catch (RuntimeException e) {
            throw failure("prune", e);
        }
        return false;
    }

    /** Pages of the projected columns that hold no row of the row ranges (never read). */
    private long skippedPages(BlockMetaData block, RowRanges ranges) {
        if (ranges.rowCount() == block.getRowCount()) {
            return 0;
        }
        ColumnIndexStore indexes = file.getColumnIndexStore(rowGroup);
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

    private static ColumnChunkMetaData chunkOf(BlockMetaData block, Type column) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            String[] path = chunk.getPath().toArray();
            if (path.length == 1 && path[0].equals(column.getName())) {
                return chunk;
            }
        }
        throw new IllegalStateException("Row group has no column chunk for " + column.getName());
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

    private IOException failure(String what, Exception cause) {
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
        file.close();
    }
}
