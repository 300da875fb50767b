package io.laminardb.flink.parquet.schema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * The rule for {@code event.time.column}: a column that is read, of type TIMESTAMP, TIMESTAMP_LTZ
 * or BIGINT (epoch milliseconds). Checked against the columns a source reads when it is built, and
 * against a SQL table's columns when the table is planned.
 */
@Internal
public final class EventTimeColumn {

    private EventTimeColumn() {}

    /**
     * Fails unless {@code column} (if not null) is one of {@code columns} and of an allowed type.
     *
     * @throws IllegalArgumentException naming the column and the columns, or its type
     */
    public static void check(RowType columns, @Nullable String column) {
        if (column == null) {
            return;
        }
        int index = columns.getFieldNames().indexOf(column);
        checkArgument(
                index >= 0,
                "Unknown event.time.column '%s'; the columns read are: %s",
                column,
                columns.getFieldNames());
        LogicalType type = columns.getTypeAt(index);
        LogicalTypeRoot root = type.getTypeRoot();
        checkArgument(
                root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                        || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                        || root == LogicalTypeRoot.BIGINT,
                "event.time.column '%s' is %s; it must be TIMESTAMP, TIMESTAMP_LTZ or BIGINT",
                column,
                type.asSummaryString());
    }
}
