package io.laminardb.flink.parquet.partition;

import org.apache.flink.annotation.PublicEvolving;

/** What to do when a partition directory key is also a column of the files. */
@PublicEvolving
public enum PartitionConflict {
    /** Fail when the source is built, naming the column (the default). */
    FAIL,
    /** Read the file's column and ignore the directory value. */
    FILE_WINS
}
