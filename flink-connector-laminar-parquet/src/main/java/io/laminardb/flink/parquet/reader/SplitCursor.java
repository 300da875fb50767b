package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.plan.ReadSchema;
import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.schema.Type;

import javax.annotation.Nullable;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Reads one split as batches of at most {@code batchSize} rows, each inside one row group, by
 * driving the three stages of the data's path: the {@link RowGroupScanner} (file, footer, pruning,
 * the rows to read), one {@link ColumnDecoder} per column read (values into the {@link
 * BatchAssembler}'s sinks) and the {@link BatchAssembler} (partition and metadata columns, the
 * filter's selection, the position after the batch). Resumes at the split's position. Fetcher
 * thread only.
 */
@Internal
final class SplitCursor implements Closeable {

    private final ParquetSplit split;
    private final RowType fileColumns;
    private final int batchSize;
    private final RowGroupScanner scanner;
    private final BatchAssembler assembler;

    /** The file's columns read, pruned; null where the file lacks one. */
    private final Type[] columns;

    @Nullable private ScannedRowGroup group;
    private ColumnDecoder[] decoders;

    /**
     * A cursor reading as the default settings of {@code batchSize} say ({@link
     * SplitReadSettings#defaults}), without prefetch.
     */
    @VisibleForTesting
    SplitCursor(
            ParquetSplit split,
            ReadPlan plan,
            @Nullable RowPredicate residual,
            int batchSize,
            ParquetSourceReaderMetrics metrics,
            FooterCache footers)
            throws IOException {
        this(split, plan, residual, metrics, footers, SplitReadSettings.defaults(batchSize), null);
    }

    /**
     * A cursor at the split's position: batches of at most the settings' batch size, read through
     * the file system of their storage settings into the sinks of their {@link BatchColumnSinks},
     * row groups fetched as their {@link RangeReadSettings} says, ahead on {@code prefetchThread}
     * (null: no prefetch). Their pooled batch count is the split reader's, not used here.
     *
     * @param residual the row filter left after pruning, or null: every row passes
     */
    SplitCursor(
            ParquetSplit split,
            ReadPlan plan,
            @Nullable RowPredicate residual,
            ParquetSourceReaderMetrics metrics,
            FooterCache footers,
            SplitReadSettings settings,
            @Nullable PrefetchThread prefetchThread)
            throws IOException {
        this.split = split;
        ReadSchema readSchema = plan.readSchema();
        this.fileColumns = readSchema.fileColumns();
        this.batchSize = settings.batchSize();
        this.scanner =
                new RowGroupScanner(
                        split,
                        fileColumns,
                        plan.filter(),
                        plan.readType(),
                        metrics,
                        footers,
                        settings,
                        prefetchThread);
        this.columns = scanner.columns();
        boolean[] present = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            present[i] = columns[i] != null;
        }
        try {
            this.assembler =
                    new BatchAssembler(
                            split, readSchema, present, residual, metrics, settings.sinks());
        } catch (RuntimeException e) {
            scanner.close();
            throw e;
        }
    }

    /** The declared columns this file lacks (they read as NULL). */
    List<String> missingColumns() {
        return scanner.missingColumns();
    }

    /** The split's storage I/O so far. */
    ParquetSourceReaderMetrics.SplitIo splitIo() {
        return scanner.splitIo();
    }

    /** Whether this split ends with the file's last row group. */
    boolean endsFile() {
        return scanner.endsFile();
    }

    /**
     * The next decoded batch (possibly with no rows left after the filter), or null when the split
     * is read to its end.
     */
    @Nullable
    ParquetBatch next() throws IOException {
        return next(null);
    }

    /**
     * As {@link #next()}, decoding into {@code vectors} (a pooled batch's, whose rows nobody reads
     * any more) when not null; the batch returned carries them. When null is returned they were not
     * used.
     */
    @Nullable
    ParquetBatch next(@Nullable BatchVectors vectors) throws IOException {
        while (group == null || group.remaining() == 0) {
            group = scanner.next();
            if (group == null) {
                return null;
            }
            openDecoders();
        }
        int rows = (int) Math.min(batchSize, group.remaining());
        long first = group.consumed();
        assembler.start(rows, vectors);
        for (int i = 0; i < decoders.length; i++) {
            if (decoders[i] == null) {
                continue; // the file lacks the column: NULL
            }
            try {
                decoders[i].read(rows);
            } catch (RuntimeException e) {
                throw scanner.failure(
                        "decode column '" + columns[i].getName() + "' of", group.index(), e);
            }
        }
        long[] rowIndexes = group.consume(rows);
        long last = rowIndexes == null ? first + rows - 1 : rowIndexes[rows - 1];
        // A batch whose rows all fail the filter is returned empty: one fetch decodes at
        // most one batch, so pausing and cancelling never wait for a whole split.
        return assembler.finish(
                rows,
                group,
                first,
                rowIndexes,
                group.nextRowGroupAfterConsumed(),
                group.rowsToSkipAfter(last));
    }

    /** One decoder per column the file has, positioned at the group's first row to read. */
    private void openDecoders() throws IOException {
        decoders = new ColumnDecoder[columns.length];
        if (group.pages() == null) {
            return; // no column read is in the file
        }
        try {
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] != null) {
                    decoders[i] =
                            ColumnDecoders.create(
                                    group,
                                    columns[i],
                                    fileColumns.getTypeAt(i),
                                    scanner.fileSchema(),
                                    scanner.createdBy(),
                                    assembler.sink(i));
                }
            }
            long skipped = group.consumed();
            if (skipped > 0) {
                for (ColumnDecoder decoder : decoders) {
                    if (decoder != null) {
                        decoder.skip(skipped);
                    }
                }
            }
        } catch (UnsupportedSchemaException e) {
            UnsupportedSchemaException named =
                    new UnsupportedSchemaException(
                            "Cannot read Parquet file "
                                    + split.path()
                                    + ", row group "
                                    + group.index()
                                    + ": "
                                    + e.getMessage());
            named.initCause(e);
            throw named;
        } catch (RuntimeException e) {
            throw scanner.failure("decode", group.index(), e);
        }
    }

    @Override
    public void close() throws IOException {
        scanner.close();
    }
}
