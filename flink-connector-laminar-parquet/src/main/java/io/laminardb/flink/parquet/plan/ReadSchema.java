package io.laminardb.flink.parquet.plan;

import io.laminardb.flink.parquet.partition.HivePartitions;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * What a reader reads and how it lays out the rows it emits: the columns read from the files, the
 * Hive partition columns taken from directory names, and, for each emitted field, which of the two
 * it is; then, after those, the {@link MetadataColumn}s asked for. Immutable.
 *
 * <p>The per-split and per-batch methods ({@link #partitionValues}, {@link #layout(ColumnVector[],
 * ColumnVector[], ColumnVector[])}, {@link #readVectors}) are public for the reader (another
 * package) and for tools/benchmark's PartitionInjectionBenchmark, which measures them.
 */
@Internal
public final class ReadSchema implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RowType producedType;
    private final RowType fileColumns;
    private final RowType partitionColumns;

    /** Per produced field: index into the file columns, or -(partition index) - 1. */
    private final int[] sources;

    private final String defaultPartitionName;

    /** The metadata columns emitted after the fields of {@link #sources}, in order. */
    private final List<MetadataColumn> metadataColumns;

    private ReadSchema(
            RowType producedType,
            RowType fileColumns,
            RowType partitionColumns,
            int[] sources,
            String defaultPartitionName,
            List<MetadataColumn> metadataColumns) {
        this.producedType = producedType;
        this.fileColumns = fileColumns;
        this.partitionColumns = partitionColumns;
        this.sources = sources;
        this.defaultPartitionName = defaultPartitionName;
        this.metadataColumns = List.copyOf(metadataColumns);
    }

    /** Only file columns. */
    public static ReadSchema ofFileColumns(RowType fileColumns) {
        int[] sources = new int[fileColumns.getFieldCount()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = i;
        }
        return new ReadSchema(
                fileColumns,
                fileColumns,
                new RowType(List.of()),
                sources,
                HivePartitions.DEFAULT_PARTITION_NAME,
                List.of());
    }

    /**
     * The produced fields, each either a file column or a partition column (by name, {@code
     * partitionNames} tells which), plus fields that are read but not emitted ({@code
     * filterOnlyFields}: columns a filter needs that the projection drops).
     */
    public static ReadSchema of(
            RowType producedType,
            List<RowType.RowField> filterOnlyFields,
            List<String> partitionNames,
            String defaultPartitionName) {
        List<RowType.RowField> file = new ArrayList<>();
        List<RowType.RowField> partitions = new ArrayList<>();
        int[] sources = new int[producedType.getFieldCount()];
        for (int i = 0; i < sources.length; i++) {
            RowType.RowField field = producedType.getFields().get(i);
            if (partitionNames.contains(field.getName())) {
                sources[i] = -partitions.size() - 1;
                partitions.add(field);
            } else {
                sources[i] = file.size();
                file.add(field);
            }
        }
        for (RowType.RowField field : filterOnlyFields) {
            (partitionNames.contains(field.getName()) ? partitions : file).add(field);
        }
        for (RowType.RowField field : partitions) {
            checkArgument(
                    HivePartitions.isSupported(field.getType()),
                    "Partition column '%s' cannot be of type %s",
                    field.getName(),
                    field.getType().asSummaryString());
        }
        return new ReadSchema(
                producedType,
                new RowType(producedType.isNullable(), file),
                new RowType(partitions),
                sources,
                defaultPartitionName,
                List.of());
    }

    /**
     * This schema with metadata columns emitted after its fields, named {@code names} (one per
     * column, distinct from the other fields' names).
     */
    public ReadSchema withMetadata(List<String> names, List<MetadataColumn> columns) {
        checkArgument(names.size() == columns.size(), "One name per metadata column");
        List<RowType.RowField> fields = new ArrayList<>(producedType.getFields());
        for (int i = 0; i < columns.size(); i++) {
            String name = names.get(i);
            for (RowType.RowField field : fields) {
                checkArgument(
                        !field.getName().equals(name),
                        "Metadata column '%s' has the name of another column",
                        name);
            }
            fields.add(new RowType.RowField(name, columns.get(i).type()));
        }
        List<MetadataColumn> all = new ArrayList<>(metadataColumns);
        all.addAll(columns);
        return new ReadSchema(
                new RowType(producedType.isNullable(), fields),
                fileColumns,
                partitionColumns,
                sources,
                defaultPartitionName,
                all);
    }

    /** Every column read, file columns then partition columns: what a filter is evaluated on. */
    public RowType readType() {
        List<RowType.RowField> fields = new ArrayList<>(fileColumns.getFields());
        fields.addAll(partitionColumns.getFields());
        return new RowType(fields);
    }

    /** The vectors of {@link #readType()} for a batch. */
    public ColumnVector[] readVectors(ColumnVector[] fileVectors, ColumnVector[] partitionVectors) {
        if (partitionVectors.length == 0) {
            return fileVectors;
        }
        ColumnVector[] all = new ColumnVector[fileVectors.length + partitionVectors.length];
        System.arraycopy(fileVectors, 0, all, 0, fileVectors.length);
        System.arraycopy(partitionVectors, 0, all, fileVectors.length, partitionVectors.length);
        return all;
    }

    public RowType producedType() {
        return producedType;
    }

    /** The columns read from the files, in the order they are decoded. */
    public RowType fileColumns() {
        return fileColumns;
    }

    public RowType partitionColumns() {
        return partitionColumns;
    }

    public String defaultPartitionName() {
        return defaultPartitionName;
    }

    /** The metadata columns emitted after the data columns, in order. */
    public List<MetadataColumn> metadataColumns() {
        return metadataColumns;
    }

    /**
     * A file's values of the partition columns in Flink's internal form (null for the default
     * partition), parsed from its raw directory values and checked against the columns' types; an
     * error names the file and the column.
     */
    public Object[] partitionValues(Path path, Map<String, String> rawValues) {
        Object[] values = new Object[partitionColumns.getFieldCount()];
        for (int p = 0; p < values.length; p++) {
            String name = partitionColumns.getFieldNames().get(p);
            LogicalType type = partitionColumns.getTypeAt(p);
            if (!rawValues.containsKey(name)) {
                throw new IllegalArgumentException(
                        "File "
                                + path
                                + " has no directory '"
                                + name
                                + "=...' for partition column '"
                                + name
                                + "'; its partition directories are "
                                + rawValues.keySet());
            }
            String value = HivePartitions.value(rawValues.get(name), defaultPartitionName);
            Object internal;
            try {
                internal = HivePartitions.toInternal(value, type);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Partition column '" + name + "' of file " + path + ": " + e.getMessage(),
                        e);
            }
            if (internal == null && !type.isNullable()) {
                throw new IllegalArgumentException(
                        "Partition column '"
                                + name
                                + "' is NOT NULL, but file "
                                + path
                                + " is in the default partition (NULL)");
            }
            values[p] = internal;
        }
        return values;
    }

    /** The produced columns of a batch without metadata columns. */
    public ColumnVector[] layout(ColumnVector[] fileVectors, ColumnVector[] partitionVectors) {
        return layout(fileVectors, partitionVectors, new ColumnVector[0]);
    }

    /**
     * The produced columns of a batch from its file columns, the split's partition vectors and the
     * batch's metadata vectors (one per {@link #metadataColumns()}).
     */
    public ColumnVector[] layout(
            ColumnVector[] fileVectors,
            ColumnVector[] partitionVectors,
            ColumnVector[] metadataVectors) {
        if (partitionVectors.length == 0
                && metadataVectors.length == 0
                && fileVectors.length == sources.length) {
            return fileVectors;
        }
        ColumnVector[] out = new ColumnVector[sources.length + metadataVectors.length];
        for (int i = 0; i < sources.length; i++) {
            int source = sources[i];
            out[i] = source >= 0 ? fileVectors[source] : partitionVectors[-source - 1];
        }
        System.arraycopy(metadataVectors, 0, out, sources.length, metadataVectors.length);
        return out;
    }
}
