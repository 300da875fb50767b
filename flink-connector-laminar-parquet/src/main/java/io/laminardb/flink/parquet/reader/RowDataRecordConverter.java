package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * Emits the decoded {@link RowData} as it is: a view of the batch ({@code BatchRow}). Its batch may
 * be reused ({@link #allowsBatchReuse()}): Flink's {@code RowDataSerializer} copies such a row into
 * a {@code BinaryRowData} whenever Flink copies a record.
 */
@Internal
public final class RowDataRecordConverter implements RecordConverter<RowData> {
    private static final long serialVersionUID = 1L;

    @Override
    public TypeInformation<RowData> producedType(RowType rowType) {
        return InternalTypeInfo.of(rowType);
    }

    @Override
    public RowData convert(RowData row) {
        return row;
    }

    @Override
    public boolean allowsBatchReuse() {
        return true;
    }
}
