package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.RowDataToAvroConverters;
import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Emits Avro {@link GenericRecord}s converted from the decoded rows with Flink's own RowData-to-
 * Avro converters (decimals become Avro {@code bytes} with the decimal logical type, timestamps
 * {@code long}s with a timestamp logical type). Going through our reader rather than parquet-avro's
 * keeps every type our reader reads, INT96 included, and avoids values Flink's Avro serializer
 * cannot copy.
 *
 * <p>Its batches may be reused ({@link #allowsBatchReuse()}): a record is a new {@link
 * GenericRecord} whose strings ({@code Utf8}), decimals and timestamps are copies; only a {@code
 * bytes} field may wrap a vector's array (when the value fills it), and Flink's Avro serializer
 * copies that deeply whenever Flink copies a record.
 */
@Internal
public final class AvroRecordConverter implements RecordConverter<GenericRecord> {
    private static final long serialVersionUID = 1L;

    private transient Schema schema;
    private transient RowDataToAvroConverters.RowDataToAvroConverter converter;

    @Override
    public TypeInformation<GenericRecord> producedType(RowType rowType) {
        return new GenericRecordAvroTypeInfo(AvroSchemaConverter.convertToSchema(rowType));
    }

    @Override
    public void open(RowType rowType) {
        this.schema = AvroSchemaConverter.convertToSchema(rowType);
        this.converter = RowDataToAvroConverters.createConverter(rowType);
    }

    @Override
    public GenericRecord convert(RowData row) {
        return (GenericRecord) converter.convert(schema, row);
    }

    @Override
    public boolean allowsBatchReuse() {
        return true;
    }
}
