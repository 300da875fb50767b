package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Makes the {@link BatchColumnSink} of each file column of a split: where a reader's decoders
 * write. {@link #FLINK} (Flink's heap vectors) serves the RowData and Avro outputs; the Arrow
 * output writes Arrow vectors. Created per reader, called on the fetcher thread.
 */
@Internal
@FunctionalInterface
public interface BatchColumnSinks {

    /** Flink heap vectors for every column. */
    BatchColumnSinks FLINK = (name, type, produced) -> new FlinkVectorSink(type);

    /**
     * The sink of one file column.
     *
     * @param name the column's name
     * @param type the Flink type it is read as
     * @param produced whether the column is emitted (false: read only for the filter)
     */
    BatchColumnSink create(String name, LogicalType type, boolean produced);
}
