package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/**
 * What the source does with a corrupt file: one whose footer cannot be read (truncated, not
 * Parquet, a continuous read's file that never got a valid footer within the in-progress timeout)
 * or whose partition directories do not match the source's partition columns. Data pages that fail
 * to decode once a file is being read always fail the job: rows of the file may already have been
 * emitted.
 */
@PublicEvolving
public enum CorruptFilePolicy implements DescribedEnum {
    FAIL("fail", "Fail the job with an error naming the file."),
    SKIP(
            "skip",
            "Leave the file out, log a warning naming it and count it in the"
                    + " corruptFilesSkipped metric.");

    private final String value;
    private final String description;

    CorruptFilePolicy(String value, String description) {
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
