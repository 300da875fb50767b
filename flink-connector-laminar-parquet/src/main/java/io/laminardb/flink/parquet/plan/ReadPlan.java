package io.laminardb.flink.parquet.plan;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.partition.PartitionPruner;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a source reads, as one immutable object that the enumerator and the readers both get: the
 * columns and the types they are read as, the layout of the emitted rows with their metadata
 * columns ({@link ReadSchema}), the filter rows must pass, and the pruning of files by their
 * partition values. The enumerator plans splits with it (partition directories, row-group
 * statistics); the readers read with it (page index, dictionaries, bloom filters, the exact row
 * filter, partition and metadata columns).
 */
@Internal
public final class ReadPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ReadSchema readSchema;
    @Nullable private final ParquetFilter filter;
    private final PartitionPruner partitionPruner;

    public ReadPlan(
            ReadSchema readSchema,
            @Nullable ParquetFilter filter,
            PartitionPruner partitionPruner) {
        this.readSchema = Objects.requireNonNull(readSchema);
        this.filter = filter;
        this.partitionPruner = Objects.requireNonNull(partitionPruner);
    }

    /** A plan that reads every row of the given columns, with no partition columns. */
    public static ReadPlan ofFileColumns(RowType fileColumns) {
        return new ReadPlan(ReadSchema.ofFileColumns(fileColumns), null, PartitionPruner.none());
    }

    /** The columns read and the layout of the emitted rows. */
    public ReadSchema readSchema() {
        return readSchema;
    }

    /**
     * Every column read (file columns, then partition columns) with the type it is read as: what
     * the filter is evaluated on and translated for.
     */
    public RowType readType() {
        return readSchema.readType();
    }

    /** The filter rows must pass, or null. */
    @Nullable
    public ParquetFilter filter() {
        return filter;
    }

    /** The exact row filter compiled for the read type, or null without a filter. */
    @Nullable
    public RowPredicate compileRowFilter() {
        return filter == null ? null : RowPredicate.compile(filter, readType());
    }

    /** Which partition directories may hold matching rows. */
    public PartitionPruner partitionPruner() {
        return partitionPruner;
    }
}
