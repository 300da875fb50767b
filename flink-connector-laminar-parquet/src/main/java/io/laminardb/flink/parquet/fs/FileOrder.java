package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

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

    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
