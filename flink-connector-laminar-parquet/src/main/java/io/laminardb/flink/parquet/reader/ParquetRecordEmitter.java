package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.split.ParquetSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import javax.annotation.Nullable;

/**
 * Hands each row of a batch downstream, then moves the split's position past the batch, so that a
 * checkpoint (taken between two calls, never inside one) resumes at exactly the next row. Mailbox
 * thread.
 *
 * <p>With an event-time column, each record carries that column's value (epoch milliseconds) as its
 * timestamp; a row whose value is NULL goes without one. With a limit (the SQL connector's limit
 * pushdown), rows past it are not emitted and the reader ends its input.
 */
@Internal
public final class ParquetRecordEmitter<T>
        implements RecordEmitter<ParquetBatch, T, ParquetSplitState> {

    private final RecordConverter<T> converter;
    private final ParquetSourceReaderMetrics metrics;

    /**
     * Whether one row object serves every row of a batch ({@link ParquetBatch#reusedRow}): when the
     * records hold nothing of a row once Flink is done with them.
     */
    private final boolean reuseRows;

    /** Index of the event-time column in the produced row, or -1. */
    private final int eventTimeIndex;

    private final boolean eventTimeIsLong;
    private final int eventTimePrecision;
    private final long limit;
    private long emitted;

    /**
     * @param producedType the layout of the rows read, where {@code eventTimeColumn} is looked up
     * @param eventTimeColumn a TIMESTAMP, TIMESTAMP_LTZ or BIGINT (epoch milliseconds) column
     * @param limit how many rows to emit at most
     */
    public ParquetRecordEmitter(
            RecordConverter<T> converter,
            ParquetSourceReaderMetrics metrics,
            RowType producedType,
            @Nullable String eventTimeColumn,
            long limit) {
        this.converter = converter;
        this.metrics = metrics;
        this.reuseRows = converter.allowsBatchReuse();
        this.limit = limit;
        this.eventTimeIndex =
                eventTimeColumn == null ? -1 : producedType.getFieldIndex(eventTimeColumn);
        if (eventTimeIndex >= 0) {
            LogicalType type = producedType.getTypeAt(eventTimeIndex);
            this.eventTimeIsLong = type.getTypeRoot() == LogicalTypeRoot.BIGINT;
            this.eventTimePrecision = eventTimeIsLong ? 0 : LogicalTypeChecks.getPrecision(type);
        } else {
            this.eventTimeIsLong = false;
            this.eventTimePrecision = 0;
        }
    }

    @Override
    public void emitRecord(ParquetBatch batch, SourceOutput<T> output, ParquetSplitState state) {
        int rows = (int) Math.min(batch.numRows(), limit - emitted);
        for (int k = 0; k < rows; k++) {
            RowData row = reuseRows ? batch.reusedRow(k) : batch.row(k);
            T value = converter.convert(row);
            if (eventTimeIndex >= 0 && !row.isNullAt(eventTimeIndex)) {
                output.collect(value, eventTime(row));
            } else {
                output.collect(value);
            }
        }
        emitted += rows;
        metrics.batchEmitted(rows);
        state.setPosition(batch.nextRowGroup(), batch.rowsToSkip());
    }

    private long eventTime(RowData row) {
        return eventTimeIsLong
                ? row.getLong(eventTimeIndex)
                : row.getTimestamp(eventTimeIndex, eventTimePrecision).getMillisecond();
    }

    /** Whether the limit is reached: nothing more will be emitted. */
    boolean limitReached() {
        return emitted >= limit;
    }
}
