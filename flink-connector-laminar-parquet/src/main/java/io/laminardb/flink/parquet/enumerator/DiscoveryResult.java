package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;

import org.apache.flink.annotation.Internal;

import java.util.List;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * What one listing found: the files not handed to the enumerator before, in file order, how many
 * partition directories it skipped without listing them, and how many new files it skipped as
 * corrupt. Immutable.
 */
@Internal
public final class DiscoveryResult {

    private final List<DiscoveredFile> files;
    private final long directoriesPrunedByPartition;
    private final long corruptFilesSkipped;

    public DiscoveryResult(List<DiscoveredFile> files, long directoriesPrunedByPartition) {
        this(files, directoriesPrunedByPartition, 0);
    }

    public DiscoveryResult(
            List<DiscoveredFile> files,
            long directoriesPrunedByPartition,
            long corruptFilesSkipped) {
        checkArgument(
                corruptFilesSkipped >= 0,
                "corruptFilesSkipped must not be negative, was %s",
                corruptFilesSkipped);
        checkArgument(
                directoriesPrunedByPartition >= 0,
                "directoriesPrunedByPartition must not be negative, was %s",
                directoriesPrunedByPartition);
        this.files = List.copyOf(files);
        this.directoriesPrunedByPartition = directoriesPrunedByPartition;
        this.corruptFilesSkipped = corruptFilesSkipped;
    }

    /** New files this listing left out as corrupt ({@code corrupt-files = skip}). */
    public long corruptFilesSkipped() {
        return corruptFilesSkipped;
    }

    /** The files found, in file order. */
    public List<DiscoveredFile> files() {
        return files;
    }

    /** Partition directories not listed because no file below them can hold a matching row. */
    public long directoriesPrunedByPartition() {
        return directoriesPrunedByPartition;
    }

    @Override
    public String toString() {
        return "DiscoveryResult{files="
                + files.size()
                + ", directoriesPrunedByPartition="
                + directoriesPrunedByPartition
                + ", corruptFilesSkipped="
                + corruptFilesSkipped
                + "}";
    }
}
