package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import javax.annotation.Nullable;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import static org.apache.flink.configuration.description.TextElement.text;

/** The order in which files are planned and handed to readers. */
@PublicEvolving
public enum FileOrder implements DescribedEnum {
    NAME("name", "By full path, lexicographically."),
    MODIFICATION_TIME("modification_time", "Oldest first; ties by path."),
    UNORDERED("unordered", "As the file system lists them, nothing sorted (cheapest).");

    private final String value;
    private final String description;

    FileOrder(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /**
     * Compares things that stand for files (files, splits of files) in this order: by full path
     * (given as a string, {@code Path#toString()}), or by modification time and then full path;
     * null for {@link #UNORDERED}, where files keep the order they come in. The one definition of
     * each order, for listings, the files waiting to be planned and the splits waiting to be
     * assigned alike.
     */
    @Nullable
    public <T> Comparator<T> comparator(
            Function<T, String> path, ToLongFunction<T> modificationTime) {
        Comparator<T> byPath = Comparator.comparing(path);
        switch (this) {
            case NAME:
                return byPath;
            case MODIFICATION_TIME:
                return Comparator.comparingLong(modificationTime).thenComparing(byPath);
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
