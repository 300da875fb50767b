package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.metadata.BlockMetaData;

import javax.annotation.Nullable;

import java.util.PrimitiveIterator;

/**
 * One row group as the {@link RowGroupScanner} opened it: its pages (only the projected column
 * chunks, and only the pages the page index kept), how many rows they decode to, and where each
 * decoded row sits in the file. Tracks the rows consumed so far and gives the split position after
 * them. Fetcher thread only.
 */
@Internal
final class ScannedRowGroup {

    private final int index;
    private final BlockMetaData block;

    /** The pages to decode; null when no column read is in the file (only the row count). */
    @Nullable private final PageReadStore pages;

    /** Rows the pages decode to (fewer than the row group's when the page index skipped some). */
    private final long decodedRows;

    /** File index of this row group's first row. */
    private final long firstRowInFile;

    /** Row-group indexes of the decoded rows when pages were skipped, else null (contiguous). */
    @Nullable private final PrimitiveIterator.OfLong rowIndexes;

    private boolean hasBufferedIndex;
    private long bufferedIndex;

    /** Decoded rows consumed (read or skipped) so far. */
    private long consumed;

    ScannedRowGroup(
            int index,
            BlockMetaData block,
            @Nullable PageReadStore pages,
            long decodedRows,
            long firstRowInFile,
            @Nullable PrimitiveIterator.OfLong rowIndexes) {
        this.index = index;
        this.block = block;
        this.pages = pages;
        this.decodedRows = decodedRows;
        this.firstRowInFile = firstRowInFile;
        this.rowIndexes = rowIndexes;
    }

    int index() {
        return index;
    }

    BlockMetaData block() {
        return block;
    }

    @Nullable
    PageReadStore pages() {
        return pages;
    }

    /** Whether the page index skipped pages, so decoded rows are not contiguous in the file. */
    boolean pagesSkipped() {
        return rowIndexes != null;
    }

    /** Decoded rows not yet consumed. */
    long remaining() {
        return decodedRows - consumed;
    }

    /**
     * Decoded rows consumed (read or skipped) so far: where the decoders stand, and, when no page
     * was skipped, the row-group index of the next row.
     */
    long consumed() {
        return consumed;
    }

    /** File index of this row group's first row (for the row index metadata column). */
    long firstRowInFile() {
        return firstRowInFile;
    }

    /**
     * How many decoded rows lie before row {@code rowInGroup} of the row group (file order): the
     * rows a restore at that position skips. Consumes them.
     */
    long skipTo(long rowInGroup) {
        long skip;
        if (rowIndexes == null) {
            skip = Math.min(rowInGroup, decodedRows);
        } else {
            skip = 0;
            while (nextIndexBuffered() && bufferedIndex < rowInGroup) {
                skip++;
                hasBufferedIndex = false;
            }
        }
        consumed += skip;
        return skip;
    }

    /**
     * Consumes the next {@code rows} decoded rows; returns their indexes in the row group (file
     * order) when pages were skipped, or null when they are {@code consumed()} onwards.
     */
    @Nullable
    long[] consume(int rows) {
        long[] indexes = null;
        if (rowIndexes != null) {
            indexes = new long[rows];
            for (int i = 0; i < rows; i++) {
                if (!nextIndexBuffered()) {
                    throw new IllegalStateException("Fewer row indexes than decoded rows");
                }
                indexes[i] = bufferedIndex;
                hasBufferedIndex = false;
            }
        }
        consumed += rows;
        return indexes;
    }

    /**
     * The split position after the rows consumed so far, whose last one is at {@code
     * lastRowInGroup} (file order): the next row group once every decoded row is consumed, else the
     * rows of this one to skip on restore.
     */
    long rowsToSkipAfter(long lastRowInGroup) {
        return remaining() == 0 ? 0 : lastRowInGroup + 1;
    }

    /** The row group to resume at after the rows consumed so far. */
    int nextRowGroupAfterConsumed() {
        return remaining() == 0 ? index + 1 : index;
    }

    private boolean nextIndexBuffered() {
        if (!hasBufferedIndex && rowIndexes.hasNext()) {
            bufferedIndex = rowIndexes.nextLong();
            hasBufferedIndex = true;
        }
        return hasBufferedIndex;
    }
}
