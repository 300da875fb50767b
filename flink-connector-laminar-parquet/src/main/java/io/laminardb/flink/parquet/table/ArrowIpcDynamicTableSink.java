package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.arrow.ring0.ArrowIpcFileConsumer;
import io.laminardb.flink.parquet.arrow.ring0.Ring0Sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

/**
 * An {@code 'arrow-ipc'} table: {@link Ring0Sink#forRowData} with an {@link ArrowIpcFileConsumer},
 * so rows become Arrow batches of {@code batchSize} rows at the boundary and land in Arrow IPC
 * stream files committed when a checkpoint completes. Insert-only.
 */
@Internal
final class ArrowIpcDynamicTableSink implements DynamicTableSink {

    private final RowType rowType;
    private final String path;
    private final String prefix;
    private final int batchSize;
    private final int ringCapacity;
    @Nullable private final Integer parallelism;

    ArrowIpcDynamicTableSink(
            RowType rowType,
            String path,
            String prefix,
            int batchSize,
            int ringCapacity,
            @Nullable Integer parallelism) {
        this.rowType = rowType;
        this.path = path;
        this.prefix = prefix;
        this.batchSize = batchSize;
        this.ringCapacity = ringCapacity;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        Ring0Sink<RowData> sink =
                Ring0Sink.forRowData(rowType, batchSize, new ArrowIpcFileConsumer(path, prefix))
                        .withRingCapacity(ringCapacity);
        return SinkV2Provider.of(sink, parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new ArrowIpcDynamicTableSink(
                rowType, path, prefix, batchSize, ringCapacity, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "Arrow IPC (" + path + ")";
    }
}
