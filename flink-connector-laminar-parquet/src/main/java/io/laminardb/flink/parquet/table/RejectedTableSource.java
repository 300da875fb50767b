package io.laminardb.flink.parquet.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;

/**
 * A table whose options were rejected: the planner's first question to it ({@link
 * #getChangelogMode}, while it converts the query) throws the validation error. The factory returns
 * it instead of throwing when Flink's own wrapping of factory errors would print a secret storage
 * option in clear.
 */
@Internal
final class RejectedTableSource implements ScanTableSource {

    private final ValidationException error;

    RejectedTableSource(ValidationException error) {
        this.error = error;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        throw error;
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        throw error;
    }

    @Override
    public DynamicTableSource copy() {
        return this;
    }

    @Override
    public String asSummaryString() {
        return "ParquetSource(rejected: " + error.getMessage() + ")";
    }
}
