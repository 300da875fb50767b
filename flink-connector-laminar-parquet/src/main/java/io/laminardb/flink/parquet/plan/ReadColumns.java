package io.laminardb.flink.parquet.plan;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns a source reads, as {@link ReadSchemaResolver} resolved them: the produced columns
 * (the projection, file and partition columns in order), the columns read only for a filter, and
 * every Hive partition column. Immutable.
 */
@Internal
public final class ReadColumns {

    private final RowType producedType;
    private final List<RowType.RowField> filterOnlyFields;
    private final List<RowType.RowField> partitionFields;

    ReadColumns(
            RowType producedType,
            List<RowType.RowField> filterOnlyFields,
            List<RowType.RowField> partitionFields) {
        this.producedType = producedType;
        this.filterOnlyFields = List.copyOf(filterOnlyFields);
        this.partitionFields = List.copyOf(partitionFields);
    }

    /** The columns emitted, in order: projected file columns and partition columns. */
    public RowType producedType() {
        return producedType;
    }

    /** Columns a filter needs that the projection drops: read, checked, not emitted. */
    public List<RowType.RowField> filterOnlyFields() {
        return filterOnlyFields;
    }

    /** Every Hive partition column (projected or not), in directory order. */
    public RowType partitionType() {
        return new RowType(partitionFields);
    }

    /** The names of {@link #partitionType()}'s columns. */
    public List<String> partitionNames() {
        List<String> names = new ArrayList<>();
        partitionFields.forEach(f -> names.add(f.getName()));
        return names;
    }

    /**
     * The columns read from the files: produced and filter-only columns that are not partitions.
     */
    public RowType fileColumns() {
        List<String> partitions = partitionNames();
        List<RowType.RowField> file = new ArrayList<>();
        for (RowType.RowField field : producedType.getFields()) {
            if (!partitions.contains(field.getName())) {
                file.add(field);
            }
        }
        for (RowType.RowField field : filterOnlyFields) {
            if (!partitions.contains(field.getName())) {
                file.add(field);
            }
        }
        return new RowType(producedType.isNullable(), file);
    }
}
