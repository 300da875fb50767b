package io.laminardb.flink.parquet.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/** Whether the source reads what is there and ends, or keeps watching for new files. */
@PublicEvolving
public enum SourceMode implements DescribedEnum {
    BOUNDED("bounded", "Read the files present when the job starts, then finish."),
    CONTINUOUS(
            "continuous",
            "Read the files present, then list the path every poll interval and read the new"
                    + " files; never finishes.");

    private final String value;
    private final String description;

    SourceMode(String value, String description) {
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
