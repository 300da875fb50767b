package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;

/**
 * Turns the rows the source decodes into the records it emits ({@code RowData} itself, Avro {@code
 * GenericRecord}, ...). Created on the client, opened once per source reader.
 */
@PublicEvolving
public interface RecordConverter<T> extends Serializable {

    /** The type of the emitted records, for rows of the given type. */
    TypeInformation<T> producedType(RowType rowType);

    /** Prepares the conversion of rows of the given type; called once per reader. */
    default void open(RowType rowType) {}

    /**
     * Converts one row. The row stays valid after the call unless {@link #allowsBatchReuse()}: then
     * only until Flink is done with the record, as that method says.
     */
    T convert(RowData row);

    /**
     * Whether the source may decode later rows into the vectors of a batch once every row of it has
     * been converted and emitted, instead of fresh vectors per batch (for wide rows of strings,
     * allocating those vectors is the reader's largest cost). Flink's own vectorized Parquet reader
     * does so.
     *
     * <p>True only when a record {@link #convert} returns reads nothing of the row once Flink is
     * done with the record: it copies the row's values, or it refers to them (a view, strings that
     * point into the row's bytes) and Flink's serializer of the produced type copies them
     * completely. Flink guarantees the rest: with object reuse off, chained operators get
     * serializer copies and other operators get deserialized records; with object reuse on,
     * downstream must not keep a record after processing it. False, the default, keeps every row
     * valid for as long as anyone holds it, so a converter may keep rows or return records that
     * read them later.
     */
    default boolean allowsBatchReuse() {
        return false;
    }
}
