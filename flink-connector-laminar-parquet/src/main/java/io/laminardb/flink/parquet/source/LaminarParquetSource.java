package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.arrow.ArrowBatch;
import io.laminardb.flink.parquet.arrow.ArrowOutput;
import io.laminardb.flink.parquet.enumerator.ContinuousParquetEnumerator;
import io.laminardb.flink.parquet.enumerator.ParquetEnumState;
import io.laminardb.flink.parquet.enumerator.ParquetEnumStateSerializer;
import io.laminardb.flink.parquet.enumerator.SplitBatching;
import io.laminardb.flink.parquet.enumerator.StaticParquetEnumerator;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.plan.ReadSchema;
import io.laminardb.flink.parquet.reader.AvroRecordConverter;
import io.laminardb.flink.parquet.reader.ParquetSourceReader;
import io.laminardb.flink.parquet.reader.RecordConverter;
import io.laminardb.flink.parquet.reader.RowDataRecordConverter;
import io.laminardb.flink.parquet.reader.SplitReadSettings;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.split.ParquetSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.generic.GenericRecord;

import javax.annotation.Nullable;

/**
 * A FLIP-27 source that reads Apache Parquet files: one file, a directory tree or a glob, on any
 * file system Flink has. The enumerator makes splits of whole row groups: consecutive row groups of
 * a file whose compressed sizes add up to at most the target split size (32 MB by default, {@link
 * LaminarParquetSourceBuilder#targetSplitSize}) become one split, and a larger row group is a split
 * of its own. Readers decode only the projected columns into batches and emit {@link RowData} (or
 * Avro {@link GenericRecord}s). Checkpoints hold the exact row each split stopped at, so a restored
 * job emits every row exactly once.
 *
 * <p>In {@link SourceMode#CONTINUOUS continuous} mode the source is unbounded: the enumerator lists
 * the path every poll interval and reads the new files (see docs/datastream.md for the rule of
 * which files are new, and what files still being written, deleted or corrupt do); a reader waiting
 * for new files marks itself idle.
 *
 * <p>Readers support watermark alignment ({@code WatermarkStrategy#withWatermarkAlignment}): the
 * split a reader is in is paused while its watermark is further ahead of its alignment group's
 * lowest than the allowed drift, and goes on where it stopped when the group has caught up.
 *
 * <pre>{@code
 * LaminarParquetSource<RowData> source =
 *     LaminarParquetSource.forRowData()
 *         .path("s3://bucket/trades/")
 *         .columns("ts", "symbol", "price")
 *         .batchSize(4096)
 *         .fileOrder(FileOrder.NAME)
 *         .build();
 * DataStream<RowData> rows =
 *     env.fromSource(source, WatermarkStrategy.noWatermarks(), "trades");
 * }</pre>
 *
 * @param <T> the type of the emitted records
 */
@PublicEvolving
public final class LaminarParquetSource<T>
        implements Source<T, ParquetSplit, ParquetEnumState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final ParquetSourceConfig config;
    private final ReadPlan plan;
    private final RecordConverter<T> converter;

    /** How many rows each reader emits at most (the SQL connector's limit pushdown). */
    private final long limit;

    LaminarParquetSource(
            ParquetSourceConfig config, ReadPlan plan, RecordConverter<T> converter, long limit) {
        this.config = config;
        this.plan = plan;
        this.converter = converter;
        this.limit = limit;
    }

    /** A builder of a source that emits Flink's {@link RowData}. */
    public static LaminarParquetSourceBuilder<RowData> forRowData() {
        return new LaminarParquetSourceBuilder<>(new RowDataRecordConverter());
    }

    /** A builder of a source that emits Avro {@link GenericRecord}s. */
    public static LaminarParquetSourceBuilder<GenericRecord> forAvro() {
        return new LaminarParquetSourceBuilder<>(new AvroRecordConverter());
    }

    /**
     * A builder of a source that emits each decoded batch as one {@link ArrowBatch} (see there who
     * closes it; docs/arrow.md has the types and memory settings).
     */
    public static LaminarParquetSourceBuilder<ArrowBatch> forArrow() {
        return new LaminarParquetSourceBuilder<>(new ArrowOutput(ArrowOutput.DEFAULT_MEMORY_LIMIT));
    }

    /** A builder of a source that emits records made by the given converter. */
    public static <T> LaminarParquetSourceBuilder<T> forRecords(RecordConverter<T> converter) {
        return new LaminarParquetSourceBuilder<>(converter);
    }

    @Override
    public Boundedness getBoundedness() {
        return config.mode() == SourceMode.CONTINUOUS
                ? Boundedness.CONTINUOUS_UNBOUNDED
                : Boundedness.BOUNDED;
    }

    @Override
    @SuppressWarnings("unchecked")
    public SourceReader<T, ParquetSplit> createReader(SourceReaderContext readerContext) {
        SplitReadSettings settings =
                SplitReadSettings.defaults(config.batchSize())
                        .withStorage(config.storage())
                        .withRangeReads(config.rangeReads());
        if (converter instanceof ArrowOutput) {
            return (SourceReader<T, ParquetSplit>)
                    ((ArrowOutput) converter)
                            .createReader(
                                    readerContext,
                                    plan,
                                    new ParquetSourceReaderMetrics(readerContext.metricGroup()),
                                    settings,
                                    config.mode() == SourceMode.CONTINUOUS,
                                    requestSplitsAhead(readerContext));
        }
        return new ParquetSourceReader<>(
                readerContext,
                plan,
                converter,
                new ParquetSourceReaderMetrics(readerContext.metricGroup()),
                config.eventTimeColumn(),
                limit,
                settings,
                config.mode() == SourceMode.CONTINUOUS,
                requestSplitsAhead(readerContext));
    }

    /** Whether a reader asks for more splits when its last one starts ({@link SplitBatching}). */
    private boolean requestSplitsAhead(SourceReaderContext readerContext) {
        return SplitBatching.severalSplitsPerRequest(
                config.fileOrder(),
                config.mode() == SourceMode.BOUNDED,
                readerContext.currentParallelism());
    }

    @Override
    public SplitEnumerator<ParquetSplit, ParquetEnumState> createEnumerator(
            SplitEnumeratorContext<ParquetSplit> enumContext) {
        return createEnumerator(enumContext, ParquetEnumState.initial());
    }

    @Override
    public SplitEnumerator<ParquetSplit, ParquetEnumState> restoreEnumerator(
            SplitEnumeratorContext<ParquetSplit> enumContext, ParquetEnumState checkpoint) {
        return createEnumerator(enumContext, checkpoint);
    }

    /**
     * The one place that decides between a bounded and a continuous read: both use the same
     * enumerator core and differ only in their discovery policy. Coordinator thread.
     */
    private SplitEnumerator<ParquetSplit, ParquetEnumState> createEnumerator(
            SplitEnumeratorContext<ParquetSplit> enumContext, ParquetEnumState state) {
        FileDiscovery discovery =
                new FileDiscovery(config.path(), config.hivePartitioning(), config.storage());
        switch (config.mode()) {
            case BOUNDED:
                return StaticParquetEnumerator.create(
                        enumContext, discovery, config.discoverySettings(), plan, state);
            case CONTINUOUS:
                return ContinuousParquetEnumerator.create(
                        enumContext, discovery, config.discoverySettings(), plan, state);
            default:
                throw new IllegalStateException("Unknown source mode '" + config.mode() + "'");
        }
    }

    @Override
    public SimpleVersionedSerializer<ParquetSplit> getSplitSerializer() {
        return ParquetSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<ParquetEnumState> getEnumeratorCheckpointSerializer() {
        return new ParquetEnumStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return converter.producedType(plan.readSchema().producedType());
    }

    /**
     * The type of the rows this source emits: the projected file columns and Hive partition
     * columns, in order, then the metadata columns.
     */
    public RowType getRowType() {
        return plan.readSchema().producedType();
    }

    /** The Hive partition columns among the emitted columns (empty when there are none). */
    public RowType getPartitionColumns() {
        return plan.readSchema().partitionColumns();
    }

    /** What the readers read and how they lay out rows. */
    @Internal
    public ReadSchema getReadSchema() {
        return plan.readSchema();
    }

    /** What the enumerator and the readers read: columns, layout, filter, partition pruning. */
    @Internal
    public ReadPlan getReadPlan() {
        return plan;
    }

    /** The pruner of files by their partition values. */
    @Internal
    public PartitionPruner getPartitionPruner() {
        return plan.partitionPruner();
    }

    /** The filter rows must pass, or null. */
    @Nullable
    public ParquetFilter getFilter() {
        return plan.filter();
    }

    public ParquetSourceConfig getConfig() {
        return config;
    }
}
