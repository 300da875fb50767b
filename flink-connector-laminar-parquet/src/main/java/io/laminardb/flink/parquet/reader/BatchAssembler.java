package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.plan.MetadataColumn;
import io.laminardb.flink.parquet.plan.ReadSchema;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapLongVector;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns the decoded file columns of a batch into a {@link ParquetBatch}: it owns the sinks the
 * decoders write into, adds the split's partition columns (constant vectors), the metadata columns
 * (file constants, the row group, the rows' file indexes), lays the columns out as the source
 * produces them, and selects the rows the residual filter accepts. A batch decoded into pooled
 * {@link BatchVectors} reuses their vectors and carries them, to be released when its rows have all
 * been emitted ({@link ParquetBatch#recycle()}). Fetcher thread only.
 */
@Internal
final class BatchAssembler {

    /** An all-NULL column, for the columns the file lacks. */
    private static final ColumnVector NULLS = new ConstantColumnVector(null);

    private final ParquetSplit split;
    private final ReadSchema readSchema;
    @Nullable private final RowPredicate residual;
    private final ParquetSourceReaderMetrics metrics;

    /** One sink per file column; null for the columns the file lacks (NULL). */
    private final BatchColumnSink[] sinks;

    private final ColumnVector[] partitionVectors;

    /** The partition vectors with a value (not NULL), by identity. */
    private final Set<ColumnVector> partitionNoNulls =
            Collections.newSetFromMap(new IdentityHashMap<>());

    /** The metadata columns' vectors: the split's constants, null for those set per batch. */
    private final ColumnVector[] metadataVectors;

    /** The pooled vectors of the batch being decoded, or null for fresh ones. */
    @Nullable private BatchVectors reused;

    /**
     * @param present per file column of the read schema, whether the file has it
     */
    BatchAssembler(
            ParquetSplit split,
            ReadSchema readSchema,
            boolean[] present,
            @Nullable RowPredicate residual,
            ParquetSourceReaderMetrics metrics,
            BatchColumnSinks sinkFactory) {
        this.split = split;
        this.readSchema = readSchema;
        this.residual = residual;
        this.metrics = metrics;
        RowType fileColumns = readSchema.fileColumns();
        List<String> produced = readSchema.producedType().getFieldNames();
        this.sinks = new BatchColumnSink[fileColumns.getFieldCount()];
        for (int i = 0; i < sinks.length; i++) {
            String name = fileColumns.getFieldNames().get(i);
            sinks[i] =
                    present[i]
                            ? sinkFactory.create(
                                    name, fileColumns.getTypeAt(i), produced.contains(name))
                            : null;
        }
        Object[] partitionValues =
                readSchema.partitionValues(split.path(), split.partitionValues());
        this.partitionVectors = new ColumnVector[partitionValues.length];
        for (int p = 0; p < partitionValues.length; p++) {
            partitionVectors[p] = new ConstantColumnVector(partitionValues[p]);
            if (partitionValues[p] != null) {
                partitionNoNulls.add(partitionVectors[p]);
            }
        }
        this.metadataVectors = splitMetadata(split, readSchema.metadataColumns());
    }

    /** The sink of file column {@code column} (one the file has). */
    ColumnSink sink(int column) {
        return sinks[column];
    }

    /** Starts a batch of {@code rows} rows: each sink gets a fresh vector. */
    void start(int rows) {
        start(rows, null);
    }

    /**
     * Starts a batch of {@code rows} rows in {@code vectors} (a pooled batch's, whose previous rows
     * were all emitted), or in fresh vectors when null; the batch made by {@link #finish} carries
     * them.
     */
    void start(int rows, @Nullable BatchVectors vectors) {
        this.reused = vectors;
        for (int i = 0; i < sinks.length; i++) {
            if (sinks[i] != null) {
                if (vectors == null) {
                    sinks[i].open(rows);
                } else {
                    sinks[i].open(rows, vectors.column(i));
                }
            }
        }
    }

    /**
     * The batch of the {@code rows} rows just decoded into the sinks.
     *
     * @param group the row group they are of
     * @param firstRowInGroup the row-group index of the first of them when they are contiguous
     * @param rowIndexes their row-group indexes when pages were skipped, else null
     * @param nextRowGroup the position after the batch: row group
     * @param rowsToSkip the position after the batch: rows of it read
     */
    ParquetBatch finish(
            int rows,
            ScannedRowGroup group,
            long firstRowInGroup,
            @Nullable long[] rowIndexes,
            int nextRowGroup,
            long rowsToSkip) {
        BatchVectors vectors = reused;
        reused = null;
        ColumnVector[] fileVectors = new ColumnVector[sinks.length];
        int knownNoNulls = 0;
        for (int i = 0; i < sinks.length; i++) {
            fileVectors[i] = sinks[i] == null ? NULLS : sinks[i].take();
            if (sinks[i] != null && vectors != null) {
                vectors.keep(i, fileVectors[i]);
            }
            if (sinks[i] != null && sinks[i].tookNoNulls()) {
                knownNoNulls++;
            }
        }
        metrics.batchDecoded();
        int[] selection = null;
        int selected = rows;
        if (residual != null) {
            selection = select(readSchema.readVectors(fileVectors, partitionVectors), rows, group);
            selected = selection.length;
            metrics.rowsFiltered(rows - selected);
            if (selected == rows) {
                selection = null;
            }
        }
        ColumnVector[] metadata = batchMetadata(rows, group, firstRowInGroup, rowIndexes, vectors);
        ColumnVector[] columns = readSchema.layout(fileVectors, partitionVectors, metadata);
        return new ParquetBatch(
                columns,
                noNulls(columns, fileVectors, knownNoNulls),
                selection,
                selected,
                nextRowGroup,
                rowsToSkip,
                vectors);
    }

    /**
     * Per produced column, whether it holds no NULL in this batch: the file columns whose sink saw
     * none, and the partition columns with a value. Others (metadata columns) count as unknown.
     */
    private boolean[] noNulls(ColumnVector[] columns, ColumnVector[] fileVectors, int known) {
        boolean[] noNulls = new boolean[columns.length];
        for (int c = 0; c < columns.length; c++) {
            ColumnVector v = columns[c];
            if (partitionNoNulls.contains(v)) {
                noNulls[c] = true;
                continue;
            }
            if (known == 0) {
                continue;
            }
            // The layout holds the file vectors themselves: find this one by identity.
            for (int i = 0; i < fileVectors.length; i++) {
                if (fileVectors[i] == v && sinks[i] != null && sinks[i].tookNoNulls()) {
                    noNulls[c] = true;
                    break;
                }
            }
        }
        return noNulls;
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
    private ColumnVector[] batchMetadata(
            int rows,
            ScannedRowGroup group,
            long first,
            @Nullable long[] rowIndexes,
            @Nullable BatchVectors pooled) {
        if (metadataVectors.length == 0) {
            return metadataVectors;
        }
        List<MetadataColumn> columns = readSchema.metadataColumns();
        ColumnVector[] vectors = metadataVectors.clone();
        for (int m = 0; m < vectors.length; m++) {
            if (columns.get(m) == MetadataColumn.ROW_GROUP) {
                vectors[m] = new ConstantColumnVector(group.index());
            } else if (columns.get(m) == MetadataColumn.ROW_INDEX) {
                // Rows of the row group in file order (the page index's row indexes when pages
                // were skipped), so the index is the row's place in the file.
                HeapLongVector indexes =
                        pooled == null ? new HeapLongVector(rows) : pooled.rowIndexes(rows);
                long offset = group.firstRowInFile();
                for (int i = 0; i < rows; i++) {
                    indexes.vector[i] = offset + (rowIndexes == null ? first + i : rowIndexes[i]);
                }
                vectors[m] = indexes;
            }
        }
        return vectors;
    }

    /** The rows of a decoded batch for which the filter is TRUE. */
    private int[] select(ColumnVector[] vectors, int rows, ScannedRowGroup group) {
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
                            + group.index()
                            + ": "
                            + e,
                    e);
        }
        return selected == rows ? selection : Arrays.copyOf(selection, selected);
    }
}
