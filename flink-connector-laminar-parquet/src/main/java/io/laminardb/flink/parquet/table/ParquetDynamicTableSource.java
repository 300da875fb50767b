package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.plan.MetadataColumn;
import io.laminardb.flink.parquet.reader.RecordConverter;
import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.source.ParquetSourceConfig;
import io.laminardb.flink.parquet.source.SourceMode;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsPartitionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsStatisticReport;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.plan.stats.TableStats;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL table source of {@code 'connector' = 'parquet'}: a {@link LaminarParquetSource} over the
 * table's physical columns, with projection (nested too), filter, partition, limit and watermark
 * pushdown, metadata columns and footer statistics. Created and configured by the planner on the
 * client (planner thread); the source is built when the plan is translated, reading the partition
 * keys from one file's directories (every type is declared).
 *
 * <p>The table's columns map to the files' columns by name. Declared partition columns ({@code
 * PARTITIONED BY}), and any other declared column named like a {@code key=value} directory key, are
 * Hive partition columns, with the declared type. {@code METADATA} columns read the keys of {@link
 * MetadataColumn} ({@code file.path}, {@code file.name}, {@code file.size}, {@code
 * file.modification-time}, {@code row_group}, {@code row_index}).
 */
@Internal
public final class ParquetDynamicTableSource
        implements ScanTableSource,
                SupportsProjectionPushDown,
                SupportsFilterPushDown,
                SupportsPartitionPushDown,
                SupportsLimitPushDown,
                SupportsWatermarkPushDown,
                SupportsStatisticReport,
                SupportsReadingMetadata {

    private final String tableName;
    private final ParquetSourceConfig config;
    private final RowType physicalType;
    private final List<String> partitionKeys;

    /** The physical columns to emit, in order; all when null. */
    @Nullable private List<String> projectedColumns;

    /** Set when the projection reaches into nested fields: what to read and how to lay it out. */
    @Nullable private NestedProjection nestedProjection;

    @Nullable private RowType nestedProducedType;

    /** Rows each reader emits at most; the planner still applies the limit over all readers. */
    @Nullable private Long limit;

    /** The DDL's watermark, generated per split by the source; none when null. */
    @Nullable private WatermarkStrategy<RowData> watermarkStrategy;

    /** The partitions to read, as values of {@link #partitionKeys} (null: default); all if null. */
    @Nullable private Set<List<String>> selectedPartitions;

    /** The pushed filters, in the order they were accepted (ANDed). */
    private List<ParquetFilter> filters;

    /** The metadata keys to emit after the physical columns, in order. */
    private List<String> metadataKeys = List.of();

    ParquetDynamicTableSource(
            String tableName,
            ParquetSourceConfig config,
            RowType physicalType,
            List<String> partitionKeys) {
        this(tableName, config, physicalType, partitionKeys, null, List.of());
    }

    private ParquetDynamicTableSource(
            String tableName,
            ParquetSourceConfig config,
            RowType physicalType,
            List<String> partitionKeys,
            @Nullable List<String> projectedColumns,
            List<ParquetFilter> filters) {
        this.tableName = tableName;
        this.config = config;
        this.physicalType = physicalType;
        this.partitionKeys = List.copyOf(partitionKeys);
        this.projectedColumns = projectedColumns;
        this.filters = List.copyOf(filters);
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    /**
     * The provider builds the source only when the planner translates the plan (the planner asks
     * for the provider more than once, e.g. to check boundedness).
     */
    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        WatermarkStrategy<RowData> watermarks =
                watermarkStrategy == null ? WatermarkStrategy.noWatermarks() : watermarkStrategy;
        // Unset: the job's default parallelism, as Flink's own sources.
        Integer parallelism = config.parallelism();
        String name = "ParquetSource-" + tableName;
        boolean bounded = config.mode() == SourceMode.BOUNDED;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext providerContext, StreamExecutionEnvironment env) {
                LaminarParquetSource<RowData> source = createSource();
                DataStreamSource<RowData> stream =
                        env.fromSource(source, watermarks, name, source.getProducedType());
                providerContext.generateUid("source").ifPresent(stream::uid);
                if (parallelism != null) {
                    stream.setParallelism(parallelism);
                }
                return stream;
            }

            @Override
            public boolean isBounded() {
                return bounded;
            }
        };
    }

    /**
     * Builds the DataStream source this table reads with (finds the first file, checks the columns
     * read against its footer).
     */
    @VisibleForTesting
    LaminarParquetSource<RowData> createSource() {
        try {
            return buildSource();
        } catch (IllegalArgumentException
                | UnsupportedOperationException
                | UnsupportedSchemaException e) {
            throw new ValidationException(
                    "Cannot read Parquet table '" + tableName + "': " + e.getMessage(), e);
        }
    }

    private LaminarParquetSource<RowData> buildSource() {
        List<String> columns =
                projectedColumns == null ? physicalType.getFieldNames() : projectedColumns;
        boolean emptyProjection = columns.isEmpty();
        LaminarParquetSourceBuilder<RowData> builder;
        if (emptyProjection) {
            builder = LaminarParquetSource.forRecords(new LeadingFieldDropper(1));
        } else if (nestedProjection != null) {
            builder =
                    LaminarParquetSource.forRecords(nestedProjection.converter(nestedProducedType));
        } else {
            builder = LaminarParquetSource.forRowData();
        }
        List<RowType.RowField> fileFields = new ArrayList<>();
        for (RowType.RowField field : physicalType.getFields()) {
            if (!partitionKeys.contains(field.getName())) {
                fileFields.add(narrowed(field));
            }
        }
        // The event-time column only when the query reads it.
        String eventTimeColumn = config.eventTimeColumn();
        ParquetSourceConfig readConfig =
                config.toBuilder()
                        // COUNT(*) projects no column: read the cheapest one, emit rows without it.
                        .columns(emptyProjection ? List.of(cheapestColumn()) : columns)
                        .eventTimeColumn(
                                eventTimeColumn != null && columns.contains(eventTimeColumn)
                                        ? eventTimeColumn
                                        : null)
                        .build();
        builder.config(readConfig)
                // Every column is declared: a directory key the table does not declare is not
                // read, so no listing is needed to infer its type.
                .inferPartitionTypes(false)
                .rowType(new RowType(physicalType.isNullable(), fileFields));
        for (String key : metadataKeys) {
            // Named apart from the physical columns; the planner reads fields by position.
            builder.metadataColumn("$metadata$" + key, MetadataColumn.ofKey(key));
        }
        for (String key : partitionKeys) {
            builder.partitionColumn(key, physicalType.getTypeAt(physicalType.getFieldIndex(key)));
        }
        ParquetFilter filter = pushedFilter();
        if (filter != null) {
            builder.filter(filter);
        }
        if (selectedPartitions != null) {
            builder.selectPartitions(partitionKeys, selectedPartitions);
        }
        if (limit != null) {
            builder.limitPerReader(limit);
        }
        return builder.build();
    }

    /**
     * The column a query that needs none reads to count rows: a partition column (no data read),
     * else the first nullable flat column (a file lacking it still counts its rows), else the first
     * flat one, else the first.
     */
    @VisibleForTesting
    String cheapestColumn() {
        if (!partitionKeys.isEmpty()) {
            return partitionKeys.get(0);
        }
        String flat = null;
        for (RowType.RowField field : physicalType.getFields()) {
            boolean isFlat =
                    !(field.getType() instanceof RowType)
                            && !field.getType().is(LogicalTypeFamily.COLLECTION)
                            && field.getType().getTypeRoot() != LogicalTypeRoot.MAP;
            if (isFlat && field.getType().isNullable()) {
                return field.getName();
            }
            if (isFlat && flat == null) {
                flat = field.getName();
            }
        }
        return flat != null ? flat : physicalType.getFieldNames().get(0);
    }

    @Nullable
    @VisibleForTesting
    ParquetFilter pushedFilter() {
        if (filters.isEmpty()) {
            return null;
        }
        return filters.size() == 1 ? filters.get(0) : ParquetFilter.and(filters);
    }

    /** The field as read: a struct narrowed to the nested fields the projection asks for. */
    private RowType.RowField narrowed(RowType.RowField field) {
        if (nestedProjection != null) {
            for (RowType.RowField read : nestedProjection.readFields) {
                if (read.getName().equals(field.getName())) {
                    return read;
                }
            }
        }
        return field;
    }

    @Override
    public boolean supportsNestedProjection() {
        return true;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        List<String> names = new ArrayList<>();
        if (NestedProjection.isNested(projectedFields)) {
            this.nestedProjection = NestedProjection.of(physicalType, projectedFields);
            this.nestedProducedType = (RowType) producedDataType.getLogicalType();
            for (RowType.RowField field : nestedProjection.readFields) {
                names.add(field.getName());
            }
        } else {
            this.nestedProjection = null;
            this.nestedProducedType = null;
            for (int[] path : projectedFields) {
                names.add(physicalType.getFieldNames().get(path[0]));
            }
        }
        this.projectedColumns = names;
    }

    @Override
    public Result applyFilters(List<ResolvedExpression> expressions) {
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        List<ParquetFilter> pushed = new ArrayList<>(filters);
        for (ResolvedExpression expression : expressions) {
            var translation = FilterExpressionTranslator.translate(expression, physicalType);
            if (translation.isPresent()) {
                pushed.add(translation.get().filter);
                accepted.add(expression);
                if (!translation.get().exact) {
                    remaining.add(expression);
                }
            } else {
                remaining.add(expression);
            }
        }
        this.filters = List.copyOf(pushed);
        return Result.of(accepted, remaining);
    }

    /**
     * The partitions below the path: values of the {@code PARTITIONED BY} keys, unescaped, null for
     * the default partition. Lists directories only, down to where every key has a value.
     */
    @Override
    public Optional<List<Map<String, String>>> listPartitions() {
        List<Map<String, String>> partitions = new ArrayList<>();
        try {
            for (Map<String, String> raw :
                    new FileDiscovery(config.path(), true, config.storage())
                            .listPartitions(partitionKeys)) {
                Map<String, String> values = new LinkedHashMap<>();
                raw.forEach(
                        (key, value) ->
                                values.put(
                                        key,
                                        HivePartitions.value(
                                                value, HivePartitions.DEFAULT_PARTITION_NAME)));
                partitions.add(values);
            }
        } catch (IOException e) {
            throw new TableException(
                    "Cannot list the partitions of Parquet table '"
                            + tableName
                            + "' below "
                            + config.path()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        return Optional.of(partitions);
    }

    @Override
    public void applyPartitions(List<Map<String, String>> remainingPartitions) {
        Set<List<String>> selected = new HashSet<>();
        for (Map<String, String> partition : remainingPartitions) {
            List<String> values = new ArrayList<>(partitionKeys.size());
            for (String key : partitionKeys) {
                values.add(partition.get(key));
            }
            selected.add(values);
        }
        this.selectedPartitions = selected;
    }

    /**
     * Row count, null counts and numeric ranges summed from the footers of the files the query
     * reads (after partition pruning); unknown beyond {@link FooterStatistics#MAX_FILES} files. The
     * batch planner asks on its thread while planning.
     */
    @Override
    public TableStats reportStatistics() {
        try {
            PartitionPruner pruner = createSource().getPartitionPruner();
            List<DiscoveredFile> files =
                    new FileDiscovery(config.path(), config.hivePartitioning(), config.storage())
                            .discoverUpTo(FooterStatistics.MAX_FILES, pruner::mayHold);
            if (files.size() > FooterStatistics.MAX_FILES) {
                return TableStats.UNKNOWN;
            }
            List<RowType.RowField> fileFields = new ArrayList<>();
            for (RowType.RowField field : physicalType.getFields()) {
                if (!partitionKeys.contains(field.getName())) {
                    fileFields.add(field);
                }
            }
            return FooterStatistics.of(files, new RowType(fileFields), config.storage());
        } catch (IOException | RuntimeException e) {
            return TableStats.UNKNOWN; // a hint only: the read reports what is wrong
        }
    }

    @Override
    public void applyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarkStrategy = watermarkStrategy;
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        for (MetadataColumn column : MetadataColumn.values()) {
            metadata.put(column.key(), TypeConversions.fromLogicalToDataType(column.type()));
        }
        return metadata;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        this.metadataKeys = List.copyOf(metadataKeys);
        if (nestedProjection != null) {
            // The flat fields of the nested paths, then the metadata columns.
            this.nestedProducedType = (RowType) producedDataType.getLogicalType();
        }
    }

    @Override
    public DynamicTableSource copy() {
        ParquetDynamicTableSource copy =
                new ParquetDynamicTableSource(
                        tableName, config, physicalType, partitionKeys, projectedColumns, filters);
        copy.nestedProjection = nestedProjection;
        copy.nestedProducedType = nestedProducedType;
        copy.selectedPartitions = selectedPartitions;
        copy.limit = limit;
        copy.watermarkStrategy = watermarkStrategy;
        copy.metadataKeys = metadataKeys;
        return copy;
    }

    /** E.g. {@code ParquetSource(path=/data/t, columns=[id, price], filter=[price > 10.0])}. */
    @Override
    public String asSummaryString() {
        StringBuilder s = new StringBuilder("ParquetSource(path=").append(config.path());
        if (nestedProducedType != null) {
            s.append(", columns=").append(nestedProducedType.getFieldNames());
            s.append(", read=").append(new RowType(nestedProjection.readFields).asSummaryString());
        } else if (projectedColumns != null) {
            s.append(", columns=").append(projectedColumns);
        }
        ParquetFilter filter = pushedFilter();
        if (filter != null) {
            s.append(", filter=[").append(filter).append(']');
        }
        if (selectedPartitions != null) {
            s.append(", partitions=").append(selectedPartitions.size());
        }
        if (limit != null) {
            s.append(", limit=").append(limit);
        }
        if (!metadataKeys.isEmpty()) {
            s.append(", metadata=").append(metadataKeys);
        }
        return s.append(')').toString();
    }

    @VisibleForTesting
    List<String> projectedColumns() {
        return projectedColumns == null
                ? physicalType.getFieldNames()
                : Collections.unmodifiableList(projectedColumns);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParquetDynamicTableSource)) {
            return false;
        }
        ParquetDynamicTableSource that = (ParquetDynamicTableSource) o;
        return tableName.equals(that.tableName)
                && config.equals(that.config)
                && physicalType.equals(that.physicalType)
                && partitionKeys.equals(that.partitionKeys)
                && Objects.equals(projectedColumns, that.projectedColumns)
                && Objects.equals(nestedProducedType, that.nestedProducedType)
                && Objects.equals(selectedPartitions, that.selectedPartitions)
                && Objects.equals(limit, that.limit)
                && Objects.equals(watermarkStrategy, that.watermarkStrategy)
                && filters.equals(that.filters)
                && metadataKeys.equals(that.metadataKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableName, physicalType, projectedColumns, filters);
    }

    /**
     * Emits each row without its first fields: a query that reads no physical column reads one and
     * emits only what follows it (nothing, or the metadata columns).
     */
    private static final class LeadingFieldDropper implements RecordConverter<RowData> {
        private static final long serialVersionUID = 1L;

        private final int dropped;
        private transient RowData.FieldGetter[] getters;

        LeadingFieldDropper(int dropped) {
            this.dropped = dropped;
        }

        private RowType kept(RowType rowType) {
            List<RowType.RowField> fields = rowType.getFields();
            return new RowType(rowType.isNullable(), fields.subList(dropped, fields.size()));
        }

        @Override
        public TypeInformation<RowData> producedType(RowType rowType) {
            return InternalTypeInfo.of(kept(rowType));
        }

        @Override
        public void open(RowType rowType) {
            RowType kept = kept(rowType);
            getters = new RowData.FieldGetter[kept.getFieldCount()];
            for (int i = 0; i < getters.length; i++) {
                getters[i] = RowData.createFieldGetter(kept.getTypeAt(i), dropped + i);
            }
        }

        @Override
        public RowData convert(RowData row) {
            GenericRowData out = new GenericRowData(row.getRowKind(), getters.length);
            for (int i = 0; i < getters.length; i++) {
                out.setField(i, getters[i].getFieldOrNull(row));
            }
            return out;
        }

        /** Strings point into the batch; {@code RowDataSerializer} copies them with the row. */
        @Override
        public boolean allowsBatchReuse() {
            return true;
        }
    }
}
