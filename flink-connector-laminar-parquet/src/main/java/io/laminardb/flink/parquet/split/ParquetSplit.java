package io.laminardb.flink.parquet.split;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.fs.Path;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A range of consecutive row groups of one Parquet file, and the position to resume reading it at.
 * Immutable. It holds what a reader needs to find its rows and nothing more: never the schema and
 * never the footer (the reader reads the footer itself), so splits and checkpoints stay small.
 *
 * <p>The position is the row group to read next and the number of its rows (in file order) before
 * the next row to emit; {@link ParquetSplitState} tracks it while a reader reads and turns it back
 * into a split on a checkpoint.
 */
@PublicEvolving
public final class ParquetSplit implements SourceSplit {

    private final String splitId;
    private final Path path;
    private final long fileSize;
    private final long modificationTime;
    private final int firstRowGroup;
    private final long[] rowGroupRowCounts;
    private final Map<String, String> partitionValues;
    private final int nextRowGroup;
    private final long rowsToSkip;

    public ParquetSplit(
            Path path,
            long fileSize,
            long modificationTime,
            int firstRowGroup,
            long[] rowGroupRowCounts,
            Map<String, String> partitionValues) {
        this(
                splitIdOf(path, modificationTime, firstRowGroup, rowGroupRowCounts.length),
                path,
                fileSize,
                modificationTime,
                firstRowGroup,
                rowGroupRowCounts,
                partitionValues,
                firstRowGroup,
                0L);
    }

    public ParquetSplit(
            String splitId,
            Path path,
            long fileSize,
            long modificationTime,
            int firstRowGroup,
            long[] rowGroupRowCounts,
            Map<String, String> partitionValues,
            int nextRowGroup,
            long rowsToSkip) {
        this.splitId = checkNotNull(splitId);
        this.path = checkNotNull(path);
        this.fileSize = fileSize;
        this.modificationTime = modificationTime;
        this.firstRowGroup = firstRowGroup;
        this.rowGroupRowCounts = checkNotNull(rowGroupRowCounts).clone();
        this.partitionValues =
                Collections.unmodifiableMap(new LinkedHashMap<>(checkNotNull(partitionValues)));
        checkArgument(firstRowGroup >= 0, "firstRowGroup must be >= 0");
        checkArgument(
                nextRowGroup >= firstRowGroup && nextRowGroup <= endRowGroup(),
                "nextRowGroup %s is outside the split's row groups [%s, %s)",
                nextRowGroup,
                firstRowGroup,
                endRowGroup());
        checkArgument(rowsToSkip >= 0, "rowsToSkip must be >= 0");
        this.nextRowGroup = nextRowGroup;
        this.rowsToSkip = rowsToSkip;
    }

    /** A split id that stays unique across restarts and file rewrites. */
    static String splitIdOf(Path path, long modificationTime, int firstRowGroup, int count) {
        return path + "@" + modificationTime + "#" + firstRowGroup + "+" + count;
    }

    @Override
    public String splitId() {
        return splitId;
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    public long modificationTime() {
        return modificationTime;
    }

    /** Index (in the file's footer) of the first row group of this split. */
    public int firstRowGroup() {
        return firstRowGroup;
    }

    /** Index one past the last row group of this split. */
    public int endRowGroup() {
        return firstRowGroup + rowGroupRowCounts.length;
    }

    /** Row count of a row group of this split, by its index in the file. */
    public long rowCountOf(int rowGroup) {
        return rowGroupRowCounts[rowGroup - firstRowGroup];
    }

    public long[] rowGroupRowCounts() {
        return rowGroupRowCounts.clone();
    }

    /** Hive partition values from the file's directories (raw, as in the path). */
    public Map<String, String> partitionValues() {
        return partitionValues;
    }

    /** The row group to read next. */
    public int nextRowGroup() {
        return nextRowGroup;
    }

    /**
     * Rows of {@link #nextRowGroup()}, in file order, before the next row to emit: those emitted
     * and those a filter skipped.
     */
    public long rowsToSkip() {
        return rowsToSkip;
    }

    /** Rows still to be emitted from this split. */
    public long remainingRows() {
        long rows = -rowsToSkip;
        for (int g = nextRowGroup; g < endRowGroup(); g++) {
            rows += rowCountOf(g);
        }
        return Math.max(0, rows);
    }

    /** This split, resumed at the given position. */
    public ParquetSplit withPosition(int nextRowGroup, long rowsToSkip) {
        return new ParquetSplit(
                splitId,
                path,
                fileSize,
                modificationTime,
                firstRowGroup,
                rowGroupRowCounts,
                partitionValues,
                nextRowGroup,
                rowsToSkip);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ParquetSplit)) {
            return false;
        }
        ParquetSplit that = (ParquetSplit) o;
        return fileSize == that.fileSize
                && modificationTime == that.modificationTime
                && firstRowGroup == that.firstRowGroup
                && nextRowGroup == that.nextRowGroup
                && rowsToSkip == that.rowsToSkip
                && splitId.equals(that.splitId)
                && path.equals(that.path)
                && Arrays.equals(rowGroupRowCounts, that.rowGroupRowCounts)
                && partitionValues.equals(that.partitionValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(splitId, nextRowGroup, rowsToSkip);
    }

    @Override
    public String toString() {
        return "ParquetSplit{"
                + splitId
                + ", rowGroups=["
                + firstRowGroup
                + ", "
                + endRowGroup()
                + "), position=("
                + nextRowGroup
                + ", "
                + rowsToSkip
                + ")}";
    }
}
