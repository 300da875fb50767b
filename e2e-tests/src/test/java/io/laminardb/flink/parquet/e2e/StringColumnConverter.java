package io.laminardb.flink.parquet.e2e;

import io.laminardb.flink.parquet.reader.RecordConverter;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Emits the one STRING column of each row as a Java {@link String}, so that the records the source
 * emits compare by value with the ones the test wrote (the source's {@code RowData} are views on
 * reused column vectors and do not).
 */
final class StringColumnConverter implements RecordConverter<String> {

    private static final long serialVersionUID = 1L;

    @Override
    public TypeInformation<String> producedType(RowType rowType) {
        checkOneStringColumn(rowType);
        return Types.STRING;
    }

    @Override
    public void open(RowType rowType) {
        checkOneStringColumn(rowType);
    }

    @Override
    public String convert(RowData row) {
        return row.isNullAt(0) ? null : row.getString(0).toString();
    }

    private static void checkOneStringColumn(RowType rowType) {
        checkArgument(
                rowType.getFieldCount() == 1
                        && rowType.getTypeAt(0).is(LogicalTypeFamily.CHARACTER_STRING),
                "StringColumnConverter needs rows of exactly one STRING column, got %s",
                rowType);
    }
}
