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

    /** Converts one row; the row stays valid after the call. */
    T convert(RowData row);
}
