package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.reader.BatchColumnSinks;
import io.laminardb.flink.parquet.reader.ParquetSourceReader;
import io.laminardb.flink.parquet.reader.RecordConverter;
import io.laminardb.flink.parquet.reader.SplitReadSettings;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * The output of {@code LaminarParquetSource.forArrow()}: one {@link ArrowBatch} per decoded batch.
 * Not a per-row converter: the source asks it for a reader ({@link #createReader}) whose decoders
 * write Arrow vectors, with one {@link ArrowReaderMemory} (allocator and limit) per reader.
 */
@Internal
public final class ArrowOutput implements RecordConverter<ArrowBatch> {

    private static final long serialVersionUID = 1L;

    /** The default of {@code arrowMemoryLimit}: 256 MiB of Arrow buffers per reader. */
    public static final long DEFAULT_MEMORY_LIMIT = 256L << 20;

    private final long memoryLimit;

    public ArrowOutput(long memoryLimit) {
        checkArgument(
                memoryLimit > 0, "arrowMemoryLimit must be positive bytes, not %s", memoryLimit);
        this.memoryLimit = memoryLimit;
    }

    /** The Arrow buffer bytes each reader may hold at most. */
    public long memoryLimit() {
        return memoryLimit;
    }

    /**
     * Checks on the client that a source can emit Arrow batches: every column has an Arrow type,
     * and neither an event-time column (a batch has no single timestamp; assign timestamps
     * downstream) nor a per-reader limit is set.
     */
    public void check(RowType producedType, @Nullable String eventTimeColumn, long limit) {
        ArrowTypes.schema(producedType);
        checkArgument(
                eventTimeColumn == null,
                "eventTimeColumn '%s' is not supported by forArrow() sources: a batch has no"
                        + " single timestamp; assign timestamps downstream",
                eventTimeColumn);
        checkArgument(
                limit == Long.MAX_VALUE,
                "limitPerReader (%s) is not supported by forArrow() sources",
                limit);
    }

    @Override
    public TypeInformation<ArrowBatch> producedType(RowType rowType) {
        return new ArrowBatchTypeInfo();
    }

    @Override
    public void open(RowType rowType) {
        ArrowTypes.schema(rowType); // fails naming a column without an Arrow type
    }

    @Override
    public ArrowBatch convert(RowData row) {
        throw new UnsupportedOperationException(
                "The Arrow output emits whole batches, not rows: use createReader");
    }

    /**
     * A source reader that emits Arrow batches; TaskManager, when the reader is created.
     *
     * @param settings how the splits are read (batch size, storage, range reads), without pooled
     *     batches; the reader's decoders write into Arrow vectors where a produced column has an
     *     Arrow type, else into the sinks of {@link BatchColumnSinks#FLINK}
     * @param idleWithoutSplits whether to mark the output idle while no split is assigned
     * @param requestSplitsAhead whether to ask for splits when the last one starts rather than when
     *     it is done
     */
    public ParquetSourceReader<ArrowBatch> createReader(
            SourceReaderContext context,
            ReadPlan plan,
            ParquetSourceReaderMetrics metrics,
            SplitReadSettings settings,
            boolean idleWithoutSplits,
            boolean requestSplitsAhead) {
        RowType producedType = plan.readSchema().producedType();
        open(producedType);
        ArrowReaderMemory memory = new ArrowReaderMemory(memoryLimit);
        BatchColumnSinks sinks =
                (name, type, produced) ->
                        produced && ArrowColumnSink.canWrite(type)
                                ? new ArrowColumnSink(name, type, memory)
                                : BatchColumnSinks.FLINK.create(name, type, produced);
        return new ParquetSourceReader<>(
                context,
                plan,
                new ArrowBatchEmitter(producedType, settings.batchSize(), memory, metrics),
                metrics,
                memory,
                settings.withSinks(sinks),
                idleWithoutSplits,
                requestSplitsAhead);
    }
}
