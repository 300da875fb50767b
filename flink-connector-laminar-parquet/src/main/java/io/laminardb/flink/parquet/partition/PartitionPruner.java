package io.laminardb.flink.parquet.partition;

import io.laminardb.flink.parquet.enumerator.DiscoveredFile;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.filter.RowPredicate;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Skips whole files by their Hive partition values, before any footer is read: the parts of the
 * filter (top-level AND terms) that read only partition columns are evaluated on each file's
 * values, and a file is kept only when they are TRUE. Runs on the enumerator's I/O thread.
 */
@Internal
public final class PartitionPruner implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RowType partitionColumns;
    private final String defaultPartitionName;
    @Nullable private final ParquetFilter partitionFilter;
    @Nullable private transient RowPredicate predicate;

    public PartitionPruner(
            RowType partitionColumns, String defaultPartitionName, @Nullable ParquetFilter filter) {
        this.partitionColumns = partitionColumns;
        this.defaultPartitionName = defaultPartitionName;
        this.partitionFilter = filter == null ? null : partitionTerms(filter, partitionColumns);
    }

    /** The AND terms of the filter that read only partition columns, or null if there are none. */
    @Nullable
    static ParquetFilter partitionTerms(ParquetFilter filter, RowType partitionColumns) {
        List<ParquetFilter> terms = new ArrayList<>();
        List<ParquetFilter> conjuncts =
                filter instanceof ParquetFilter.And
                        ? ((ParquetFilter.And) filter).children()
                        : List.of(filter);
        for (ParquetFilter term : conjuncts) {
            if (!term.referencedColumns().isEmpty()
                    && partitionColumns.getFieldNames().containsAll(term.referencedColumns())) {
                terms.add(term);
            }
        }
        if (terms.isEmpty()) {
            return null;
        }
        return terms.size() == 1 ? terms.get(0) : ParquetFilter.and(terms);
    }

    /** Whether any file can be pruned at all. */
    public boolean prunes() {
        return partitionFilter != null;
    }

    /** Whether the file may hold matching rows. */
    public boolean keep(DiscoveredFile file) {
        if (partitionFilter == null) {
            return true;
        }
        if (predicate == null) {
            predicate = RowPredicate.compile(partitionFilter, partitionColumns);
        }
        GenericRowData values = new GenericRowData(partitionColumns.getFieldCount());
        for (int i = 0; i < partitionColumns.getFieldCount(); i++) {
            String name = partitionColumns.getFieldNames().get(i);
            String raw = file.partitionValues().get(name);
            if (raw == null) {
                return true; // not a partitioned file: the reader reports it
            }
            try {
                values.setField(
                        i,
                        HivePartitions.toInternal(
                                HivePartitions.value(raw, defaultPartitionName),
                                partitionColumns.getTypeAt(i)));
            } catch (IllegalArgumentException e) {
                return true; // the reader fails on it, naming file and column
            }
        }
        return predicate.test(values);
    }

    /** The files that may hold matching rows, in order. */
    public List<DiscoveredFile> prune(List<DiscoveredFile> files) {
        if (partitionFilter == null) {
            return files;
        }
        List<DiscoveredFile> kept = new ArrayList<>(files.size());
        for (DiscoveredFile file : files) {
            if (keep(file)) {
                kept.add(file);
            }
        }
        return kept;
    }
}
