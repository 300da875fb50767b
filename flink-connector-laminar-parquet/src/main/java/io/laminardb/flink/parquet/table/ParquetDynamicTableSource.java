package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.reader.MetadataColumn;
import io.laminardb.flink.parquet.reader.RecordConverter;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.source.ParquetSourceConfig;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SQL table source of {@code 'connector' = 'parquet'}: a {@link LaminarParquetSource} over the
 * table's physical columns, with top-level projection and filter pushdown. Created and configured
 * by the planner on the client (planner thread); {@link #getScanRuntimeProvider} builds the source,
 * which lists the path and learns the partition types then.
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
                SupportsReadingMetadata {

    private final String tableName;
    private final ParquetSourceConfig config;
    private final RowType physicalType;
    private final List<String> partitionKeys;

    /** The physical columns to emit, in order; all when null. */
    @Nullable private List<String> projectedColumns;

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

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        LaminarParquetSource<RowData> source = createSource();
        return SourceProvider.of(source, config.parallelism());
    }

    /** Builds the DataStream source this table reads with (lists the path, reads no footer). */
    @VisibleForTesting
    LaminarParquetSource<RowData> createSource() {
        List<String> columns =
                projectedColumns == null ? physicalType.getFieldNames() : projectedColumns;
        boolean emptyProjection = columns.isEmpty();
        LaminarParquetSourceBuilder<RowData> builder =
                emptyProjection
                        ? LaminarParquetSource.forRecords(new LeadingFieldDropper(1))
                        : LaminarParquetSource.forRowData();
        List<RowType.RowField> fileFields = new ArrayList<>();
        for (RowType.RowField field : physicalType.getFields()) {
            if (!partitionKeys.contains(field.getName())) {
                fileFields.add(field);
            }
        }
        builder.path(config.path())
                .mode(config.mode())
                .pollInterval(config.pollInterval())
                .batchSize(config.batchSize())
                .fileOrder(config.fileOrder())
                .hivePartitioning(config.hivePartitioning())
                .targetSplitSize(new MemorySize(config.targetSplitBytes()))
                .rowType(new RowType(physicalType.isNullable(), fileFields))
                // COUNT(*) projects no column: read the first one, emit empty rows.
                .columns(emptyProjection ? physicalType.getFieldNames().subList(0, 1) : columns);
        for (String key : metadataKeys) {
            // Named apart from the physical columns; the planner reads fields by position.
            builder.metadataColumn("$metadata$" + key, MetadataColumn.ofKey(key));
        }
        config.storageOptions().forEach(builder::storageOption);
        for (String key : partitionKeys) {
            builder.partitionColumn(key, physicalType.getTypeAt(physicalType.getFieldIndex(key)));
        }
        if (config.parallelism() != null) {
            builder.parallelism(config.parallelism());
        }
        if (config.eventTimeColumn() != null && columns.contains(config.eventTimeColumn())) {
            builder.eventTimeColumn(config.eventTimeColumn());
        }
        ParquetFilter filter = pushedFilter();
        if (filter != null) {
            builder.filter(filter);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new ValidationException(
                    "Cannot read Parquet table '" + tableName + "': " + e.getMessage(), e);
        }
    }

    @Nullable
    @VisibleForTesting
    ParquetFilter pushedFilter() {
        if (filters.isEmpty()) {
            return null;
        }
        return filters.size() == 1 ? filters.get(0) : ParquetFilter.and(filters);
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        List<String> names = new ArrayList<>();
        for (int[] path : projectedFields) {
            names.add(physicalType.getFieldNames().get(path[0]));
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
    }

    @Override
    public DynamicTableSource copy() {
        ParquetDynamicTableSource copy =
                new ParquetDynamicTableSource(
                        tableName, config, physicalType, partitionKeys, projectedColumns, filters);
        copy.metadataKeys = metadataKeys;
        return copy;
    }

    /** E.g. {@code ParquetSource(path=/data/t, columns=[id, price], filter=[price > 10.0])}. */
    @Override
    public String asSummaryString() {
        StringBuilder s = new StringBuilder("ParquetSource(path=").append(config.path());
        if (projectedColumns != null) {
            s.append(", columns=").append(projectedColumns);
        }
        ParquetFilter filter = pushedFilter();
        if (filter != null) {
            s.append(", filter=[").append(filter).append(']');
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
    }
}
