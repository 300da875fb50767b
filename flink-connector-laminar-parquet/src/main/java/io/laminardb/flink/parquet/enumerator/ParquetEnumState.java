package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The enumerator's checkpoint: whether discovery is finished, the files found but not yet planned
 * into splits (the chunk being planned first), the splits not yet assigned (handed-back ones
 * first), and, for a policy that lists again, its {@link DiscoveryPosition} (what it handed over
 * already; absent for a bounded read and in version 1 bytes). Immutable. Splits hold no schema or
 * footer, and files are planned lazily, so the state stays small for large data sets.
 */
@Internal
public final class ParquetEnumState {

    private final boolean discoveryDone;
    private final List<DiscoveredFile> unplannedFiles;
    private final List<ParquetSplit> unassignedSplits;
    @Nullable private final DiscoveryPosition position;

    /** A state without a discovery position (a bounded read). */
    public ParquetEnumState(
            boolean discoveryDone,
            List<DiscoveredFile> unplannedFiles,
            List<ParquetSplit> unassignedSplits) {
        this(discoveryDone, unplannedFiles, unassignedSplits, null);
    }

    public ParquetEnumState(
            boolean discoveryDone,
            List<DiscoveredFile> unplannedFiles,
            List<ParquetSplit> unassignedSplits,
            @Nullable DiscoveryPosition position) {
        this.discoveryDone = discoveryDone;
        this.unplannedFiles = List.copyOf(unplannedFiles);
        this.unassignedSplits = List.copyOf(unassignedSplits);
        this.position = position;
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

    /**
     * What the discovery policy handed over so far ({@link DiscoveryPolicy#position()}), or null
     * when it keeps none (a bounded read, or a checkpoint of version 1).
     */
    @Nullable
    public DiscoveryPosition position() {
        return position;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParquetEnumState)) {
            return false;
        }
        ParquetEnumState that = (ParquetEnumState) o;
        return discoveryDone == that.discoveryDone
                && unplannedFiles.equals(that.unplannedFiles)
                && unassignedSplits.equals(that.unassignedSplits)
                && Objects.equals(position, that.position);
    }

    @Override
    public int hashCode() {
        return Objects.hash(unassignedSplits, unplannedFiles, position);
    }

    @Override
    public String toString() {
        return "ParquetEnumState{discoveryDone="
                + discoveryDone
                + ", unplannedFiles="
                + unplannedFiles.size()
                + ", unassignedSplits="
                + unassignedSplits.size()
                + ", position="
                + position
                + "}";
    }
}
