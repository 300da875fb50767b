package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A file found by discovery and not yet planned into splits. Immutable. */
@Internal
public final class DiscoveredFile {

    private final Path path;

    /** The full path as a string: the key files are ordered and remembered by (made once). */
    private final String pathString;

    private final long size;
    private final long modificationTime;
    private final Map<String, String> partitionValues;

    public DiscoveredFile(
            Path path, long size, long modificationTime, Map<String, String> partitionValues) {
        this.path = path;
        this.pathString = path.toString();
        this.size = size;
        this.modificationTime = modificationTime;
        this.partitionValues =
                partitionValues.isEmpty()
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
    }

    public Path path() {
        return path;
    }

    /** {@link #path()} as a string ({@code Path#toString()} builds a new string each call). */
    public String pathString() {
        return pathString;
    }

    public long size() {
        return size;
    }

    public long modificationTime() {
        return modificationTime;
    }

    /** {@code key=value} directory segments below the root, raw as they appear in the path. */
    public Map<String, String> partitionValues() {
        return partitionValues;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DiscoveredFile)) {
            return false;
        }
        DiscoveredFile that = (DiscoveredFile) o;
        return size == that.size
                && modificationTime == that.modificationTime
                && path.equals(that.path)
                && partitionValues.equals(that.partitionValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, size, modificationTime);
    }

    @Override
    public String toString() {
        return path + " (" + size + " bytes, mtime " + modificationTime + ")";
    }
}
