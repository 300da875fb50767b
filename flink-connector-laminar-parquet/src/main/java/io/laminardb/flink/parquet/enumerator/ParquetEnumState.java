package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;

import java.util.Collections;
import java.util.List;

/**
 * The enumerator's checkpoint: whether discovery is finished, the files found but not yet planned
 * into splits (the chunk being planned first), and the splits not yet assigned (handed-back ones
 * first). Immutable. Splits hold no schema or footer, and files are planned lazily, so the state
 * stays small for large data sets.
 */
@Internal
public final class ParquetEnumState {

    private final boolean discoveryDone;
    private final List<DiscoveredFile> unplannedFiles;
    private final List<ParquetSplit> unassignedSplits;

    public ParquetEnumState(
            boolean discoveryDone,
            List<DiscoveredFile> unplannedFiles,
            List<ParquetSplit> unassignedSplits) {
        this.discoveryDone = discoveryDone;
        this.unplannedFiles = List.copyOf(unplannedFiles);
        this.unassignedSplits = List.copyOf(unassignedSplits);
    }

    public static ParquetEnumState initial() {
        return new ParquetEnumState(false, Collections.emptyList(), Collections.emptyList());
    }

    /**
     * Whether discovery is finished ({@link DiscoveryPolicy#isFinished()}): for a bounded read,
     * whether the files were listed, so that a restore does not list them again.
     */
    public boolean discoveryDone() {
        return discoveryDone;
    }

    public List<DiscoveredFile> unplannedFiles() {
        return unplannedFiles;
    }

    public List<ParquetSplit> unassignedSplits() {
        return unassignedSplits;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParquetEnumState)) {
            return false;
        }
        ParquetEnumState that = (ParquetEnumState) o;
        return discoveryDone == that.discoveryDone
                && unplannedFiles.equals(that.unplannedFiles)
                && unassignedSplits.equals(that.unassignedSplits);
    }

    @Override
    public int hashCode() {
        return unassignedSplits.hashCode() * 31 + unplannedFiles.hashCode();
    }

    @Override
    public String toString() {
        return "ParquetEnumState{discoveryDone="
                + discoveryDone
                + ", unplannedFiles="
                + unplannedFiles.size()
                + ", unassignedSplits="
                + unassignedSplits.size()
                + "}";
    }
}
